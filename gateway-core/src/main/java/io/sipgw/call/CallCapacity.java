package io.sipgw.call;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How much the B2BUAs of all event loops may hold at once, so that a flood costs a 503 rather than the heap: at
 * most {@code maxCalls} calls over all loops, and new calls only while a loop holds fewer than its share of
 * {@code maxTransactions}. In-dialog requests (BYE above all) are never refused for capacity. Shared by every loop;
 * thread-safe.
 */
public final class CallCapacity {

    /** Far above what one process carries (about 4 KiB of heap per call), far below running out of heap. */
    public static final int DEFAULT_MAX_CALLS = 50_000;
    /**
     * About five per call stay for 32 s after their final response (RFC 3261 timers of 64*T1), so this lets
     * about 3,000 new calls a second through, what one process sustains on two cores (scripts/bench.sh load).
     */
    public static final int DEFAULT_MAX_TRANSACTIONS = 500_000;
    /** Retry-After of a 503 for capacity (RFC 3261 section 21.5.4). */
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 5;
    /**
     * How long an answered call may last before the gateway hangs up both legs: Meta offers no session timer, so
     * a call whose BYE was lost would otherwise hold its place for ever.
     */
    public static final Duration DEFAULT_MAX_CALL_DURATION = Duration.ofHours(4);

    private final int maxCalls;
    private final int maxTransactions;
    private final int transactionsPerLoop;
    private final int retryAfterSeconds;
    private final Duration maxCallDuration;
    private final AtomicInteger calls;

    /** Capacity with the defaults. */
    public static CallCapacity defaults() {
        return new CallCapacity(DEFAULT_MAX_CALLS, DEFAULT_MAX_TRANSACTIONS, DEFAULT_RETRY_AFTER_SECONDS);
    }

    /**
     * @param maxCalls          calls at once over all loops
     * @param maxTransactions   transactions at once over all loops
     * @param retryAfterSeconds the Retry-After of a refusal
     */
    public CallCapacity(int maxCalls, int maxTransactions, int retryAfterSeconds) {
        this(maxCalls, maxTransactions, retryAfterSeconds, DEFAULT_MAX_CALL_DURATION);
    }

    /** @param maxCallDuration how long an answered call may last before both legs get a BYE */
    public CallCapacity(int maxCalls, int maxTransactions, int retryAfterSeconds, Duration maxCallDuration) {
        this(maxCalls, maxTransactions, maxTransactions, retryAfterSeconds, maxCallDuration, new AtomicInteger());
    }

    private CallCapacity(int maxCalls, int maxTransactions, int transactionsPerLoop, int retryAfterSeconds,
                         Duration maxCallDuration, AtomicInteger calls) {
        if (maxCalls < 1 || maxTransactions < 1 || retryAfterSeconds < 0 || maxCallDuration.isNegative()
                || maxCallDuration.isZero()) {
            throw new IllegalArgumentException("capacity must be positive: " + maxCalls + " calls, "
                    + maxTransactions + " transactions, Retry-After " + retryAfterSeconds + ", calls of "
                    + maxCallDuration);
        }
        this.maxCallDuration = maxCallDuration;
        this.maxCalls = maxCalls;
        this.maxTransactions = maxTransactions;
        this.transactionsPerLoop = transactionsPerLoop;
        this.retryAfterSeconds = retryAfterSeconds;
        this.calls = calls;
    }

    /** The same capacity for one of {@code loops} event loops: the call count shared, the transactions split. */
    public CallCapacity perLoop(int loops) {
        return new CallCapacity(maxCalls, maxTransactions, Math.max(1, maxTransactions / Math.max(1, loops)),
                retryAfterSeconds, maxCallDuration, calls);
    }

    /** Takes a place for a new call; {@code false} when all are taken. */
    boolean tryAddCall() {
        while (true) {
            int now = calls.get();
            if (now >= maxCalls) {
                return false;
            }
            if (calls.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back the place of a call that ended. */
    void callEnded() {
        calls.decrementAndGet();
    }

    /** Whether a loop holding {@code transactions} may start a new call. */
    boolean transactionsFull(int transactions) {
        return transactions >= transactionsPerLoop;
    }

    /** The calls held now over all loops. */
    public int calls() {
        return calls.get();
    }

    public int maxCalls() {
        return maxCalls;
    }

    public int maxTransactions() {
        return maxTransactions;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** How long an answered call may last. */
    public Duration maxCallDuration() {
        return maxCallDuration;
    }
}
