package io.sipgw.transaction;

import java.util.concurrent.TimeUnit;

/**
 * Runs a task once after a delay, on the thread that owns the transactions (the event loop in production,
 * {@link ManualTimerService} in tests).
 */
public interface TimerService {

    /** A scheduled task that can still be called off. */
    @FunctionalInterface
    interface Cancellable {

        /** Calls the task off; does nothing when it already ran or was cancelled. */
        void cancel();
    }

    /**
     * Runs {@code task} once, {@code delay} from now, on the owning thread; called on that thread.
     *
     * @return a handle that cancels the task
     */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);
}
