package io.sipgw.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.Future;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** A TLS server on 127.0.0.1 with an ephemeral port, and clients that connect to it and report their handshake. */
final class TlsLoopback implements AutoCloseable {

    /** The outcome of one client handshake: the negotiated protocol version, or why it failed. */
    record Handshake(String protocol, Throwable failure) {
    }

    private final EventLoops loops = new EventLoops(1, false, "tls-loopback");
    /**
     * What the server saw of one successful handshake, copied when it completed (an OpenSSL session forgets its
     * SNI once the connection is closed).
     */
    record ServerSide(List<SNIServerName> serverNames, String applicationProtocol) {
    }

    private final BlockingQueue<ServerSide> serverSides = new LinkedBlockingQueue<>();
    private final Channel server;

    TlsLoopback(SslContext serverContext) throws InterruptedException {
        server = loops.serverBootstrap()
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        SslHandler tls = serverContext.newHandler(ch.alloc());
                        ch.pipeline().addLast(tls, new ChannelInboundHandlerAdapter() {
                            @Override
                            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                                if (event instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
                                    SSLSession session = tls.engine().getSession();
                                    serverSides.add(new ServerSide(
                                            ((ExtendedSSLSession) session).getRequestedServerNames(),
                                            tls.applicationProtocol()));
                                }
                                ctx.fireUserEventTriggered(event);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close(); // a failed handshake; the client side reports it
                            }
                        });
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    /** The port the server listens on. */
    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Connects a client whose TLS handler {@code clientTls} makes, waits for the handshake and closes. */
    Handshake connect(Function<Channel, SslHandler> clientTls) throws InterruptedException {
        // Kept here: a handshake that fails at once closes the channel and empties its pipeline before connect
        // returns.
        AtomicReference<SslHandler> handler = new AtomicReference<>();
        Channel client = loops.clientBootstrap()
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        handler.set(clientTls.apply(ch));
                        ch.pipeline().addLast(handler.get(), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close(); // reported through the handshake future
                            }
                        });
                    }
                })
                .connect("127.0.0.1", port()).sync().channel();
        try {
            SslHandler tls = handler.get();
            Future<Channel> handshake = tls.handshakeFuture();
            if (!handshake.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("TLS handshake did not finish in 10 s");
            }
            return handshake.isSuccess()
                    ? new Handshake(tls.engine().getSession().getProtocol(), null)
                    : new Handshake(null, handshake.cause());
        } finally {
            client.close().sync();
        }
    }

    /** The server's view of the next successful handshake. */
    ServerSide nextServerSide() throws InterruptedException {
        ServerSide side = serverSides.poll(5, TimeUnit.SECONDS);
        if (side == null) {
            throw new AssertionError("the server completed no handshake");
        }
        return side;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        loops.close();
    }
}
