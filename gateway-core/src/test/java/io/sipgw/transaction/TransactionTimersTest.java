package io.sipgw.transaction;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionTimersTest {

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void defaultsAreThoseOfRfc3261Table4AndRfc6026() {
        TransactionTimers t = TransactionTimers.DEFAULT;
        assertThat(t.t1()).isEqualTo(ms(500));
        assertThat(t.t2()).isEqualTo(ms(4000));
        assertThat(t.t4()).isEqualTo(ms(5000));
        assertThat(t.timerA()).isEqualTo(ms(500));
        assertThat(t.timerB()).isEqualTo(ms(32_000));
        assertThat(t.timerD(false)).isEqualTo(ms(32_000));
        assertThat(t.timerE()).isEqualTo(ms(500));
        assertThat(t.timerF()).isEqualTo(ms(32_000));
        assertThat(t.timerG()).isEqualTo(ms(500));
        assertThat(t.timerH()).isEqualTo(ms(32_000));
        assertThat(t.timerI(false)).isEqualTo(ms(5000));
        assertThat(t.timerJ(false)).isEqualTo(ms(32_000));
        assertThat(t.timerK(false)).isEqualTo(ms(5000));
        assertThat(t.timerL()).isEqualTo(ms(32_000));
        assertThat(t.timerM()).isEqualTo(ms(32_000));
        assertThat(t.trying()).isEqualTo(ms(200));
    }

    @Test
    void reliableTransportsWaitForNoRetransmissions() {
        TransactionTimers t = TransactionTimers.DEFAULT;
        assertThat(t.timerD(true)).isZero();
        assertThat(t.timerI(true)).isZero();
        assertThat(t.timerJ(true)).isZero();
        assertThat(t.timerK(true)).isZero();
    }

    @Test
    void everyTimerFollowsT1T2AndT4() {
        TransactionTimers t = TransactionTimers.DEFAULT.withT1(ms(100)).withT2(ms(800)).withT4(ms(1000))
                .withTimerD(ms(6400));
        assertThat(t.timerA()).isEqualTo(ms(100));
        assertThat(t.timerB()).isEqualTo(ms(6400));
        assertThat(t.timerD(false)).isEqualTo(ms(6400));
        assertThat(t.timerE()).isEqualTo(ms(100));
        assertThat(t.timerF()).isEqualTo(ms(6400));
        assertThat(t.timerG()).isEqualTo(ms(100));
        assertThat(t.timerH()).isEqualTo(ms(6400));
        assertThat(t.timerI(false)).isEqualTo(ms(1000));
        assertThat(t.timerJ(false)).isEqualTo(ms(6400));
        assertThat(t.timerK(false)).isEqualTo(ms(1000));
        assertThat(t.timerL()).isEqualTo(ms(6400));
        assertThat(t.timerM()).isEqualTo(ms(6400));
        assertThat(t).isNotEqualTo(TransactionTimers.DEFAULT)
                .isEqualTo(TransactionTimers.DEFAULT.withT1(ms(100)).withT2(ms(800)).withT4(ms(1000))
                        .withTimerD(ms(6400)));
        assertThat(t.toString()).contains("T1 100 ms", "T2 800 ms");
    }

    @Test
    void backOffDoublesUpToT2ExceptForTimerA() {
        TransactionTimers t = TransactionTimers.DEFAULT;
        assertThat(t.backOff(ms(500))).isEqualTo(ms(1000));
        assertThat(t.backOff(ms(2000))).isEqualTo(ms(4000));
        assertThat(t.backOff(ms(4000))).isEqualTo(ms(4000));
        assertThat(t.backOff(ms(3000))).isEqualTo(ms(4000));
        assertThat(t.backOffInvite(ms(16_000))).isEqualTo(ms(32_000));
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> TransactionTimers.DEFAULT.withT1(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("T1");
        assertThatThrownBy(() -> TransactionTimers.DEFAULT.withT2(ms(400)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("T2");
        assertThatThrownBy(() -> TransactionTimers.DEFAULT.withT4(ms(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransactionTimers.DEFAULT.withTimerD(null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> TransactionTimers.DEFAULT.withTrying(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
