package io.sipgw.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.PromiseNotifier;
import io.sipgw.sip.SipMessage;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Sends SIP messages to next hops the gateway has no flow to (RFC 3261 section 18.1.1): over a pooled TCP or TLS
 * connection per {@link ConnectionKey} (and, for TLS, per server name), opened on demand, or as a datagram from an
 * unconnected UDP channel.
 *
 * <p><b>Threading.</b> Each event loop of the group has its own pool: its map of connections, its UDP channel and
 * the connections it opened, all registered on that loop and touched only there, so no lock is taken per message.
 * Call {@link #send} and {@link #acquire} on the event loop that owns the call; the connection is then opened on,
 * read on and written from that loop, and the {@link OutboundListener} is called on it with the responses. Called
 * from any other thread, the work is handed to the loop chosen by the target's key. Two loops sending to the same
 * peer therefore open two connections: RFC 3261 section 18 leaves the number to the client, and RFC 5923 reuse is
 * about requests in the other direction, which the listener receives. The only state shared by the loops is
 * the count of open connections behind {@link OutboundSettings#maxConnections()}, an atomic counter touched once per
 * connection, not per message.
 *
 * <p><b>Connections.</b> A TLS connection sends the target's {@link ResolvedTarget#serverName()} as SNI, checks the
 * server's certificate against it and offers no ALPN ({@link TlsContexts#newClientHandler}); a failed handshake
 * fails the send with an {@link javax.net.ssl.SSLHandshakeException} that names the problem. A refused connect fails
 * at once, a silent peer after {@link OutboundSettings#connectTimeout()}. A connection that closes, idles past
 * {@link OutboundSettings#idleTimeout()} or breaks its framing leaves the pool; the next send opens a new one. A
 * write is not retried on another connection: a failed send is a transport error for the transaction layer
 * (RFC 3261 section 17.1.4).
 *
 * <p><b>UDP.</b> Requests leave through the datagram channel {@link DatagramChannels} names for the loop (the
 * gateway's listening channel, so that responses sent to the Via port come back to the listener), or through one
 * ephemeral channel per loop that the pool binds itself and whose incoming datagrams go to the listener. When
 * {@link DatagramChannels#connectedPipeline()} sets up channels and the transport has SO_REUSEPORT, each peer also
 * gets a socket connected to it beside the listening one ({@link DatagramPeers}), which receives the ICMP errors
 * the datagrams to it cause (and the peer's own datagrams): an ICMP unreachable then fails the sends to that peer,
 * as a refused connection does over TCP. Choosing
 * TCP for a request over 1300 bytes (RFC 3261 section 18.1.1) is the caller's job, since it changes the Via.
 */
public final class OutboundConnections {

    /** Names the bound datagram channel that UDP messages sent from an event loop leave through. */
    @FunctionalInterface
    public interface DatagramChannels {

        /**
         * The channel for sends from {@code loop}, e.g. the gateway's listening UDP channel of that loop; asked again
         * only when the channel it gave has closed. It may belong to another loop (the write is then handed over).
         */
        Channel forLoop(EventLoop loop);

        /**
         * Sets up a channel connected to one UDP peer, bound beside the listening channels with SO_REUSEPORT, to
         * read as they do ({@link DatagramPeers}); {@code null} (the default) when there are to be none, so that
         * ICMP errors go unnoticed.
         */
        default ChannelHandler connectedPipeline() {
            return null;
        }

        /**
         * Channels from {@code forLoop}, and a socket connected to each peer whose pipeline is the handler
         * {@code pipeline} gives when the socket opens (the listeners' initializer, which may not exist yet).
         */
        static DatagramChannels withConnectedPeers(DatagramChannels forLoop,
                                                   Supplier<? extends ChannelHandler> pipeline) {
            Objects.requireNonNull(pipeline, "pipeline");
            ChannelHandler connectedPipeline = new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(pipeline.get());
                }

                @Override
                public boolean isSharable() {
                    return true;
                }
            };
            return new DatagramChannels() {
                @Override
                public Channel forLoop(EventLoop loop) {
                    return forLoop.forLoop(loop);
                }

                @Override
                public ChannelHandler connectedPipeline() {
                    return connectedPipeline;
                }
            };
        }
    }

    private final List<OutboundPool> pools;
    private final AtomicInteger openConnections = new AtomicInteger();
    /** The UDP peers with a connected socket, or null when datagrams leave unconnected. */
    private final DatagramPeers peers;

    /**
     * Outbound connections whose UDP messages leave from one ephemeral port per event loop.
     *
     * @param loops     the event loops; each gets its own pool
     * @param tlsClient a client context from {@link TlsContexts#forClient}
     * @param settings  timeouts, the connection cap and codec limits
     * @param listener  receives what arrives on the connections and on the pool's own UDP channels
     */
    public OutboundConnections(EventLoops loops, SslContext tlsClient, OutboundSettings settings,
                               OutboundListener listener) {
        this(loops, tlsClient, settings, listener, (DatagramChannels) null);
    }

    /**
     * Outbound connections whose UDP messages leave through the channels {@code datagramChannels} names; what
     * arrives on those channels is read by their own pipelines, not given to {@code listener}.
     */
    public OutboundConnections(EventLoops loops, SslContext tlsClient, OutboundSettings settings,
                               OutboundListener listener, DatagramChannels datagramChannels) {
        Objects.requireNonNull(loops, "loops");
        Objects.requireNonNull(tlsClient, "tlsClient");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        if (!tlsClient.isClient()) {
            throw new IllegalArgumentException("tlsClient is not a client context");
        }
        ChannelHandler connected = datagramChannels == null ? null : datagramChannels.connectedPipeline();
        this.peers = connected != null && DatagramPeers.supported(loops) ? new DatagramPeers(loops, connected) : null;
        List<OutboundPool> list = new ArrayList<>(loops.threads());
        for (EventExecutor executor : loops.group()) {
            list.add(new OutboundPool((EventLoop) executor, loops, tlsClient, settings, listener, openConnections,
                    datagramChannels, peers));
        }
        this.pools = List.copyOf(list);
    }

    /**
     * Sends {@code message} to {@code target}, opening a connection first when the pool of the calling loop has none.
     * The message is retained for as long as the send needs it; the caller keeps and releases its own reference.
     *
     * @return completes when the message is written to the socket (not when the peer got it), or fails with the
     *         reason: a {@link java.net.ConnectException} (refused, or timed out), an
     *         {@link javax.net.ssl.SSLHandshakeException} naming the certificate problem, an
     *         {@link OutboundLimitExceededException}, or the write's own failure
     */
    public Future<Void> send(ResolvedTarget target, SipMessage message) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(message, "message");
        OutboundPool pool = poolFor(target);
        Promise<Void> sent = pool.loop().newPromise();
        // This reference goes to the channel, or is released when there is none.
        message.retain();
        if (pool.loop().inEventLoop()) {
            pool.send(target, message, sent);
            return sent;
        }
        try {
            pool.loop().execute(() -> pool.send(target, message, sent));
        } catch (RejectedExecutionException e) {
            message.release();
            sent.tryFailure(e);
        }
        return sent;
    }

    /**
     * The channel a message to {@code target} would be written to: a TCP connection once connected, a TLS one once
     * its handshake succeeded (failing as {@link #send} does), or the loop's datagram channel for UDP (write an
     * {@link io.netty.channel.AddressedEnvelope} to it). The channel stays in the pool; do not close it to end a call.
     */
    public Future<Channel> acquire(ResolvedTarget target) {
        Objects.requireNonNull(target, "target");
        OutboundPool pool = poolFor(target);
        if (pool.loop().inEventLoop()) {
            return pool.acquire(target);
        }
        Promise<Channel> acquired = pool.loop().newPromise();
        try {
            pool.loop().execute(() -> PromiseNotifier.cascade(pool.acquire(target), acquired));
        } catch (RejectedExecutionException e) {
            acquired.tryFailure(e);
        }
        return acquired;
    }

    /** The number of UDP peers reached through a connected socket ({@link DatagramChannels#connectedPipeline()}). */
    public int connectedPeerCount() {
        return peers == null ? 0 : peers.size();
    }

    /** Whether the UDP peer at {@code address} is marked unreachable by an ICMP error ({@link DatagramPeers}). */
    boolean unreachable(InetSocketAddress address) {
        return peers != null && peers.unreachable(address);
    }

    /** The number of TCP and TLS connections open or being opened, over all event loops. */
    public int connectionCount() {
        return openConnections.get();
    }

    /**
     * Closes every outbound connection and the pools' own UDP channels, each on its loop; sends made afterwards fail.
     * Never blocks, so it may be called on an event loop; at shutdown, wait for the future (off the loops) before
     * stopping the event loops, since a stopping loop does not always close its channels first.
     *
     * @return completes when every pool has closed its channels
     */
    public Future<Void> close() {
        if (peers != null) {
            peers.close();
        }
        Promise<Void> all = ImmediateEventExecutor.INSTANCE.newPromise();
        AtomicInteger remaining = new AtomicInteger(pools.size());
        for (OutboundPool pool : pools) {
            Promise<Void> closed = ImmediateEventExecutor.INSTANCE.newPromise();
            closed.addListener(f -> {
                if (remaining.decrementAndGet() == 0) {
                    all.setSuccess(null);
                }
            });
            try {
                pool.loop().execute(() -> PromiseNotifier.cascade(pool.close(), closed));
            } catch (RejectedExecutionException e) {
                // The loop has stopped: nothing of it is left to close.
                closed.setSuccess(null);
            }
        }
        return all;
    }

    /** The calling loop's pool; off the group's loops, the pool picked by the target's key. */
    private OutboundPool poolFor(ResolvedTarget target) {
        for (OutboundPool pool : pools) {
            if (pool.loop().inEventLoop()) {
                return pool;
            }
        }
        return pools.get(Math.floorMod(target.connectionKey().hashCode(), pools.size()));
    }
}
