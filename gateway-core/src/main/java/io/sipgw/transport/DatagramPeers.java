package io.sipgw.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A socket connected to each UDP next hop, so that the gateway learns when one is unreachable (RFC 3261 section
 * 18.4: an ICMP port, host or network unreachable SHOULD be reported as a failure to send). An unconnected socket
 * never hears of those errors, and a dead Twilio port would show only as Timer B's 408 after 32 s. Linux hands an
 * ICMP error to the socket that a datagram from the peer would reach, whichever socket sent the datagram that
 * caused it; a connected socket bound where the gateway's listening socket is (SO_REUSEPORT) is that socket, so
 * datagrams still leave from the listening socket of the loop that sends them (no hand-over between loops), and
 * the error arrives on the connected socket's next read. The peer is then marked unreachable, and every send to
 * it fails at once (a transport error, RFC 3261 section 17.1.4) until a datagram arrives from it or
 * {@link #UNREACHABLE_HOLD} passes without a new error. The request that met the error is retransmitted after T1,
 * that retransmission fails, and the caller hears 503 well within a second.
 *
 * <p>The peer's own datagrams (responses, requests) reach the connected socket too, ahead of the listeners, and are
 * read by the listener's pipeline; the loop that reads it is chosen to spread the load ({@link #readingLoop}).
 * There is one such socket per peer for the whole process: an error reaches only one socket of a 4-tuple. At most
 * {@link #MAX_PEERS} peers have one (beyond, ICMP errors from the others go unnoticed, as without SO_REUSEPORT); a
 * socket idle for {@link #IDLE} closes. Thread-safe.
 */
final class DatagramPeers {

    /** How long after an ICMP error sends to the peer fail: longer than T1, so the first retransmission sees it. */
    static final Duration UNREACHABLE_HOLD = Duration.ofSeconds(2);
    /** The peers with a connected socket at most: the few addresses of the callee side, with room. */
    static final int MAX_PEERS = 256;
    /** A peer's socket closes after this long without a datagram read or written on it (the next send reopens it). */
    static final Duration IDLE = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(DatagramPeers.class);

    private final EventLoops loops;
    private final ChannelHandler pipeline;
    private final Map<InetSocketAddress, Peer> peers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param pipeline sets up each connected channel to read as the listening channels do (shareable)
     */
    DatagramPeers(EventLoops loops, ChannelHandler pipeline) {
        this.loops = loops;
        this.pipeline = pipeline;
    }

    /** Whether this transport can connect a socket beside a listening one: SO_REUSEPORT (epoll). */
    static boolean supported(EventLoops loops) {
        return loops.supportsReusePort();
    }

    /**
     * Before a datagram to {@code peer} leaves through {@code listening} from {@code loop}: a failed future when the
     * peer is marked unreachable; {@code listening} once the peer's connected socket is open, when it is still
     * opening (so that the error the first datagram meets is not lost); else {@code null}, to send at once. Opens
     * the peer's connected socket when it has none (on the loop {@link #readingLoop} picks), unless the cap is
     * reached.
     */
    Future<Channel> beforeSend(EventLoop loop, InetSocketAddress peer, Channel listening) {
        Peer existing = peers.get(peer);
        if (existing == null) {
            if (closed || peers.size() >= MAX_PEERS) {
                return null;
            }
            EventLoop owner = readingLoop(loop);
            Peer created = new Peer(peer, owner.newPromise());
            existing = peers.putIfAbsent(peer, created);
            if (existing == null) {
                existing = created;
                connect(owner, created, listening);
            }
        }
        return existing.acquire(loop, listening);
    }

    /**
     * The loop that reads a new peer's socket: the one after {@code sender} in the group. The peer's datagrams all
     * arrive on that socket, and the first sender is the loop of the calls from one caller address (the listeners'
     * SO_REUSEPORT hash), so this keeps a caller's and its callee's traffic apart.
     */
    private EventLoop readingLoop(EventLoop sender) {
        EventLoop first = null;
        boolean next = false;
        for (EventExecutor executor : loops.group()) {
            EventLoop loop = (EventLoop) executor;
            if (next) {
                return loop;
            }
            if (first == null) {
                first = loop;
            }
            next = loop == sender;
        }
        return first == null ? sender : first;
    }

    /** Whether {@code peer} is marked unreachable now. */
    boolean unreachable(InetSocketAddress peer) {
        Peer existing = peers.get(peer);
        return existing != null && existing.isUnreachable();
    }

    /** The number of peers with a connected socket open or opening. */
    int size() {
        return peers.size();
    }

    /** Closes every connected socket; later calls of {@link #channel} give {@code null}. */
    List<ChannelFuture> close() {
        closed = true;
        List<ChannelFuture> closing = new ArrayList<>();
        for (Peer peer : peers.values()) {
            Channel channel = peer.channel;
            if (channel != null) {
                closing.add(channel.close());
            }
        }
        return closing;
    }

    private void connect(EventLoop loop, Peer peer, Channel listening) {
        SocketAddress local = listening.localAddress();
        String name = NetUtil.toSocketAddressString(peer.address);
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channelFactory(loops.datagramChannelFactory())
                .option(UnixChannelOption.SO_REUSEPORT, true)
                .option(ChannelOption.SO_RCVBUF, listening.config().getOption(ChannelOption.SO_RCVBUF))
                .option(ChannelOption.SO_SNDBUF, listening.config().getOption(ChannelOption.SO_SNDBUF))
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, IDLE.toSeconds(), TimeUnit.SECONDS));
                        ch.pipeline().addLast("reachability", new Reachability(peer));
                        ch.pipeline().addLast(pipeline);
                    }
                });
        ChannelFuture connect = bootstrap.connect(peer.address, local);
        Channel channel = connect.channel();
        peer.channel = channel;
        channel.closeFuture().addListener(f -> {
            // A peer whose socket never opened stays, so that its datagrams keep leaving unconnected.
            if (peer.ready.isSuccess()) {
                peers.remove(peer.address, peer);
            }
        });
        connect.addListener(f -> {
            if (f.isSuccess()) {
                log.debug("UDP to {} through a socket connected from {}", name, local);
                peer.ready.trySuccess(channel);
            } else {
                // ICMP errors from this peer go unnoticed from now on; the peer stays in the map to say so.
                log.info("UDP to {} cannot use a connected socket ({}); ICMP errors from it will go unnoticed",
                        name, f.cause().toString());
                peer.ready.tryFailure(f.cause());
            }
        });
        if (closed) {
            channel.close();
        }
    }

    /**
     * Whether {@code cause}, raised by a connected datagram socket, reports an ICMP port, host or network
     * unreachable (ECONNREFUSED, EHOSTUNREACH, ENETUNREACH).
     */
    static boolean isUnreachable(Throwable cause) {
        return unreachability(cause) != null;
    }

    /** What {@code cause} says is unreachable ("port", "host", "network"), or {@code null} when it is no such error. */
    static String unreachability(Throwable cause) {
        if (cause instanceof PortUnreachableException) {
            return "port";
        }
        if (cause instanceof NoRouteToHostException) {
            return "host";
        }
        if (cause instanceof Errors.NativeIoException error) {
            int errno = error.expectedErr();
            if (errno == Errors.ERROR_ECONNREFUSED_NEGATIVE) {
                return "port";
            }
            if (errno == Errors.ERROR_EHOSTUNREACH_NEGATIVE) {
                return "host";
            }
            if (errno == Errors.ERROR_ENETUNREACH_NEGATIVE) {
                return "network";
            }
        }
        return null;
    }

    /** One peer: its connected channel, and when it last proved unreachable. */
    private static final class Peer {

        final InetSocketAddress address;
        /** Succeeds with the connected channel; fails when it could not be opened. */
        final Promise<Channel> ready;
        volatile Channel channel;
        /** {@link System#nanoTime()} of the last ICMP error, 0 when none since the peer last sent something. */
        volatile long unreachableAt;
        volatile String reason;

        Peer(InetSocketAddress address, Promise<Channel> ready) {
            this.address = address;
            this.ready = ready;
        }

        boolean isUnreachable() {
            long at = unreachableAt;
            return at != 0 && System.nanoTime() - at < UNREACHABLE_HOLD.toNanos();
        }

        Future<Channel> acquire(EventLoop loop, Channel listening) {
            if (isUnreachable()) {
                return loop.newFailedFuture(new PortUnreachableException(reason));
            }
            if (ready.isDone()) {
                return null;
            }
            Promise<Channel> opened = loop.newPromise();
            ready.addListener(f -> opened.trySuccess(listening));
            return opened;
        }

        void unreachable(Throwable cause) {
            boolean first = unreachableAt == 0;
            reason = "ICMP " + unreachability(cause) + " unreachable from UDP " + NetUtil.toSocketAddressString(address);
            unreachableAt = Math.max(1, System.nanoTime());
            if (first) {
                log.warn("{}: requests to it fail for {} s after each such error, until it sends something", reason,
                        UNREACHABLE_HOLD.toSeconds());
            }
        }

        void heard() {
            if (unreachableAt != 0) {
                unreachableAt = 0;
                log.info("UDP peer {} is reachable again", NetUtil.toSocketAddressString(address));
            }
        }
    }

    /** First in a connected channel's pipeline: turns ICMP errors into the peer's mark, a datagram clears it. */
    private static final class Reachability extends ChannelDuplexHandler {

        private final Peer peer;

        Reachability(Peer peer) {
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            peer.heard();
            ctx.fireChannelRead(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (isUnreachable(cause)) {
                peer.unreachable(cause);
            } else {
                ctx.fireExceptionCaught(cause);
            }
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            // The error may come back from the send itself when the socket had it pending.
            ctx.write(msg, promise.unvoid()).addListener(f -> {
                if (!f.isSuccess() && isUnreachable(f.cause())) {
                    peer.unreachable(f.cause());
                }
            });
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }
    }
}
