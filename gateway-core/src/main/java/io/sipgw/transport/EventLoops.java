package io.sipgw.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.util.NettyRuntime;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The event-loop group of the gateway and the channel types that fit it: native epoll on Linux when available,
 * NIO otherwise, one thread per core unless told otherwise.
 */
public final class EventLoops implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventLoops.class);

    private final EventLoopGroup group;
    private final int threads;
    private final boolean epoll;

    /**
     * Starts {@code threads} event loops, on epoll when {@code preferEpoll} is set and the native library loads.
     *
     * @param threads     the number of event-loop threads, at least 1; see {@link #defaultThreads()}
     * @param preferEpoll use the native epoll transport when available, NIO otherwise
     * @param threadName  the prefix of the threads' names, e.g. {@code "sip-io"}
     */
    public EventLoops(int threads, boolean preferEpoll, String threadName) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.threads = threads;
        this.epoll = preferEpoll && Epoll.isAvailable();
        if (preferEpoll && !epoll) {
            log.info("native epoll transport unavailable, using NIO: {}", Epoll.unavailabilityCause().toString());
        }
        IoHandlerFactory handlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadName, true), handlers);
    }

    /** One thread per available core (Netty's own default is two per core; a SIP signalling loop rarely blocks). */
    public static int defaultThreads() {
        return NettyRuntime.availableProcessors();
    }

    /** The event-loop group; every call is owned by one of its loops. */
    public EventLoopGroup group() {
        return group;
    }

    /** The number of event loops in the group. */
    public int threads() {
        return threads;
    }

    /** Whether the group runs on the native epoll transport. */
    public boolean isEpoll() {
        return epoll;
    }

    /** The datagram channel class that registers with this group. */
    public Class<? extends DatagramChannel> datagramChannelType() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /** A factory of datagram channels that register with this group (e.g. for a DNS resolver). */
    public ChannelFactory<DatagramChannel> datagramChannelFactory() {
        return epoll ? EpollDatagramChannel::new : NioDatagramChannel::new;
    }

    /** The server socket channel class that registers with this group. */
    public Class<? extends ServerSocketChannel> serverChannelType() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The (client or accepted) socket channel class that registers with this group. */
    public Class<? extends SocketChannel> socketChannelType() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /**
     * Whether several datagram channels may bind the same address with {@code SO_REUSEPORT}, so that the kernel
     * spreads incoming datagrams over all event loops (epoll only).
     */
    public boolean supportsReusePort() {
        return epoll;
    }

    /**
     * How many datagram channels to bind on one listening address: one per event loop with {@code SO_REUSEPORT},
     * otherwise a single channel (whose loop then hands messages to their owners).
     */
    public int datagramChannelsPerAddress() {
        return supportsReusePort() ? threads : 1;
    }

    /**
     * A bootstrap for datagram channels on this group, with {@code SO_REUSEPORT} set when supported; bind it
     * {@link #datagramChannelsPerAddress()} times to the same address to get one channel per event loop.
     */
    public Bootstrap datagramBootstrap() {
        Bootstrap bootstrap = new Bootstrap().group(group).channelFactory(datagramChannelFactory());
        if (supportsReusePort()) {
            bootstrap.option(UnixChannelOption.SO_REUSEPORT, true);
        }
        return bootstrap;
    }

    /** A bootstrap for stream listeners (TCP, TLS) whose accepted channels run on this group too. */
    public ServerBootstrap serverBootstrap() {
        return new ServerBootstrap().group(group).channel(serverChannelType());
    }

    /** A bootstrap for outbound stream connections (TCP, TLS) on this group. */
    public Bootstrap clientBootstrap() {
        return new Bootstrap().group(group).channel(socketChannelType());
    }

    /** Stops the event loops after {@code quietMillis} without new tasks, at most {@code timeoutMillis} from now. */
    public Future<?> shutdownGracefully(long quietMillis, long timeoutMillis) {
        return group.shutdownGracefully(quietMillis, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops the event loops at once and waits (up to a few seconds) for them to finish; never call from a loop. */
    @Override
    public void close() {
        shutdownGracefully(0, 5_000).syncUninterruptibly();
    }
}
