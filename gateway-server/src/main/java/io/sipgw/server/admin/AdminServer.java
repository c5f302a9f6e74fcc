package io.sipgw.server.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sipgw.server.GatewayMetrics;
import io.sipgw.server.Readiness;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The health and metrics HTTP server for load balancers and Prometheus, on its own single event-loop thread. */
public final class AdminServer implements AutoCloseable {

    /** Requests are bodiless GETs; anything larger is not a probe. */
    private static final int MAX_REQUEST_BYTES = 8 * 1024;
    /** An idle scraper connection is closed after this long, so stale sockets do not pile up. */
    private static final int IDLE_SECONDS = 60;

    private final InetSocketAddress bindAddress;
    private final Readiness readiness;
    private final GatewayMetrics metrics;
    private EventLoopGroup group;
    private Channel channel;

    public AdminServer(InetSocketAddress bindAddress, Readiness readiness, GatewayMetrics metrics) {
        this.bindAddress = bindAddress;
        this.readiness = readiness;
        this.metrics = metrics;
    }

    /**
     * Binds and starts serving; returns the bound address (its port is the real one when port 0 was asked).
     *
     * @throws IOException when the address cannot be bound (port taken, address not local)
     */
    public synchronized InetSocketAddress start() throws IOException {
        if (channel != null) {
            throw new IllegalStateException("already started");
        }
        // Separate from the SIP event loops so that a slow scrape never delays a SIP message.
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("sipgw-admin"),
                NioIoHandler.newFactory());
        ChannelFuture bound = new ServerBootstrap()
                .group(loops)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new ReadTimeoutHandler(IDLE_SECONDS, TimeUnit.SECONDS))
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                .addLast(new AdminHandler(readiness, metrics));
                    }
                })
                .bind(bindAddress)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            Throwable cause = bound.cause();
            throw new IOException("the admin HTTP server cannot listen on " + bindAddress + ": " + cause.getMessage(),
                    cause);
        }
        group = loops;
        channel = bound.channel();
        return localAddress();
    }

    /** The bound address, or null before {@link #start()}. */
    public synchronized InetSocketAddress localAddress() {
        return channel == null ? null : (InetSocketAddress) channel.localAddress();
    }

    /** Closes the listening socket and stops the event loop; safe to call twice. */
    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
            channel = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
    }
}
