package io.sipgw.pipeline;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.NetUtil;
import io.sipgw.transport.TransportKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Counts the open inbound TCP and TLS connections of every initializer built with one {@link PipelineSettings},
 * in total and per source address, and closes a new connection beyond either limit before it costs anything.
 */
public final class ConnectionLimiter {

    /** The reason given to {@link SipTrafficListener#connectionRefused} when the total limit is reached. */
    static final String TOTAL_LIMIT = "total limit";
    /** The reason given when the source address has reached its own limit. */
    static final String SOURCE_LIMIT = "source limit";

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);
    /** A refused source is logged at most this often, so that a flood of connections is not a flood of lines. */
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Sources remembered for log throttling; beyond that the memory is forgotten rather than grown. */
    private static final int MAX_LOGGED_SOURCES = 4096;

    private final int maxConnections;
    private final int maxPerSource;
    private final LongSupplier nanoClock;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perSource = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetAddress, Long> lastLogged = new ConcurrentHashMap<>();

    ConnectionLimiter(int maxConnections, int maxPerSource, LongSupplier nanoClock) {
        this.maxConnections = maxConnections;
        this.maxPerSource = maxPerSource;
        this.nanoClock = nanoClock;
    }

    /** The inbound connections open now. */
    public int open() {
        return open.get();
    }

    /**
     * Admits a new connection or closes it at once (before any handler, so before any TLS work) and reports the
     * refusal; an admitted connection is counted until it closes.
     *
     * @return whether the connection was admitted
     */
    boolean admit(Channel ch, TransportKind transport, SipTrafficListener listener) {
        SocketAddress address = ch.remoteAddress();
        InetSocketAddress remote = address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
        InetAddress source = remote != null ? remote.getAddress() : null;
        String refusal = tryOpen(source);
        if (refusal != null) {
            ch.close();
            refused(transport, remote, refusal, listener);
            return false;
        }
        report(listener, () -> listener.connectionOpened(transport, remote));
        ch.closeFuture().addListener((ChannelFutureListener) f -> {
            closed(source);
            report(listener, () -> listener.connectionClosed(transport, remote));
        });
        return true;
    }

    /** Counts a connection from {@code source} ({@code null}: not an IP connection); the refusal reason, or null. */
    String tryOpen(InetAddress source) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            return TOTAL_LIMIT;
        }
        if (source == null) {
            return null;
        }
        boolean[] full = new boolean[1];
        perSource.compute(source, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= maxPerSource) {
                full[0] = true;
                return n;
            }
            return count + 1;
        });
        if (full[0]) {
            open.decrementAndGet();
            return SOURCE_LIMIT;
        }
        return null;
    }

    /** Forgets a connection {@link #tryOpen} counted. */
    void closed(InetAddress source) {
        if (source != null) {
            perSource.computeIfPresent(source, (k, n) -> n <= 1 ? null : n - 1);
        }
        open.decrementAndGet();
    }

    private void refused(TransportKind transport, InetSocketAddress remote, String reason,
                         SipTrafficListener listener) {
        report(listener, () -> listener.connectionRefused(transport, remote, reason));
        if (remote != null && shouldLog(remote.getAddress())) {
            log.warn("{} connection from {} refused: {} reached ({} open in total; logged once a minute per source)",
                    transport, NetUtil.toSocketAddressString(remote), reason, open.get());
        }
    }

    /** Whether a refusal from {@code source} may be logged now: the first one, then once per interval. */
    boolean shouldLog(InetAddress source) {
        long now = nanoClock.getAsLong();
        Long previous = lastLogged.putIfAbsent(source, now);
        if (previous == null) {
            if (lastLogged.size() > MAX_LOGGED_SOURCES) {
                lastLogged.clear();
                lastLogged.put(source, now);
            }
            return true;
        }
        return now - previous >= LOG_INTERVAL_NANOS && lastLogged.replace(source, previous, now);
    }

    private static void report(SipTrafficListener listener, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("traffic listener failed on a connection event", e);
        }
    }
}
