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
    void concurrentCallersAcceptEachCountOnce() throws Exception {
        ReplayGuard guard = new ReplayGuard(Duration.ofSeconds(30), 10_000, clock);
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int n = 0; n < 2_000; n++) {
                    for (long nc = 1; nc <= 3; nc++) {
                        if (guard.accept("nonce-" + n, nc)) {
                            accepted.incrementAndGet();
                        }
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // Each thread tries nc 1, 2, 3 in order, so every count of every nonce is accepted exactly once.
        assertThat(accepted.get()).isEqualTo(2_000 * 3);
        assertThat(guard.size()).isEqualTo(2_000);
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
