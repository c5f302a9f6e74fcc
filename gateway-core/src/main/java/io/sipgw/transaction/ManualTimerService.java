package io.sipgw.transaction;

import java.time.Duration;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TimerService} on a clock that moves only when told to, for deterministic tests of transactions and of
 * the layers above them: {@link #advance} runs every task that falls due, in deadline order, each at its own time.
 * Not thread-safe: use it from the test's thread only.
 */
public final class ManualTimerService implements TimerService {

    /** A scheduled task; ties in deadline run in the order they were scheduled. */
    private static final class Entry implements Comparable<Entry>, Cancellable {
        final long deadline;
        final long sequence;
        final Runnable task;
        boolean done;
        private final ManualTimerService owner;

        Entry(ManualTimerService owner, long deadline, long sequence, Runnable task) {
            this.owner = owner;
            this.deadline = deadline;
            this.sequence = sequence;
            this.task = task;
        }

        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }

        @Override
        public void cancel() {
            if (!done) {
                done = true;
                owner.pending--;
            }
        }
    }

    /** Cancelled entries stay queued until they reach the head (removing from a heap's middle is linear). */
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long now;
    private long sequence;
    private int pending;

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        Objects.requireNonNull(task, "task");
        Entry e = new Entry(this, now + Math.max(0, unit.toNanos(delay)), sequence++, task);
        queue.add(e);
        pending++;
        return e;
    }

    /** The time since this clock started. */
    public Duration now() {
        return Duration.ofNanos(now);
    }

    /** The number of tasks scheduled and neither run nor cancelled. */
    public int pendingCount() {
        return pending;
    }

    /** The time until the next pending task is due, or {@code null} when none is pending. */
    public Duration untilNext() {
        Entry head = head();
        return head == null ? null : Duration.ofNanos(head.deadline - now);
    }

    /**
     * Moves the clock forward by {@code amount}, running each task that falls due at its deadline (including tasks
     * that those tasks schedule within the interval).
     */
    public void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("cannot go back in time: " + amount);
        }
        long target = now + amount.toNanos();
        for (Entry e = head(); e != null && e.deadline <= target; e = head()) {
            queue.poll();
            now = e.deadline;
            e.cancel();
            e.task.run();
        }
        now = target;
    }

    /** {@link #advance(Duration)} in other units. */
    public void advance(long amount, TimeUnit unit) {
        advance(Duration.ofNanos(unit.toNanos(amount)));
    }

    /** Moves the clock to the next pending task and runs it, and any due at the same time; false when none is pending. */
    public boolean runNext() {
        Duration next = untilNext();
        if (next == null) {
            return false;
        }
        advance(next);
        return true;
    }

    private Entry head() {
        Entry e = queue.peek();
        while (e != null && e.done) {
            queue.poll();
            e = queue.peek();
        }
        return e;
    }
}
