package io.sipgw.auth;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A clock the test moves by hand. */
final class ManualClock implements LongSupplier {

    private long millis = 1_700_000_000_000L;

    @Override
    public long getAsLong() {
        return millis;
    }

    void advance(Duration d) {
        millis += d.toMillis();
    }
}
