package io.sipgw.auth;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Refuses a replayed nonce count (RFC 7616 section 3.4: the server checks nc to detect replays). It remembers,
 * per nonce, the highest nc accepted, for one nonce lifetime after the nonce was first seen, by which time the
 * nonce is stale anyway and {@link NonceService} refuses it first.
 *
 * <p>Memory is bounded by {@code maxEntries}. When full, expired entries are swept; if none has expired, a
 * new nonce is refused (fail closed): forgetting a live nonce's count would re-open it to replay, whereas a
 * refused client gets a fresh challenge and the cost falls on whoever is filling the table. Nonces already
 * tracked keep working. Thread-safe; called from several event loops.
 */
public final class ReplayGuard {

    private record Seen(long highestNc, long firstSeenMillis) { }

    private enum Step { ACCEPTED, REFUSED, UNKNOWN }

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final long lifetimeMillis;
    private final int maxEntries;
    private final LongSupplier clockMillis;
    /** New nonces are admitted one at a time so the bound holds exactly; known nonces never take this lock. */
    private final Object admission = new Object();
    /** No entry expires before this instant, so a full table is not swept again and again for nothing. */
    private long nextExpiryMillis = Long.MIN_VALUE;

    public ReplayGuard(Duration lifetime, int maxEntries, LongSupplier clockMillis) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.lifetimeMillis = lifetime.toMillis();
        this.maxEntries = maxEntries;
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
    }

    /** True exactly once for each nc of {@code nonce} that is higher than any accepted before; nc starts at 1. */
    public boolean accept(String nonce, long nc) {
        if (nonce == null || nc < 1) {
            return false;
        }
        Step step = advance(nonce, nc);
        if (step != Step.UNKNOWN) {
            return step == Step.ACCEPTED;
        }
        synchronized (admission) {
            long now = clockMillis.getAsLong();
            if (seen.size() >= maxEntries && now >= nextExpiryMillis) {
                sweep(now);
            }
            if (seen.size() >= maxEntries) {
                return false;
            }
            if (seen.putIfAbsent(nonce, new Seen(nc, now)) == null) {
                return true;
            }
        }
        // Another thread admitted the same nonce meanwhile; entries leave only under the lock, so it is there.
        return advance(nonce, nc) == Step.ACCEPTED;
    }

    private Step advance(String nonce, long nc) {
        Step[] step = {Step.UNKNOWN};
        seen.computeIfPresent(nonce, (k, s) -> {
            if (nc > s.highestNc()) {
                step[0] = Step.ACCEPTED;
                return new Seen(nc, s.firstSeenMillis());
            }
            step[0] = Step.REFUSED;
            return s;
        });
        return step[0];
    }

    private void sweep(long now) {
        seen.values().removeIf(s -> now - s.firstSeenMillis() >= lifetimeMillis);
        long oldest = seen.values().stream().mapToLong(Seen::firstSeenMillis).min().orElse(now);
        nextExpiryMillis = oldest + lifetimeMillis;
    }

    /** How many nonces are tracked. */
    public int size() {
        return seen.size();
    }
}
