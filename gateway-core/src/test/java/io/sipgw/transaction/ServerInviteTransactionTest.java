package io.sipgw.transaction;

import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.transaction.ServerInviteTransaction.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class ServerInviteTransactionTest {

    /** The ACK for a 2xx has a branch of its own (RFC 3261 8.1.1.7). */
    private static final String ACK_2XX_VIA = "SIP/2.0/UDP [2a03:2880:f22d:1c0::face:b00c]:5060;branch=z9hG4bK-wa-ack1";

    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    private SipRequest invite() {
        return h.receivedRequest("INVITE", Harness.THEIR_VIA, null, 1);
    }

    private ServerInviteTransaction serve(RecordingTransport transport) {
        return h.table.serveInvite(invite(), transport, h.listener);
    }

    /** What the pipeline does with a request: to its transaction when it has one; false when it has none. */
    private boolean deliver(SipRequest request) {
        ServerTransaction t = h.table.matchRequest(request);
        if (t == null) {
            return false;
        }
        t.receive(request);
        return true;
    }

    /** The ACK for a 3xx-6xx, hop by hop with the INVITE's branch, as the caller's transaction builds it. */
    private SipRequest ackForFailure(ServerInviteTransaction t) {
        return h.received(HopByHopRequests.ack(invite(), (SipResponse) h.udp.last(), Harness.ALLOC));
    }

    private SipRequest ackForSuccess() {
        return h.receivedRequest("ACK", ACK_2XX_VIA, "gw-1", 1);
    }

    @Test
    void sendsTryingItselfWhenTheTuHasNotAnsweredWithin200Ms() {
        ServerInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        assertThat(t.state()).isEqualTo(State.PROCEEDING);
        h.advance(0.199);
        assertThat(h.udp.count()).isZero();
        h.advance(0.001);
        assertThat(h.udp.statuses()).containsExactly(100);
        SipResponse trying = (SipResponse) h.udp.last();
        assertThat(trying.topViaBranch()).isEqualTo("z9hG4bK-wa-7f3a91c2");
        assertThat(trying.callId()).isEqualTo(sent.callId());
        assertThat(trying.header(SipHeaderName.CSEQ)).isEqualTo("1 INVITE");
        assertThat(h.clock.pendingCount()).isZero();

        // A retransmitted INVITE gets the 100 again.
        assertThat(deliver(invite())).isTrue();
        assertThat(h.udp.statuses()).containsExactly(100, 100);
        t.respond(Harness.response(sent, 486, "gw-1"));
    }

    @Test
    void noTryingWhenTheTuAnswersFirst() {
        ServerInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        h.advance(0.05);
        assertThat(t.respond(Harness.response(sent, 100, null))).isTrue();
        h.advance(1);
        assertThat(h.udp.statuses()).containsExactly(100);
        t.respond(Harness.response(sent, 486, "gw-1"));
    }

    @Test
    void proceedingAbsorbsRetransmissionsAndAnswersThemWithTheLastProvisional() {
        ServerInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        h.advance(0.1);
        assertThat(deliver(invite())).isTrue(); // nothing to answer with yet
        assertThat(h.udp.count()).isZero();
        t.respond(Harness.response(sent, 100, null));
        t.respond(Harness.response(sent, 180, "gw-1"));
        assertThat(deliver(invite())).isTrue();
        assertThat(h.udp.statuses()).containsExactly(100, 180, 180);
        assertThat(h.table.size()).isEqualTo(1);
        assertThat(h.listener.events).isEmpty();
        t.respond(Harness.response(sent, 486, "gw-1"));
    }

    @Test
    void anAckBeforeAnyFinalResponseIsIgnored() {
        ServerInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        t.respond(Harness.response(sent, 180, "gw-1"));
        assertThat(deliver(h.receivedRequest("ACK", Harness.THEIR_VIA, "gw-1", 1))).isTrue();
        assertThat(t.state()).isEqualTo(State.PROCEEDING);
        assertThat(h.listener.events).isEmpty();
        assertThat(h.udp.statuses()).containsExactly(180);
        t.respond(Harness.response(sent, 486, "gw-1"));
    }

    @Test
    void failureIsRetransmittedOnTimerGCappedAtT2UntilTimerHReportsTheMissingAck() {
        ServerInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        h.advance(0.1);
        assertThat(t.respond(Harness.response(sent, 486, "gw-1"))).isTrue();
        assertThat(t.state()).isEqualTo(State.COMPLETED);
        h.advance(31.999);
        // RFC 3261 17.2.1: intervals 0.5, 1, 2, 4, then T2 = 4 s.
        assertThat(h.udp.times()).containsExactly(100L, 600L, 1600L, 3600L, 7600L, 11600L, 15600L, 19600L, 23600L,
                27600L, 31600L);
        assertThat(h.udp.statuses()).containsOnly(486);
        assertThat(h.listener.events).isEmpty();
        h.advance(0.001);
        assertThat(h.listener.events).containsExactly("ack timeout", "terminated");
        h.assertGone(t);
    }

    @Test
    void retransmittedInviteInCompletedGetsTheFinalResponse() {
        ServerInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        t.respond(Harness.response(sent, 180, "gw-1"));
        t.respond(Harness.response(sent, 603, "gw-1"));
        h.advance(0.2);
        assertThat(deliver(invite())).isTrue();
        assertThat(h.udp.statuses()).containsExactly(180, 603, 603);
        deliver(ackForFailure(t));
    }

    @Test
    void ackConfirmsStopsRetransmissionsAndTimerIEnds() {
        ServerInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        t.respond(Harness.response(sent, 486, "gw-1"));
        h.advance(0.7);
        assertThat(deliver(ackForFailure(t))).isTrue();
        assertThat(t.state()).isEqualTo(State.CONFIRMED);
        assertThat(deliver(ackForFailure(t))).isTrue(); // a retransmitted ACK is absorbed
        assertThat(deliver(invite())).isTrue(); // and so is a late INVITE
        h.advance(4.999);
        assertThat(h.udp.times()).containsExactly(0L, 500L);
        assertThat(t.state()).isEqualTo(State.CONFIRMED);
        // Timer I: T4 = 5 s; the ACK for a 3xx-6xx is not the TU's.
        h.advance(0.001);
        assertThat(h.listener.events).containsExactly("terminated");
        h.assertGone(t);
    }

    @Test
    void successIsRetransmittedUntilItsAckArrivesThenAcceptedAbsorbsUntilTimerL() {
        ServerInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        t.respond(Harness.response(sent, 180, "gw-1"));
        h.advance(1);
        assertThat(t.respond(Harness.response(sent, 200, "gw-1"))).isTrue();
        assertThat(t.state()).isEqualTo(State.ACCEPTED);
        h.advance(11.9);
        // RFC 3261 13.3.1.4: T1, doubling up to T2.
        assertThat(h.udp.times()).containsExactly(0L, 1000L, 1500L, 2500L, 4500L, 8500L, 12500L);
        assertThat(h.udp.statuses()).containsExactly(180, 200, 200, 200, 200, 200, 200);

        // The ACK has a branch of its own, yet finds the transaction by dialog and CSeq; it goes to the TU.
        SipRequest ack = ackForSuccess();
        assertThat(h.table.matchRequest(ack)).isSameAs(t);
        assertThat(deliver(ack)).isTrue();
        assertThat(t.isAcknowledged()).isTrue();
        assertThat(h.listener.events).containsExactly("ack 1");

        // RFC 6026 7.1: retransmitted INVITEs are absorbed, not answered; no more 2xx.
        assertThat(deliver(invite())).isTrue();
        h.advance(20.099);
        assertThat(h.udp.count()).isEqualTo(7);
        assertThat(t.state()).isEqualTo(State.ACCEPTED);

        // Timer L: 64*T1 after the 2xx.
        h.advance(0.001);
        assertThat(h.listener.events).containsExactly("ack 1", "terminated");
        h.assertGone(t);
        assertThat(deliver(ackForSuccess())).isFalse(); // from now on the TU matches a late ACK by its dialog
    }

    @Test
    void retransmittedAcksForTheSuccessGoToTheTuToo() {
        ServerInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        t.respond(Harness.response(sent, 200, "gw-1"));
        deliver(ackForSuccess());
        deliver(ackForSuccess());
        assertThat(h.listener.events).containsExactly("ack 1", "ack 1");
        assertThat(h.udp.count()).isEqualTo(1);
    }

    @Test
    void anAckWithTheInvitesBranchAlsoEndsTheSuccessRetransmissions() {
        ServerInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        t.respond(Harness.response(sent, 200, "gw-1"));
        assertThat(deliver(h.receivedRequest("ACK", Harness.THEIR_VIA, "gw-1", 1))).isTrue();
        assertThat(h.listener.events).containsExactly("ack 1");
        h.advance(10);
        assertThat(h.udp.count()).isEqualTo(1);
    }

    @Test
    void noAckForTheSuccessIsReportedWhenTimerLEnds() {
        ServerInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        t.respond(Harness.response(sent, 200, "gw-1"));
        h.advance(31.999);
        assertThat(h.udp.times()).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L,
                27500L, 31500L);
        h.advance(0.001);
        assertThat(h.listener.events).containsExactly("ack timeout", "terminated");
        h.assertGone(t);
    }

    @Test
    void theTuMaySendItsSuccessAgainInAcceptedButNothingElse() {
        ServerInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        t.respond(Harness.response(sent, 200, "gw-1"));
        assertThat(t.respond(Harness.response(sent, 200, "gw-1"))).isTrue();
        SipResponse late = Harness.response(sent, 180, "gw-1");
        assertThat(t.respond(late)).isFalse();
        assertThat(late.refCnt()).isZero();
        assertThat(h.udp.statuses()).containsExactly(200, 200);
        deliver(ackForSuccess());
    }

    @Test
    void responsesAfterAFailureAreRefusedAndReleased() {
        ServerInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        t.respond(Harness.response(sent, 487, "gw-1"));
        SipResponse ok = Harness.response(sent, 200, "gw-1");
        assertThat(t.respond(ok)).isFalse();
        assertThat(ok.refCnt()).isZero();
        deliver(ackForFailure(t));
        SipResponse again = Harness.response(sent, 487, "gw-1");
        assertThat(t.respond(again)).isFalse();
        assertThat(again.refCnt()).isZero();
    }

    @Test
    void reliableTransportSendsEachResponseOnceAndTimerIIsZero() {
        ServerInviteTransaction t = serve(h.tcp);
        SipRequest sent = h.keep(t.request());
        t.respond(Harness.response(sent, 486, "gw-1"));
        assertThat(h.clock.pendingCount()).isEqualTo(1); // Timer H only
        h.advance(10);
        assertThat(h.tcp.count()).isEqualTo(1);
        SipRequest ack = h.received(HopByHopRequests.ack(sent, (SipResponse) h.tcp.last(), Harness.ALLOC));
        assertThat(deliver(ack)).isTrue();
        assertThat(h.listener.events).containsExactly("terminated");
        h.assertGone(t);
        SipResponse late = Harness.response(ack, 500, "gw-1");
        assertThat(t.respond(late)).isFalse();
        assertThat(late.refCnt()).isZero();
    }

    @Test
    void reliableTransportSendsTheSuccessOnceAndStillWaitsTimerLForItsAck() {
        ServerInviteTransaction t = serve(h.tcp);
        SipRequest sent = h.keep(t.request());
        t.respond(Harness.response(sent, 200, "gw-1"));
        assertThat(h.clock.pendingCount()).isEqualTo(1); // Timer L only
        h.advance(31.999);
        assertThat(h.tcp.count()).isEqualTo(1);
        h.advance(0.001);
        assertThat(h.listener.events).containsExactly("ack timeout", "terminated");
        h.assertGone(t);
    }

    @Test
    void reliableTransportHasTimerHForTheMissingAck() {
        ServerInviteTransaction t = serve(h.tcp);
        SipRequest sent = h.keep(t.request());
        t.respond(Harness.response(sent, 500, "gw-1"));
        h.advance(32);
        assertThat(h.listener.events).containsExactly("ack timeout", "terminated");
        assertThat(h.tcp.count()).isEqualTo(1);
        h.assertGone(t);
    }

    @Test
    void transportErrorsAreReportedAndTheStateStays() {
        ServerInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        h.udp.failSends(new IOException("gone"));
        t.respond(Harness.response(sent, 180, "gw-1"));
        assertThat(t.state()).isEqualTo(State.PROCEEDING);
        t.respond(Harness.response(sent, 486, "gw-1"));
        assertThat(t.state()).isEqualTo(State.COMPLETED);
        assertThat(h.listener.events).containsExactly("transport error: gone", "transport error: gone");
        h.advance(32);
        assertThat(h.listener.events).endsWith("ack timeout", "terminated");
        h.assertGone(t);
    }

    @Test
    void transportErrorInAcceptedIsReported() {
        ServerInviteTransaction t = serve(h.udp);
        SipRequest sent = h.keep(t.request());
        t.respond(Harness.response(sent, 200, "gw-1"));
        h.udp.failLastSendLater(new IOException("unreachable"));
        assertThat(t.state()).isEqualTo(State.ACCEPTED);
        assertThat(h.listener.events).containsExactly("transport error: unreachable");
        deliver(ackForSuccess());
    }

    @Test
    void theInviteIsReleasedOnceTheFinalResponseIsSent() {
        SipRequest invite = invite();
        ServerInviteTransaction t = h.table.serveInvite(invite, h.tcp, h.listener);
        assertThat(invite.refCnt()).isEqualTo(2);
        t.respond(Harness.response(invite, 404, "gw-1"));
        // Timer H keeps the transaction for its ACK, but only the 404 and the key are needed for that.
        assertThat(t.state()).isEqualTo(State.COMPLETED);
        assertThat(t.request()).isNull();
        assertThat(invite.refCnt()).isEqualTo(1);
        h.advance(32);
        assertThat(t.isTerminated()).isTrue();
        assertThat(invite.refCnt()).isEqualTo(1);
    }
}
