package io.sipgw.transport;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SrvRecordTest {

    private static final SrvRecord A = new SrvRecord(10, 10, 5060, "a.test");
    private static final SrvRecord B = new SrvRecord(10, 30, 5060, "b.test");
    private static final SrvRecord ZERO = new SrvRecord(10, 0, 5060, "zero.test");
    private static final SrvRecord BACKUP = new SrvRecord(20, 100, 5060, "backup.test");

    @Test
    void lowerPriorityAlwaysComesFirst() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            List<SrvRecord> order = SrvRecord.inSelectionOrder(List.of(BACKUP, A, B, ZERO), random);
            assertThat(order).hasSize(4).containsOnlyOnce(A, B, ZERO, BACKUP);
            assertThat(order.get(3)).isEqualTo(BACKUP);
        }
    }

    @Test
    void firstChoiceFollowsTheWeights() {
        // RFC 2782: b (30) before a (10) three times in four; weight 0 is chosen first 1 time in 41.
        SplittableRandom random = new SplittableRandom(42);
        int rounds = 41_000;
        int bFirst = 0;
        int zeroFirst = 0;
        for (int i = 0; i < rounds; i++) {
            SrvRecord first = SrvRecord.inSelectionOrder(List.of(A, B, ZERO), random).get(0);
            bFirst += first == B ? 1 : 0;
            zeroFirst += first == ZERO ? 1 : 0;
        }
        assertThat(bFirst / (double) rounds).isCloseTo(30.0 / 41, org.assertj.core.data.Offset.offset(0.02));
        assertThat(zeroFirst / (double) rounds).isCloseTo(1.0 / 41, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void allZeroWeightsStillOrderEveryRecord() {
        SrvRecord x = new SrvRecord(0, 0, 1, "x.test");
        SrvRecord y = new SrvRecord(0, 0, 2, "y.test");
        assertThat(SrvRecord.inSelectionOrder(List.of(x, y), new SplittableRandom(3))).containsExactly(x, y);
    }

    @Test
    void dotTargetMeansUnavailable() {
        assertThat(new SrvRecord(0, 0, 0, "").isUnavailable()).isTrue();
        assertThat(A.isUnavailable()).isFalse();
    }
}
