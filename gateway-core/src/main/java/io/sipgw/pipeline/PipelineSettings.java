package io.sipgw.pipeline;

import io.sipgw.sip.codec.SipCodecLimits;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * What the gateway's pipeline is built with: codec limits, the {@link SipEndpoint} that gets requests and
 * responses, the {@link SipTrafficListener}, whether the gateway is draining, the Retry-After of its 503s, and the
 * bounds on inbound TCP and TLS connections. Initializers built with the same settings share one
 * {@link ConnectionLimiter}, so pass one instance to the TCP and the TLS initializer of a listener set.
 */
public final class PipelineSettings {

    /** Retry-After of the 503s when not set: long enough for a drained instance to have been replaced. */
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 30;
    /**
     * Inbound TCP and TLS connections open at once. Each costs a file descriptor and, over TLS, some tens of
     * kilobytes; 10,000 stays well inside a 64k descriptor limit and a modest heap while far above what Meta's and
     * Twilio's few proxies keep open to one gateway.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /**
     * Inbound connections from one IP address. Meta and Twilio connect from a handful of proxy addresses, each
     * of which may carry many calls on connections of its own; 200 leaves them room while one hostile address
     * can take at most 2% of {@link #DEFAULT_MAX_CONNECTIONS}.
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_SOURCE = 200;
    /** How long an inbound TLS handshake may take: generous for a peer across the world, short for a stalled one. */
    public static final Duration DEFAULT_TLS_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long an inbound connection may carry no traffic either way. Longer than the keep-alive interval peers
     * use (RFC 5626 suggests CRLF pings every 95 to 120 seconds on a connection-oriented flow) and than a quiet
     * call between its INVITE and BYE needs, as a connection is reused for both.
     */
    public static final Duration DEFAULT_CONNECTION_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** How long a message may take to arrive once its first byte has: even a 64 KB INVITE needs a fraction of it. */
    public static final Duration DEFAULT_MESSAGE_READ_TIMEOUT = Duration.ofSeconds(10);

    private final SipCodecLimits limits;
    private final SipEndpoint endpoint;
    private final SipTrafficListener listener;
    private final BooleanSupplier draining;
    private final int retryAfterSeconds;
    private final SourceRateLimiter rateLimiter;
    private final Predicate<InetAddress> trustedSources;
    private final SourceRateLimiter untrustedLimiter;
    private final int maxConnections;
    private final int maxConnectionsPerSource;
    private final Duration tlsHandshakeTimeout;
    private final Duration connectionIdleTimeout;
    private final Duration messageReadTimeout;
    private final ConnectionLimiter connections;

    private PipelineSettings(Builder b) {
        this.rateLimiter = b.rateLimiter;
        this.trustedSources = b.trustedSources;
        this.untrustedLimiter = b.untrustedLimiter;
        this.limits = b.limits;
        this.listener = b.listener;
        this.draining = b.draining;
        this.retryAfterSeconds = b.retryAfterSeconds;
        this.endpoint = b.endpoint != null ? b.endpoint : new UnavailableEndpoint(b.listener, b.retryAfterSeconds);
        this.maxConnections = b.maxConnections;
        this.maxConnectionsPerSource = b.maxConnectionsPerSource;
        this.tlsHandshakeTimeout = b.tlsHandshakeTimeout;
        this.connectionIdleTimeout = b.connectionIdleTimeout;
        this.messageReadTimeout = b.messageReadTimeout;
        this.connections = new ConnectionLimiter(b.maxConnections, b.maxConnectionsPerSource, System::nanoTime);
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: {@link SipCodecLimits#DEFAULT}, every request answered 503, no listener, never draining. */
    public static PipelineSettings defaults() {
        return builder().build();
    }

    /** The codec limits of every channel. */
    public SipCodecLimits limits() {
        return limits;
    }

    /** Where requests and responses go. */
    public SipEndpoint endpoint() {
        return endpoint;
    }

    /** Who hears about the traffic. */
    public SipTrafficListener listener() {
        return listener;
    }

    /** Whether the gateway is draining, asked for each new INVITE. */
    public BooleanSupplier draining() {
        return draining;
    }

    /** The Retry-After of the 503s the pipeline sends, in seconds. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The per-source limit of requests that start something, or {@code null} for none. */
    public SourceRateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** The addresses the {@link #untrustedLimiter()} leaves alone: the allow-listed peers. */
    public Predicate<InetAddress> trustedSources() {
        return trustedSources;
    }

    /** The limit of datagrams from other addresses, applied before they are parsed; {@code null} for none. */
    public SourceRateLimiter untrustedLimiter() {
        return untrustedLimiter;
    }

    /** The most inbound TCP and TLS connections open at once. */
    public int maxConnections() {
        return maxConnections;
    }

    /** The most inbound TCP and TLS connections open at once from one IP address. */
    public int maxConnectionsPerSource() {
        return maxConnectionsPerSource;
    }

    /** How long an inbound TLS handshake may take; zero means no limit. */
    public Duration tlsHandshakeTimeout() {
        return tlsHandshakeTimeout;
    }

    /** How long an inbound connection may carry no traffic either way before it is closed; zero means forever. */
    public Duration connectionIdleTimeout() {
        return connectionIdleTimeout;
    }

    /** How long a message may take to arrive on a stream once its first byte has; zero means no limit. */
    public Duration messageReadTimeout() {
        return messageReadTimeout;
    }

    /** The connection counts shared by every initializer built with these settings. */
    public ConnectionLimiter connections() {
        return connections;
    }

    /** Collects the settings; every one has a default. */
    public static final class Builder {
        private SipCodecLimits limits = SipCodecLimits.DEFAULT;
        private SipEndpoint endpoint;
        private SipTrafficListener listener = SipTrafficListener.NONE;
        private BooleanSupplier draining = () -> false;
        private int retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS;
        private SourceRateLimiter rateLimiter;
        private Predicate<InetAddress> trustedSources = address -> true;
        private SourceRateLimiter untrustedLimiter;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxConnectionsPerSource = DEFAULT_MAX_CONNECTIONS_PER_SOURCE;
        private Duration tlsHandshakeTimeout = DEFAULT_TLS_HANDSHAKE_TIMEOUT;
        private Duration connectionIdleTimeout = DEFAULT_CONNECTION_IDLE_TIMEOUT;
        private Duration messageReadTimeout = DEFAULT_MESSAGE_READ_TIMEOUT;

        private Builder() {
        }

        /**
         * Datagrams from addresses that {@code trusted} refuses (outside the allow-lists) pass only within
         * {@code limiter}, checked per address before they are parsed; the rest are dropped unanswered (default:
         * every address trusted).
         */
        public Builder untrustedSources(Predicate<InetAddress> trusted, SourceRateLimiter limiter) {
            this.trustedSources = Objects.requireNonNull(trusted, "trusted");
            this.untrustedLimiter = Objects.requireNonNull(limiter, "limiter");
            return this;
        }

        /**
         * Limits the requests without To tag each source may send (default: no limit); the rest get 503 with the
         * limiter's Retry-After.
         */
        public Builder rateLimiter(SourceRateLimiter value) {
            this.rateLimiter = value;
            return this;
        }

        /** The codec limits (default {@link SipCodecLimits#DEFAULT}). */
        public Builder limits(SipCodecLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /** Where requests and responses go (default: requests answered 503 with Retry-After, responses dropped). */
        public Builder endpoint(SipEndpoint value) {
            this.endpoint = Objects.requireNonNull(value, "endpoint");
            return this;
        }

        /** Who hears about the traffic (default {@link SipTrafficListener#NONE}). */
        public Builder listener(SipTrafficListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** Whether the gateway is draining: new INVITEs are then answered 503 (default: never). */
        public Builder draining(BooleanSupplier value) {
            this.draining = Objects.requireNonNull(value, "draining");
            return this;
        }

        /** The Retry-After of 503s, in seconds (RFC 3261 section 20.33; default 30). */
        public Builder retryAfterSeconds(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("Retry-After must not be negative: " + value);
            }
            this.retryAfterSeconds = value;
            return this;
        }

        /** The most inbound TCP and TLS connections open at once (default {@value #DEFAULT_MAX_CONNECTIONS}). */
        public Builder maxConnections(int value) {
            this.maxConnections = positive(value, "maximum number of connections");
            return this;
        }

        /** The most inbound connections from one IP address (default {@value #DEFAULT_MAX_CONNECTIONS_PER_SOURCE}). */
        public Builder maxConnectionsPerSource(int value) {
            this.maxConnectionsPerSource = positive(value, "maximum number of connections per source");
            return this;
        }

        /** How long an inbound TLS handshake may take (default 10 s; zero: no limit). */
        public Builder tlsHandshakeTimeout(Duration value) {
            this.tlsHandshakeTimeout = notNegative(value, "TLS handshake timeout");
            return this;
        }

        /** How long an inbound connection may be silent both ways (default 10 min; zero: forever). */
        public Builder connectionIdleTimeout(Duration value) {
            this.connectionIdleTimeout = notNegative(value, "connection idle timeout");
            return this;
        }

        /** How long a message may take to arrive once begun (default 10 s; zero: no limit). */
        public Builder messageReadTimeout(Duration value) {
            this.messageReadTimeout = notNegative(value, "message read timeout");
            return this;
        }

        private static int positive(int value, String what) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be at least 1: " + value);
            }
            return value;
        }

        private static Duration notNegative(Duration value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative: " + value);
            }
            return value;
        }

        /** The settings. */
        public PipelineSettings build() {
            return new PipelineSettings(this);
        }
    }
}
