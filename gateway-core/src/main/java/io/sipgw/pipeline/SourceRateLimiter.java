package io.sipgw.pipeline;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per source address for the requests that start something (INVITE, OPTIONS, REGISTER... without a
 * To tag): {@code ratePerSecond} on average with bursts of {@code burst}; beyond that the source gets 503 with
 * Retry-After, whatever it is, before any work is spent on the request. The 503s have a bucket of the same size:
 * a source that keeps sending past both is dropped without an answer, so that a flood (or a spoofed source) costs
 * no more replies than the limit itself. Thread-safe; shared by every channel.
 *
 * <p>Memory is bounded: past {@code maxSources} tracked addresses, the buckets that have refilled (sources gone
 * quiet) are dropped first; if none has, a new source is let through untracked rather than evicting a source that
 * is being limited.
 */
public final class SourceRateLimiter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double ratePerNano;
    private final double burst;
    private final int maxSources;
    private final int retryAfterSeconds;
    private final LongSupplier nanoTime;
    private final Map<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    /** What to do with a request. */
    public enum Verdict {
        /** Within the limit. */
        PASS,
        /** Over the limit: answer 503 with Retry-After. */
        REFUSE,
        /** Over the limit and over the 503s it may have: drop it. */
        DROP
    }

    /** Tokens left for requests and for refusals, and when they were counted; guarded by its own monitor. */
    private static final class Bucket {
        double tokens;
        double refusals;
        long stamp;

        Bucket(double tokens, long stamp) {
            this.tokens = tokens;
            this.refusals = tokens;
            this.stamp = stamp;
        }
    }

    /**
     * @param ratePerSecond     requests per second a source may keep up
     * @param burst             requests a quiet source may send at once
     * @param maxSources        addresses tracked at most
     * @param retryAfterSeconds the Retry-After of the 503
     * @param nanoTime          the clock ({@code System::nanoTime})
     */
    public SourceRateLimiter(double ratePerSecond, int burst, int maxSources, int retryAfterSeconds,
                             LongSupplier nanoTime) {
        if (!(ratePerSecond > 0) || burst < 1 || maxSources < 1 || retryAfterSeconds < 0) {
            throw new IllegalArgumentException("rate limit must be positive: " + ratePerSecond + "/s, burst " + burst);
        }
        this.ratePerNano = ratePerSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.maxSources = maxSources;
        this.retryAfterSeconds = retryAfterSeconds;
        this.nanoTime = nanoTime;
    }

    /** Whether {@code source} may start one more request now; takes a token when it may. */
    public boolean tryAcquire(InetAddress source) {
        return check(source) == Verdict.PASS;
    }

    /** What to do with one more request from {@code source} now; takes the token it uses. */
    public Verdict check(InetAddress source) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.get(source);
        if (bucket == null) {
            if (buckets.size() >= maxSources && !prune(now)) {
                return Verdict.PASS;
            }
            bucket = buckets.computeIfAbsent(source, s -> new Bucket(burst, now));
        }
        synchronized (bucket) {
            refill(bucket, now);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return Verdict.PASS;
            }
            if (bucket.refusals >= 1) {
                bucket.refusals -= 1;
                return Verdict.REFUSE;
            }
            return Verdict.DROP;
        }
    }

    private void refill(Bucket bucket, long now) {
        long elapsed = now - bucket.stamp;
        if (elapsed > 0) {
            double added = elapsed * ratePerNano;
            bucket.tokens = Math.min(burst, bucket.tokens + added);
            bucket.refusals = Math.min(burst, bucket.refusals + added);
            bucket.stamp = now;
        }
    }

    /** Drops the buckets that are full again; whether room was made. */
    private boolean prune(long now) {
        boolean freed = false;
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket bucket = it.next();
            synchronized (bucket) {
                refill(bucket, now);
                if (bucket.tokens >= burst && bucket.refusals >= burst) {
                    it.remove();
                    freed = true;
                }
            }
        }
        return freed;
    }

    /** The Retry-After of the 503 a limited source gets. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The addresses tracked now. */
    public int trackedSources() {
        return buckets.size();
    }
}
