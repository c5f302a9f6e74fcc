package io.sipgw.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureLimiterTest {

    private final ManualClock clock = new ManualClock();

    private static InetAddress ip(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
    }

    @Test
    void blocksAfterMaxFailuresUntilTheWindowEnds() throws Exception {
        FailureLimiter limiter = new FailureLimiter(3, Duration.ofMinutes(1), 100, clock);
        assertThat(limiter.recordFailure(ip(1))).isFalse();
        assertThat(limiter.recordFailure(ip(1))).isFalse();
        assertThat(limiter.blocked(ip(1))).isFalse();
        assertThat(limiter.recordFailure(ip(1))).isTrue();
        assertThat(limiter.blocked(ip(1))).isTrue();
        assertThat(limiter.recordFailure(ip(1))).isFalse();
        assertThat(limiter.blocked(ip(2))).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(limiter.blocked(ip(1))).isFalse();
        assertThat(limiter.recordFailure(ip(1))).isFalse();
    }

    @Test
    void tracksAtMostMaxSources() throws Exception {
        FailureLimiter limiter = new FailureLimiter(2, Duration.ofMinutes(1), 3, clock);
        for (int i = 1; i <= 3; i++) {
            limiter.recordFailure(ip(i));
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(limiter.recordFailure(ip(1))).isTrue();
        assertThat(limiter.trackedSources()).isEqualTo(3);
        // Full and nothing expired: the oldest window (ip 1, blocked or not) makes room.
        limiter.recordFailure(ip(4));
        assertThat(limiter.trackedSources()).isEqualTo(3);
        assertThat(limiter.blocked(ip(1))).isFalse();
        assertThat(limiter.recordFailure(ip(2))).isTrue();
        clock.advance(Duration.ofMinutes(2));
        limiter.recordFailure(ip(5));
        assertThat(limiter.trackedSources()).isEqualTo(1);
    }
}
