package io.sipgw.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.DefaultAddressedEnvelope;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.PromiseNotifier;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.codec.SipDatagramDecoder;
import io.sipgw.sip.codec.SipMessageDecoder;
import io.sipgw.sip.codec.SipMessageEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outbound connections of one event loop: a map from connection identity to connection, and the loop's UDP
 * channel. Every method must be called on {@link #loop()}, which owns all of this state (no locks); the channels
 * it opens are registered on that loop too, so that what arrives on them is read there.
 */
final class OutboundPool {

    private static final Logger log = LoggerFactory.getLogger(OutboundPool.class);

    /**
     * The identity of a pooled stream connection. RFC 3261 section 18 indexes connections by the far end's address,
     * port and transport; a TLS connection also by the name its certificate was checked against, since a
     * certificate valid for one domain proves nothing about another at the same address (RFC 5922 section 4.1).
     */
    private record Key(ConnectionKey connection, String serverName) {
        static Key of(ResolvedTarget target) {
            return new Key(target.connectionKey(),
                    target.transport().isSecure() ? HostNames.normalise(target.serverName()) : "");
        }
    }

    /** One stream connection: its channel, how its connect went, and its promise of being ready for messages. */
    private static final class Connection {
        final Key key;
        final ResolvedTarget target;
        final String description;
        final Promise<Channel> ready;
        ChannelFuture connect;
        /** The channel's TLS handler, or null for TCP. */
        SslHandler tls;
        boolean retired;

        Connection(Key key, ResolvedTarget target, Promise<Channel> ready) {
            this.key = key;
            this.target = target;
            this.description = describe(target);
            this.ready = ready;
        }

        Channel channel() {
            return connect.channel();
        }
    }

    private final EventLoop loop;
    private final EventLoops loops;
    private final SslContext tlsClient;
    private final OutboundSettings settings;
    private final OutboundListener listener;
    /** Stream connections open or opening over all pools; the only state shared between loops. */
    private final AtomicInteger openConnections;
    /** The caller's UDP channels, or null when this pool binds its own. */
    private final OutboundConnections.DatagramChannels datagramChannels;
    /** The UDP peers reached through a connected socket, shared by the pools; null when none are. */
    private final DatagramPeers peers;
    private final Map<Key, Connection> connections = new HashMap<>();
    /** The encoder holds no state, so the pool's channels share one. */
    private final SipMessageEncoder encoder = new SipMessageEncoder();
    private Future<Channel> datagramChannel;
    private boolean closed;

    OutboundPool(EventLoop loop, EventLoops loops, SslContext tlsClient, OutboundSettings settings,
                 OutboundListener listener, AtomicInteger openConnections,
                 OutboundConnections.DatagramChannels datagramChannels, DatagramPeers peers) {
        this.loop = loop;
        this.loops = loops;
        this.tlsClient = tlsClient;
        this.settings = settings;
        this.listener = listener;
        this.openConnections = openConnections;
        this.datagramChannels = datagramChannels;
        this.peers = peers;
    }

    EventLoop loop() {
        return loop;
    }

    /**
     * Writes {@code message} to {@code target} over a pooled or new connection, or the loop's UDP channel, and
     * completes {@code sent} with the outcome of the write. Takes over one reference of {@code message}.
     */
    void send(ResolvedTarget target, SipMessage message, Promise<Void> sent) {
        Future<Channel> channel = acquire(target);
        if (channel.isDone()) {
            write(channel, target, message, sent);
        } else {
            channel.addListener(f -> write(channel, target, message, sent));
        }
    }

    private static void write(Future<Channel> acquired, ResolvedTarget target, SipMessage message,
                              Promise<Void> sent) {
        if (!acquired.isSuccess()) {
            message.release();
            sent.tryFailure(acquired.cause());
            return;
        }
        Channel channel = acquired.getNow();
        // The channel's encoder, or its outbound buffer when the write fails, releases the reference.
        Object out = target.transport() == TransportKind.UDP
                ? new DefaultAddressedEnvelope<>(message, target.address())
                : message;
        PromiseNotifier.cascade(channel.writeAndFlush(out), sent);
    }

    /**
     * The channel to write to {@code target} through: the loop's UDP channel, or a stream connection that is
     * connected and, for TLS, past its handshake. A connection being opened is shared by every caller meanwhile.
     */
    Future<Channel> acquire(ResolvedTarget target) {
        if (closed) {
            return loop.newFailedFuture(new IOException("outbound connections are closed"));
        }
        if (target.transport() == TransportKind.UDP) {
            Future<Channel> listening = datagramChannel();
            if (peers != null && listening.isSuccess()) {
                Future<Channel> gate = peers.beforeSend(loop, target.address(), listening.getNow());
                if (gate != null) {
                    return gate;
                }
            }
            return listening;
        }
        Key key = Key.of(target);
        Connection existing = connections.get(key);
        if (existing != null) {
            if (!existing.ready.isDone() || (existing.ready.isSuccess() && existing.channel().isActive())) {
                return existing.ready;
            }
            // Closed, and its close not yet seen: reconnect on demand.
            retire(existing);
        }
        if (openConnections.incrementAndGet() > settings.maxConnections()) {
            openConnections.decrementAndGet();
            return loop.newFailedFuture(
                    new OutboundLimitExceededException(settings.maxConnections(), describe(target)));
        }
        return connect(key, target).ready;
    }

    private Connection connect(Key key, ResolvedTarget target) {
        Promise<Channel> ready = loop.newPromise();
        // Shared by every caller waiting for the connection: one of them must not cancel it for the others.
        ready.setUncancellable();
        Connection connection = new Connection(key, target, ready);
        connections.put(key, connection);
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(loops.socketChannelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                // One write per message; Nagle would only delay it.
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        initStream(ch, connection);
                    }
                });
        connection.connect = bootstrap.connect(target.address());
        connection.connect.addListener(f -> connected(connection));
        connection.channel().closeFuture().addListener(f -> closed(connection));
        return connection;
    }

    private void initStream(Channel ch, Connection connection) {
        ResolvedTarget target = connection.target;
        ChannelPipeline pipeline = ch.pipeline();
        if (!settings.idleTimeout().isZero()) {
            // Next to the socket, so that TLS records and CRLF keep-alives (RFC 5626 section 3.5.1) count as traffic.
            pipeline.addLast("idle", new IdleStateHandler(0, 0, settings.idleTimeout().toMillis(),
                    TimeUnit.MILLISECONDS));
        }
        if (target.transport().isSecure()) {
            connection.tls = TlsContexts.newClientHandler(tlsClient, ch.alloc(), target.serverName(),
                    target.address().getPort());
            connection.tls.setHandshakeTimeoutMillis(settings.connectTimeout().toMillis());
            pipeline.addLast("tls", connection.tls);
        }
        pipeline.addLast("decoder", new SipMessageDecoder(settings.codecLimits()));
        pipeline.addLast("encoder", encoder);
        pipeline.addLast("outbound", new OutboundHandler(listener, () -> retire(connection), connection.description));
    }

    private void connected(Connection connection) {
        if (!connection.connect.isSuccess()) {
            // Refused, unreachable or timed out: fail at once, so the caller can answer 503 long before timer B.
            fail(connection);
            return;
        }
        if (connection.tls == null) {
            ready(connection);
        } else {
            connection.tls.handshakeFuture().addListener(handshake -> {
                if (handshake.isSuccess()) {
                    ready(connection);
                } else {
                    fail(connection);
                }
            });
        }
    }

    private void ready(Connection connection) {
        if (connection.ready.trySuccess(connection.channel())) {
            log.debug("outbound connection {} open from {}", connection.description,
                    connection.channel().localAddress());
        }
    }

    private void fail(Connection connection) {
        // Out of the pool before the waiting sends learn of it, so that a retry opens a new connection.
        retire(connection);
        connection.ready.tryFailure(whyNotReady(connection));
        connection.channel().close();
    }

    private void closed(Connection connection) {
        retire(connection);
        // Bootstrap closes a channel whose connect failed before telling the connect's other listeners.
        if (connection.ready.tryFailure(whyNotReady(connection))) {
            log.debug("outbound connection {} closed before it was ready", connection.description);
        } else {
            log.debug("outbound connection {} closed", connection.description);
        }
    }

    /** The connect's failure, the TLS handshake's described, or else that the channel closed. */
    private static Throwable whyNotReady(Connection connection) {
        if (connection.connect.isDone() && !connection.connect.isSuccess()) {
            return connection.connect.cause();
        }
        Future<Channel> handshake = connection.tls == null ? null : connection.tls.handshakeFuture();
        if (handshake != null && handshake.isDone() && !handshake.isSuccess()) {
            return OutboundTlsFailures.describe(handshake.cause(), connection.target.serverName(),
                    connection.target.address());
        }
        return new IOException("outbound connection " + connection.description + " closed before it was ready");
    }

    /** Takes a connection out of the pool and out of the count, once; the next send opens a new one. */
    private void retire(Connection connection) {
        if (connection.retired) {
            return;
        }
        connection.retired = true;
        connections.remove(connection.key, connection);
        openConnections.decrementAndGet();
    }

    // ---------------------------------------------------------------- UDP

    private Future<Channel> datagramChannel() {
        if (datagramChannel != null && (!datagramChannel.isDone()
                || (datagramChannel.isSuccess() && datagramChannel.getNow().isOpen()))) {
            return datagramChannel;
        }
        if (datagramChannels != null) {
            try {
                datagramChannel = loop.newSucceededFuture(
                        Objects.requireNonNull(datagramChannels.forLoop(loop), "no UDP channel for " + loop));
            } catch (RuntimeException e) {
                return loop.newFailedFuture(e);
            }
        } else {
            datagramChannel = bindDatagramChannel();
        }
        return datagramChannel;
    }

    /**
     * An unconnected datagram channel on an ephemeral port of every interface, so that one channel reaches IPv4 and
     * IPv6 peers; responses sent to its port (RFC 3581 {@code rport}) are read and handed to the listener.
     */
    private Future<Channel> bindDatagramChannel() {
        ChannelFuture bind = new Bootstrap()
                .group(loop)
                .channelFactory(loops.datagramChannelFactory())
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast("decoder", new SipDatagramDecoder(settings.codecLimits()));
                        ch.pipeline().addLast("encoder", encoder);
                        ch.pipeline().addLast("outbound", new OutboundHandler(listener, () -> { }, "UDP"));
                    }
                })
                .bind(new InetSocketAddress(0));
        Promise<Channel> bound = loop.newPromise();
        bound.setUncancellable();
        bind.addListener(f -> {
            if (f.isSuccess()) {
                log.debug("outbound UDP channel bound to {}", bind.channel().localAddress());
                bound.setSuccess(bind.channel());
            } else {
                bound.setFailure(f.cause());
            }
        });
        return bound;
    }

    // ---------------------------------------------------------------- life cycle

    /**
     * Closes every connection and the pool's own UDP channel; later sends fail. The future completes once the
     * channels' inactive and deregister events have run too, so that their handlers have released what they held.
     */
    Future<Void> close() {
        closed = true;
        for (Connection connection : new ArrayList<>(connections.values())) {
            connection.channel().close();
        }
        if (datagramChannel != null && datagramChannels == null) {
            datagramChannel.addListener(bound -> {
                if (bound.isSuccess()) {
                    ((Channel) bound.getNow()).close();
                }
            });
        }
        // Closing on the loop queues those events; a task queued now runs after them.
        Promise<Void> done = loop.newPromise();
        loop.execute(() -> done.setSuccess(null));
        return done;
    }

    private static String describe(ResolvedTarget target) {
        return target.transport().token() + " " + target.serverName() + " at "
                + NetUtil.toSocketAddressString(target.address());
    }
}
