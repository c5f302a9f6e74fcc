package io.sipgw.transaction;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManualTimerServiceTest {

    private final ManualTimerService clock = new ManualTimerService();
    private final List<String> ran = new ArrayList<>();

    private Runnable record(String name) {
        return () -> ran.add(name + "@" + clock.now().toMillis());
    }

    @Test
    void tasksRunInDeadlineOrderEachAtItsOwnTime() {
        clock.schedule(record("b"), 2, TimeUnit.SECONDS);
        clock.schedule(record("a"), 500, TimeUnit.MILLISECONDS);
        clock.schedule(record("c"), 2, TimeUnit.SECONDS);
        assertThat(clock.pendingCount()).isEqualTo(3);
        assertThat(clock.untilNext()).isEqualTo(Duration.ofMillis(500));

        clock.advance(Duration.ofMillis(1999));
        assertThat(ran).containsExactly("a@500");
        clock.advance(1, TimeUnit.MILLISECONDS);
        assertThat(ran).containsExactly("a@500", "b@2000", "c@2000");
        assertThat(clock.now()).isEqualTo(Duration.ofSeconds(2));
        assertThat(clock.pendingCount()).isZero();
        assertThat(clock.untilNext()).isNull();
    }

    @Test
    void tasksScheduledByTasksRunWhenTheyFallDueWithinTheSameAdvance() {
        clock.schedule(() -> {
            ran.add("first@" + clock.now().toMillis());
            clock.schedule(record("second"), 1, TimeUnit.SECONDS);
        }, 1, TimeUnit.SECONDS);
        clock.advance(Duration.ofSeconds(5));
        assertThat(ran).containsExactly("first@1000", "second@2000");
        assertThat(clock.now()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void cancelledTasksDoNotRunAndAreNotPending() {
        TimerService.Cancellable a = clock.schedule(record("a"), 1, TimeUnit.SECONDS);
        clock.schedule(record("b"), 2, TimeUnit.SECONDS);
        a.cancel();
        a.cancel();
        assertThat(clock.pendingCount()).isEqualTo(1);
        assertThat(clock.untilNext()).isEqualTo(Duration.ofSeconds(2));
        assertThat(clock.runNext()).isTrue();
        assertThat(ran).containsExactly("b@2000");
        assertThat(clock.runNext()).isFalse();
    }

    @Test
    void aRunTaskCannotBeCancelledTwice() {
        TimerService.Cancellable a = clock.schedule(record("a"), 0, TimeUnit.SECONDS);
        clock.advance(Duration.ZERO);
        a.cancel();
        assertThat(ran).containsExactly("a@0");
        assertThat(clock.pendingCount()).isZero();
    }

    @Test
    void timeDoesNotGoBack() {
        assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
