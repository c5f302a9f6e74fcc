package io.sipgw.auth;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Limits failed digest authentications per source address: at most {@code maxFailures} in a fixed window
 * that starts at a source's first failure, after which {@link #blocked} is true until the window ends. This
 * slows online password guessing, which digest alone does nothing against (RFC 7616 section 5.1 on weak
 * passwords).
 *
 * <p>At most {@code maxSources} sources are tracked: when full, expired windows are dropped first, then the
 * oldest window. An attacker with many addresses can thus push a blocked source out early; the alternative,
 * refusing to track new sources, would let the same attacker guess unlimited from every new address.
 * Thread-safe: lookups are lock-free, and recording a failure takes one lock, failures being the rare case.
 */
public final class FailureLimiter {

    private record Window(long startMillis, int failures) { }

    private final Map<InetAddress, Window> windows = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final long windowMillis;
    private final int maxSources;
    private final LongSupplier clockMillis;

    public FailureLimiter(int maxFailures, Duration window, int maxSources, LongSupplier clockMillis) {
        if (maxFailures < 1 || maxSources < 1) {
            throw new IllegalArgumentException("maxFailures and maxSources must be positive");
        }
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.maxSources = maxSources;
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
    }

    /** Whether {@code source} has failed {@code maxFailures} times in its current window. */
    public boolean blocked(InetAddress source) {
        Window w = windows.get(source);
        return w != null && w.failures() >= maxFailures && !expired(w, clockMillis.getAsLong());
    }

    /** Counts one failure; true exactly when this one blocks the source, so the caller logs the block once. */
    public synchronized boolean recordFailure(InetAddress source) {
        long now = clockMillis.getAsLong();
        Window w = windows.get(source);
        if (w == null || expired(w, now)) {
            if (w == null) {
                makeRoom(now);
            }
            w = new Window(now, 1);
        } else {
            w = new Window(w.startMillis(), w.failures() + 1);
        }
        windows.put(source, w);
        return w.failures() == maxFailures;
    }

    private void makeRoom(long now) {
        if (windows.size() < maxSources) {
            return;
        }
        windows.values().removeIf(w -> expired(w, now));
        if (windows.size() >= maxSources) {
            windows.entrySet().stream()
                    .min(Comparator.comparingLong(e -> e.getValue().startMillis()))
                    .ifPresent(oldest -> windows.remove(oldest.getKey()));
        }
    }

    private boolean expired(Window w, long now) {
        return now - w.startMillis() >= windowMillis;
    }

    /** How many sources are tracked. */
    public int trackedSources() {
        return windows.size();
    }
}
