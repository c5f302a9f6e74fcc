package io.sipgw.pipeline;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** The token bucket per source, on a manual clock. */
class SourceRateLimiterTest {

    private long now = 1_000_000_000L;
    private final SourceRateLimiter limiter = new SourceRateLimiter(10, 20, 2, 5, () -> now);

    private int admitted(InetAddress source, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (limiter.tryAcquire(source)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aBurstPassesThenTheRate() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        assertThat(admitted(a, 50)).isEqualTo(20);
        now += 500_000_000L;
        assertThat(admitted(a, 50)).isEqualTo(5);
        // Another source has a bucket of its own.
        assertThat(admitted(InetAddress.getByName("192.0.2.2"), 50)).isEqualTo(20);
    }

    @Test
    void pastTheLimitAsManyRefusalsAsTheLimitThenSilence() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        admitted(a, 20);
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.check(a)).isEqualTo(SourceRateLimiter.Verdict.REFUSE);
        }
        assertThat(limiter.check(a)).isEqualTo(SourceRateLimiter.Verdict.DROP);
        now += 100_000_000L;
        assertThat(limiter.check(a)).isEqualTo(SourceRateLimiter.Verdict.PASS);
    }

    @Test
    void quietSourcesMakeRoomAndABusyOneIsNeverEvicted() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        InetAddress c = InetAddress.getByName("192.0.2.3");
        admitted(a, 50);
        admitted(b, 50);
        // Full of limited sources: a third is let through untracked, the limited ones stay limited.
        assertThat(admitted(c, 50)).isEqualTo(50);
        assertThat(limiter.trackedSources()).isEqualTo(2);
        assertThat(limiter.tryAcquire(a)).isFalse();
        // Ten seconds later both buckets are full again and make room.
        now += 10_000_000_000L;
        assertThat(admitted(c, 50)).isEqualTo(20);
        assertThat(limiter.trackedSources()).isEqualTo(1);
    }
}
