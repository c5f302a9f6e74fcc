package io.sipgw.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {

    private final ManualClock clock = new ManualClock();

    @Test
    void acceptsEachHigherCountOnce() {
        ReplayGuard guard = new ReplayGuard(Duration.ofSeconds(30), 10, clock);
        assertThat(guard.accept("n", 1)).isTrue();
        assertThat(guard.accept("n", 1)).isFalse();
        assertThat(guard.accept("n", 3)).isTrue();
        assertThat(guard.accept("n", 2)).isFalse();
        assertThat(guard.accept("n", 4)).isTrue();
        assertThat(guard.accept("other", 1)).isTrue();
        assertThat(guard.accept("x", 0)).isFalse();
        assertThat(guard.accept(null, 1)).isFalse();
        assertThat(guard.size()).isEqualTo(2);
    }

    @Test
    void whenFullRefusesNewNoncesUntilEntriesExpire() {
        ReplayGuard guard = new ReplayGuard(Duration.ofSeconds(30), 2, clock);
        assertThat(guard.accept("a", 1)).isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(guard.accept("b", 1)).isTrue();
        assertThat(guard.accept("c", 1)).isFalse();
        assertThat(guard.accept("a", 2)).isTrue();
        assertThat(guard.size()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(20));
        assertThat(guard.accept("c", 1)).isTrue();
        assertThat(guard.size()).isEqualTo(2);
        assertThat(guard.accept("d", 1)).isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(guard.accept("d", 1)).isTrue();
        assertThat(guard.size()).isEqualTo(2);
    }
}
