package io.sipgw.transaction;

import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.transaction.ServerNonInviteTransaction.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class ServerNonInviteTransactionTest {

    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    private SipRequest bye() {
        return h.receivedRequest("BYE", Harness.THEIR_VIA, "gw-1", 2);
    }

    private ServerNonInviteTransaction serve(RecordingTransport transport) {
        return h.table.serveRequest(bye(), transport, h.listener);
    }

    /** What the pipeline does with a request: to its transaction when it has one. */
    private void retransmit() {
        SipRequest again = bye();
        ServerTransaction t = h.table.matchRequest(again);
        assertThat(t).isNotNull();
        t.receive(again);
    }

    @Test
    void tryingDiscardsRetransmissions() {
        ServerNonInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        assertThat(t.state()).isEqualTo(State.TRYING);
        retransmit();
        assertThat(h.udp.count()).isZero();
        assertThat(h.clock.pendingCount()).isZero();
        t.respond(Harness.response(sent, 200, "gw-1"));
    }

    @Test
    void proceedingAnswersRetransmissionsWithTheLastProvisional() {
        ServerNonInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        assertThat(t.respond(Harness.response(sent, 100, null))).isTrue();
        assertThat(t.state()).isEqualTo(State.PROCEEDING);
        retransmit();
        assertThat(h.udp.statuses()).containsExactly(100, 100);
        t.respond(Harness.response(sent, 200, "gw-1"));
    }

    @Test
    void completedAnswersRetransmissionsWithTheFinalResponseUntilTimerJ() {
        ServerNonInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        h.advance(0.1);
        assertThat(t.respond(Harness.response(sent, 200, "gw-1"))).isTrue();
        assertThat(t.state()).isEqualTo(State.COMPLETED);
        h.advance(10);
        retransmit();
        assertThat(h.udp.statuses()).containsExactly(200, 200);
        assertThat(h.udp.times()).containsExactly(100L, 10100L);

        // Timer J: 64*T1 after the final response; no retransmission of its own.
        h.advance(21.999);
        assertThat(t.state()).isEqualTo(State.COMPLETED);
        h.advance(0.001);
        assertThat(h.listener.events).containsExactly("terminated");
        h.assertGone(t);
        assertThat(h.table.matchRequest(bye())).isNull();
    }

    @Test
    void aResponseAfterTheFinalOneIsRefusedAndReleased() {
        ServerNonInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        t.respond(Harness.response(sent, 200, "gw-1"));
        SipResponse late = Harness.response(sent, 500, "gw-1");
        assertThat(t.respond(late)).isFalse();
        assertThat(late.refCnt()).isZero();
        assertThat(h.udp.statuses()).containsExactly(200);
    }

    @Test
    void reliableTransportMakesTimerJZero() {
        ServerNonInviteTransaction t = serve(h.tcp);
        SipRequest sent = h.keep(t.request());
        SipRequest request = sent;
        assertThat(t.respond(Harness.response(request, 200, "gw-1"))).isTrue();
        assertThat(h.listener.events).containsExactly("terminated");
        h.assertGone(t);
        SipResponse late = Harness.response(bye(), 200, "gw-1");
        assertThat(t.respond(late)).isFalse();
        assertThat(late.refCnt()).isZero();
    }

    @Test
    void transportErrorIsReportedAndTheStateStays() {
        ServerNonInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        h.udp.failSends(new IOException("gone"));
        t.respond(Harness.response(sent, 183, null));
        assertThat(t.state()).isEqualTo(State.PROCEEDING);
        t.respond(Harness.response(sent, 200, "gw-1"));
        assertThat(t.state()).isEqualTo(State.COMPLETED);
        assertThat(h.listener.events).containsExactly("transport error: gone", "transport error: gone");
        h.advance(32);
        h.assertGone(t);
    }
}
