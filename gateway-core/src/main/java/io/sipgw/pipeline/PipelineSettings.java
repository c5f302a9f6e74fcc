package io.sipgw.pipeline;

import io.sipgw.sip.codec.SipCodecLimits;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What the gateway's pipeline is built with: codec limits, the {@link SipEndpoint} that gets requests and
 * responses, the {@link SipTrafficListener}, whether the gateway is draining, and the Retry-After of its 503s.
 */
public final class PipelineSettings {

    /** Retry-After of the 503s when not set: long enough for a drained instance to have been replaced. */
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 30;

    private final SipCodecLimits limits;
    private final SipEndpoint endpoint;
    private final SipTrafficListener listener;
    private final BooleanSupplier draining;
    private final int retryAfterSeconds;
    private final SourceRateLimiter rateLimiter;

    private PipelineSettings(Builder b) {
        this.rateLimiter = b.rateLimiter;
        this.limits = b.limits;
        this.listener = b.listener;
        this.draining = b.draining;
        this.retryAfterSeconds = b.retryAfterSeconds;
        this.endpoint = b.endpoint != null ? b.endpoint : new UnavailableEndpoint(b.listener, b.retryAfterSeconds);
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

    /** Collects the settings; every one has a default. */
    public static final class Builder {
        private SipCodecLimits limits = SipCodecLimits.DEFAULT;
        private SipEndpoint endpoint;
        private SipTrafficListener listener = SipTrafficListener.NONE;
        private BooleanSupplier draining = () -> false;
        private int retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS;
        private SourceRateLimiter rateLimiter;

        private Builder() {
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

        /** The settings. */
        public PipelineSettings build() {
            return new PipelineSettings(this);
        }
    }
}
