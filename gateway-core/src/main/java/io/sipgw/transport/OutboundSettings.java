package io.sipgw.transport;

import io.sipgw.sip.codec.SipCodecLimits;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link OutboundConnections} opens, keeps and limits its connections.
 *
 * @param connectTimeout how long a TCP connect may take, and then again how long a TLS handshake may take, before
 *                       the send fails (so that the caller can answer 503 long before timer B fires)
 * @param idleTimeout    how long a TCP or TLS connection may carry no traffic in either direction before it is
 *                       closed; {@link Duration#ZERO} keeps idle connections open
 * @param maxConnections the most TCP and TLS connections open or opening at once, over all event loops; a send
 *                       that would need one more fails with {@link OutboundLimitExceededException}
 * @param codecLimits    the limits of the decoders on outbound connections and on the pool's own UDP channels
 */
public record OutboundSettings(Duration connectTimeout, Duration idleTimeout, int maxConnections,
                               SipCodecLimits codecLimits) {

    /** Checks the values: a positive connect timeout that fits an {@code int} of milliseconds, and so on. */
    public OutboundSettings {
        Objects.requireNonNull(codecLimits, "codecLimits");
        if (connectTimeout.isNegative() || connectTimeout.isZero()
                || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connectTimeout must be from 1 ms to 24 days: " + connectTimeout);
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative: " + idleTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
    }

    /**
     * Connect timeout 3 s, idle timeout 5 min, at most 256 connections, default codec limits. A gateway talks to
     * two peers over a few addresses each, so 256 leaves room for SRV fail-over while keeping file descriptors for
     * inbound connections.
     */
    public static OutboundSettings defaults() {
        return new OutboundSettings(Duration.ofSeconds(3), Duration.ofMinutes(5), 256, SipCodecLimits.DEFAULT);
    }

    /** The same settings with another connect timeout. */
    public OutboundSettings withConnectTimeout(Duration timeout) {
        return new OutboundSettings(timeout, idleTimeout, maxConnections, codecLimits);
    }

    /** The same settings with another idle timeout. */
    public OutboundSettings withIdleTimeout(Duration timeout) {
        return new OutboundSettings(connectTimeout, timeout, maxConnections, codecLimits);
    }

    /** The same settings with another connection cap. */
    public OutboundSettings withMaxConnections(int max) {
        return new OutboundSettings(connectTimeout, idleTimeout, max, codecLimits);
    }
}
