package io.sipgw.transaction;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TimerService} on a Netty event loop (or any {@link EventExecutor}): tasks run on that loop, so the
 * transactions of a call and their timers share one thread and need no locks.
 */
public final class EventLoopTimerService implements TimerService {

    private final EventExecutor executor;

    /** Timers on {@code executor}, normally the event loop that owns the calls whose transactions use them. */
    public EventLoopTimerService(EventExecutor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        // Cancelled on the loop, Netty removes the task from its queue at once: cancelled timers do not pile up.
        ScheduledFuture<?> future = executor.schedule(task, delay, unit);
        return () -> future.cancel(false);
    }
}
