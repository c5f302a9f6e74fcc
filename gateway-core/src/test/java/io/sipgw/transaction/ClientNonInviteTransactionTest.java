package io.sipgw.transaction;

import io.sipgw.sip.SipRequest;
import io.sipgw.transaction.ClientNonInviteTransaction.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ClientNonInviteTransactionTest {

    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    private ClientNonInviteTransaction bye(RecordingTransport transport) {
        SipRequest bye = Harness.request("BYE", Harness.OUR_VIA, "wa-1", 8);
        return h.table.sendRequest(bye, transport, h.listener);
    }

    @Test
    void tryingRetransmitsOnTimerEDoublingUpToT2UntilTimerFReportsTheTimeout() {
        ClientNonInviteTransaction t = bye(h.udp);
        assertThat(t.state()).isEqualTo(State.TRYING);
        h.advance(31.999);
        // RFC 3261 17.1.2.2: intervals 0.5, 1, 2, then T2 = 4 s.
        assertThat(h.udp.times()).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L,
                27500L, 31500L);
        assertThat(h.listener.events).isEmpty();
        h.advance(0.001);
        assertThat(h.listener.events).containsExactly("timeout", "terminated");
        h.assertGone(t);
    }

    @Test
    void provisionalMovesToProceedingWhereRetransmissionsComeEveryT2() {
        ClientNonInviteTransaction t = bye(h.udp);
        SipRequest sent = h.keep(t.request());
        h.advance(0.7);
        t.receive(h.receivedResponse(sent, 100, null));
        assertThat(t.state()).isEqualTo(State.PROCEEDING);
        assertThat(h.listener.events).containsExactly("response 100");
        h.advance(31.299);
        // Timer E was due at 1.5 s; from Proceeding on it is reset to T2 (RFC 3261 17.1.2.2).
        assertThat(h.udp.times()).containsExactly(0L, 500L, 1500L, 5500L, 9500L, 13500L, 17500L, 21500L, 25500L,
                29500L);
        h.advance(0.001);
        assertThat(h.listener.events).containsExactly("response 100", "timeout", "terminated");
        h.assertGone(t);
    }

    @Test
    void finalResponseCompletesAndRetransmittedFinalsAreAbsorbedUntilTimerK() {
        ClientNonInviteTransaction t = bye(h.udp);
        SipRequest sent = h.keep(t.request());
        h.advance(0.2);
        t.receive(h.receivedResponse(sent, 200, "wa-1"));
        assertThat(t.state()).isEqualTo(State.COMPLETED);
        assertThat(h.listener.events).containsExactly("response 200");

        t.receive(h.receivedResponse(sent, 200, "wa-1"));
        assertThat(h.listener.events).containsExactly("response 200");
        // Timer K: T4 = 5 s; no retransmission meanwhile.
        h.advance(4.999);
        assertThat(t.state()).isEqualTo(State.COMPLETED);
        assertThat(h.udp.count()).isEqualTo(1);
        h.advance(0.001);
        assertThat(h.listener.events).containsExactly("response 200", "terminated");
        h.assertGone(t);
    }

    @Test
    void finalAfterProvisionalCompletes() {
        ClientNonInviteTransaction t = bye(h.udp);
        SipRequest sent = h.keep(t.request());
        t.receive(h.receivedResponse(sent, 180, "wa-1"));
        t.receive(h.receivedResponse(sent, 481, "wa-1"));
        assertThat(t.state()).isEqualTo(State.COMPLETED);
        h.advance(5);
        assertThat(h.listener.events).containsExactly("response 180", "response 481", "terminated");
        h.assertGone(t);
    }

    @Test
    void reliableTransportHasNoTimerEAndTimerKIsZero() {
        ClientNonInviteTransaction t = bye(h.tcp);
        SipRequest sent = h.keep(t.request());
        assertThat(h.clock.pendingCount()).isEqualTo(1); // Timer F only
        h.advance(20);
        assertThat(h.tcp.count()).isEqualTo(1);
        t.receive(h.receivedResponse(sent, 200, "wa-1"));
        assertThat(h.listener.events).containsExactly("response 200", "terminated");
        h.assertGone(t);
    }

    @Test
    void reliableTransportStillTimesOutOnTimerF() {
        ClientNonInviteTransaction t = bye(h.tcp);
        h.advance(32);
        assertThat(h.listener.events).containsExactly("timeout", "terminated");
        assertThat(h.tcp.count()).isEqualTo(1);
        h.assertGone(t);
    }

    @Test
    void timersComeFromTheTablesSettings() {
        TransactionTimers fast = TransactionTimers.DEFAULT.withT1(Duration.ofMillis(100))
                .withT2(Duration.ofMillis(400)).withT4(Duration.ofMillis(1000));
        TransactionTable table = new TransactionTable(fast, h.clock, Harness.ALLOC);
        ClientNonInviteTransaction t = table.sendRequest(Harness.request("OPTIONS", Harness.OUR_VIA, null, 1), h.udp,
                h.listener);
        h.advance(6.4);
        assertThat(h.udp.times()).startsWith(0L, 100L, 300L, 700L, 1100L, 1500L).endsWith(6300L);
        assertThat(h.listener.events).containsExactly("timeout", "terminated");
        assertThat(t.isTerminated()).isTrue();
        assertThat(table.size()).isZero();
    }

    @Test
    void transportErrorsAreReportedAndTerminate() {
        h.udp.failSends(new IOException("refused"));
        ClientNonInviteTransaction t = bye(h.udp);
        assertThat(h.listener.events).containsExactly("transport error: refused", "terminated");
        h.assertGone(t);
    }

    @Test
    void transportErrorInProceedingTerminates() {
        ClientNonInviteTransaction t = bye(h.udp);
        SipRequest sent = h.keep(t.request());
        t.receive(h.receivedResponse(sent, 100, null));
        h.udp.failLastSendLater(new IOException("unreachable"));
        assertThat(h.listener.events).containsExactly("response 100", "transport error: unreachable", "terminated");
        h.assertGone(t);
    }
}
