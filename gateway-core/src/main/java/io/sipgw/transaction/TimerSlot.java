package io.sipgw.transaction;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One named timer of a transaction (Timer A, B, ...): at most one pending run; starting it again replaces the pending
 * run, and a zero duration (the reliable-transport value of Timers D, I, J and K) fires it at once.
 */
final class TimerSlot {

    private final TimerService service;
    private final Runnable onFire;
    private TimerService.Cancellable pending;
    /** Counts starts and cancels, so that a run that was already under way when cancelled does nothing. */
    private int generation;

    TimerSlot(TimerService service, Runnable onFire) {
        this.service = service;
        this.onFire = onFire;
    }

    void start(Duration delay) {
        cancel();
        if (delay.isZero()) {
            onFire.run();
            return;
        }
        int started = generation;
        pending = service.schedule(() -> {
            if (started == generation) {
                pending = null;
                onFire.run();
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    void cancel() {
        generation++;
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }

    boolean isPending() {
        return pending != null;
    }
}
