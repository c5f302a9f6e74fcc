package io.sipgw.transaction;

import io.sipgw.sip.NameAddr;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipMethod;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.transaction.ClientInviteTransaction.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClientInviteTransactionTest {

    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    private ClientInviteTransaction invite(RecordingTransport transport) {
        return h.table.sendInvite(Harness.ourInvite(Harness.OUR_VIA), transport, h.listener);
    }

    @Test
    void callingRetransmitsOnTimerADoublingUntilTimerBReportsTheTimeout() {
        ClientInviteTransaction t = invite(h.udp);
        assertThat(t.state()).isEqualTo(State.CALLING);
        assertThat(h.table.size()).isEqualTo(1);

        h.advance(31.999);
        assertThat(t.state()).isEqualTo(State.CALLING);
        assertThat(h.listener.events).isEmpty();
        // RFC 3261 17.1.1.2: at 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s; Timer A is not capped at T2.
        assertThat(h.udp.times()).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L);
        assertThat(h.udp.startLines()).allMatch(l -> l.startsWith("INVITE "));

        h.advance(0.001);
        assertThat(h.listener.events).containsExactly("timeout", "terminated");
        h.assertGone(t);
        assertThat(h.udp.count()).isEqualTo(7);
    }

    @Test
    void givingUpInProceedingEndsTheTransactionWithItsTimers() {
        ClientInviteTransaction t = invite(h.udp);
        SipRequest sent = h.keep(t.request());
        t.receive(h.receivedResponse(sent, 180, "tw-9"));

        t.giveUp();

        assertThat(t.state()).isEqualTo(State.TERMINATED);
        assertThat(h.table.size()).isZero();
        assertThat(h.clock.pendingCount()).isZero();
    }

    @Test
    void provisionalMovesToProceedingAndStopsRetransmissionsAndTimerB() {
        ClientInviteTransaction t = invite(h.udp);
        SipRequest sent = h.keep(t.request());
        h.advance(0.2);
        t.receive(h.receivedResponse(sent, 100, null));
        assertThat(t.state()).isEqualTo(State.PROCEEDING);
        t.receive(h.receivedResponse(sent, 180, "tw-9"));
        assertThat(t.state()).isEqualTo(State.PROCEEDING);
        assertThat(h.listener.events).containsExactly("response 100", "response 180");
        assertThat(h.clock.pendingCount()).isZero();

        // Ringing may outlast Timer B: only the TU's own limit ends it.
        h.advance(120);
        assertThat(h.udp.count()).isEqualTo(1);
        assertThat(t.state()).isEqualTo(State.PROCEEDING);
        assertThat(h.listener.events).hasSize(2);
        t.receive(h.receivedResponse(sent, 487, "tw-9"));
        assertThat(t.state()).isEqualTo(State.COMPLETED);
    }

    @Test
    void failureIsAckedHopByHopWithTheInvitesBranchAndTheResponsesToTag() {
        ClientInviteTransaction t = invite(h.udp);
        SipRequest sent = h.keep(t.request());
        t.receive(h.receivedResponse(sent, 180, "tw-9"));
        t.receive(h.receivedResponse(sent, 486, "tw-9"));

        assertThat(t.state()).isEqualTo(State.COMPLETED);
        assertThat(h.listener.events).containsExactly("response 180", "response 486");
        assertThat(h.udp.count()).isEqualTo(2);
        SipRequest ack = (SipRequest) h.udp.last();
        // RFC 3261 17.1.1.3
        assertThat(ack.method()).isEqualTo(SipMethod.ACK);
        assertThat(ack.requestUriText()).isEqualTo("sip:+15550001111@example.sip.twilio.com");
        assertThat(ack.headers("Via")).containsExactly(Harness.OUR_VIA);
        assertThat(ack.topViaBranch()).isEqualTo("z9hG4bK-gw-1");
        assertThat(ack.headers("Route")).containsExactly("<sip:edge1.example.com;lr>", "<sip:edge2.example.com;lr>");
        assertThat(ack.header(SipHeaderName.FROM)).isEqualTo(sent.header(SipHeaderName.FROM));
        assertThat(ack.to().tag()).isEqualTo("tw-9");
        assertThat(ack.to().uriText()).isEqualTo("sip:+15550001111@example.sip.twilio.com");
        assertThat(ack.callId()).isEqualTo("c-1@gw.example.com");
        assertThat(ack.cseq().number()).isEqualTo(7);
        assertThat(ack.cseqMethod()).isEqualTo(SipMethod.ACK);
        assertThat(ack.maxForwards()).isEqualTo(69);
        assertThat(ack.hasHeader(SipHeaderName.CONTACT)).isFalse();
        assertThat(ack.bodyLength()).isZero();
        assertThat(ack.header(SipHeaderName.CONTENT_LENGTH)).isEqualTo("0");

        // A retransmitted 486 is ACKed again and not passed up.
        h.advance(1);
        t.receive(h.receivedResponse(sent, 486, "tw-9"));
        assertThat(h.udp.count()).isEqualTo(3);
        assertThat(h.udp.startLines().get(2)).startsWith("ACK ");
        assertThat(h.listener.events).containsExactly("response 180", "response 486");

        // Timer D: 32 s after the 486.
        h.advance(30.999);
        assertThat(t.state()).isEqualTo(State.COMPLETED);
        h.advance(0.001);
        assertThat(h.listener.events).containsExactly("response 180", "response 486", "terminated");
        h.assertGone(t);
    }

    @Test
    void failureInCallingStopsRetransmissionsAndIsAcked() {
        ClientInviteTransaction t = invite(h.udp);
        SipRequest sent = h.keep(t.request());
        h.advance(0.6);
        t.receive(h.receivedResponse(sent, 503, "tw-1"));
        assertThat(t.state()).isEqualTo(State.COMPLETED);
        assertThat(h.udp.startLines()).extracting(l -> l.substring(0, 3)).containsExactly("INV", "INV", "ACK");
        h.advance(40);
        assertThat(h.udp.count()).isEqualTo(3);
        h.assertGone(t);
    }

    @Test
    void successGoesToTheTuAndAcceptedPassesRetransmitted2xxUpUntilTimerM() {
        ClientInviteTransaction t = invite(h.udp);
        SipRequest sent = h.keep(t.request());
        h.advance(0.1);
        t.receive(h.receivedResponse(sent, 180, "tw-9"));
        t.receive(h.receivedResponse(sent, 200, "tw-9"));
        assertThat(t.state()).isEqualTo(State.ACCEPTED);
        assertThat(h.listener.events).containsExactly("response 180", "response 200");
        // The TU ACKs a 2xx, end to end; the transaction sends nothing.
        assertThat(h.udp.count()).isEqualTo(1);

        // RFC 6026 7.2: each retransmitted 2xx goes to the TU, which ACKs it again; a late 1xx or 4xx does not.
        h.advance(0.5);
        t.receive(h.receivedResponse(sent, 200, "tw-9"));
        t.receive(h.receivedResponse(sent, 180, "tw-9"));
        t.receive(h.receivedResponse(sent, 486, "tw-9"));
        assertThat(h.listener.events).containsExactly("response 180", "response 200", "response 200");
        assertThat(h.udp.count()).isEqualTo(1);

        // Timer M: 64*T1 after the first 2xx.
        h.advance(31.499);
        assertThat(t.state()).isEqualTo(State.ACCEPTED);
        h.advance(0.001);
        assertThat(h.listener.events).endsWith("terminated");
        h.assertGone(t);
        SipRequest again = h.received(Harness.ourInvite(Harness.OUR_VIA));
        assertThat(h.table.matchResponse(h.receivedResponse(again, 200, "tw-9"))).isNull();
    }

    @Test
    void successInCallingMovesToAccepted() {
        ClientInviteTransaction t = invite(h.udp);
        SipRequest sent = h.keep(t.request());
        t.receive(h.receivedResponse(sent, 200, "tw-9"));
        assertThat(t.state()).isEqualTo(State.ACCEPTED);
        h.advance(31.999);
        assertThat(h.udp.count()).isEqualTo(1);
        assertThat(h.listener.events).containsExactly("response 200");
        h.advance(0.001);
        h.assertGone(t);
    }

    @Test
    void reliableTransportHasNoTimerAAndTimerDIsZero() {
        ClientInviteTransaction t = invite(h.tcp);
        SipRequest sent = h.keep(t.request());
        assertThat(h.clock.pendingCount()).isEqualTo(1); // Timer B only
        h.advance(10);
        assertThat(h.tcp.count()).isEqualTo(1);

        t.receive(h.receivedResponse(sent, 486, "tw-9"));
        assertThat(h.tcp.startLines()).extracting(l -> l.substring(0, 3)).containsExactly("INV", "ACK");
        assertThat(h.listener.events).containsExactly("response 486", "terminated");
        h.assertGone(t);
    }

    @Test
    void reliableTransportStillTimesOutOnTimerB() {
        ClientInviteTransaction t = invite(h.tcp);
        h.advance(31.999);
        assertThat(h.listener.events).isEmpty();
        h.advance(0.001);
        assertThat(h.listener.events).containsExactly("timeout", "terminated");
        assertThat(h.tcp.count()).isEqualTo(1);
        h.assertGone(t);
    }

    @Test
    void transportErrorWhileSendingTheInviteIsReportedAndTerminates() {
        h.udp.failSends(new IOException("no route"));
        ClientInviteTransaction t = invite(h.udp);
        assertThat(h.listener.events).containsExactly("transport error: no route", "terminated");
        h.assertGone(t);
    }

    @Test
    void transportErrorReportedLaterTerminates() {
        ClientInviteTransaction t = invite(h.udp);
        h.advance(0.5);
        h.udp.failLastSendLater(new IOException("port unreachable"));
        assertThat(h.listener.events).containsExactly("transport error: port unreachable", "terminated");
        h.assertGone(t);
        h.udp.failLastSendLater(new IOException("again"));
        assertThat(h.listener.events).hasSize(2);
    }

    @Test
    void transportErrorOnARetransmissionLeavesNoTimerBehind() {
        ClientInviteTransaction t = invite(h.udp);
        h.udp.failSends(new IOException("down"));
        h.advance(0.5);
        assertThat(h.listener.events).containsExactly("transport error: down", "terminated");
        h.assertGone(t);
    }

    @Test
    void transportErrorInProceedingAndWhileAckingTerminates() {
        ClientInviteTransaction t = invite(h.udp);
        SipRequest sent = h.keep(t.request());
        t.receive(h.receivedResponse(sent, 180, "tw-9"));
        h.udp.failSends(new IOException("closed"));
        t.receive(h.receivedResponse(sent, 486, "tw-9"));
        assertThat(h.listener.events).containsExactly("response 180", "response 486", "transport error: closed",
                "terminated");
        h.assertGone(t);
    }

    @Test
    void transportErrorReportedInProceedingTerminates() {
        ClientInviteTransaction t = invite(h.udp);
        SipRequest sent = h.keep(t.request());
        t.receive(h.receivedResponse(sent, 183, "tw-9"));
        h.udp.failLastSendLater(new IOException("connection reset"));
        assertThat(h.listener.events).containsExactly("response 183", "transport error: connection reset",
                "terminated");
        h.assertGone(t);
    }

    @Test
    void cancelCopiesTheInvitesRoutingFieldsAndHasATransactionOfItsOwn() {
        ClientInviteTransaction t = invite(h.udp);
        SipRequest sent = h.keep(t.request());
        t.receive(h.receivedResponse(sent, 180, "tw-9"));
        SipRequest cancel = t.newCancel();
        // RFC 3261 9.1
        assertThat(cancel.method()).isEqualTo(SipMethod.CANCEL);
        assertThat(cancel.requestUriText()).isEqualTo(sent.requestUriText());
        assertThat(cancel.headers("Via")).containsExactly(Harness.OUR_VIA);
        assertThat(cancel.headers("Route")).hasSize(2);
        assertThat(cancel.header(SipHeaderName.TO)).isEqualTo("<sip:+15550001111@example.sip.twilio.com>");
        assertThat(cancel.fromTag()).isEqualTo("gw-3b8f");
        assertThat(cancel.callId()).isEqualTo(sent.callId());
        assertThat(cancel.header(SipHeaderName.CSEQ)).isEqualTo("7 CANCEL");

        RecordingListener cancelListener = new RecordingListener();
        ClientNonInviteTransaction c = h.table.sendRequest(cancel, h.udp, cancelListener);
        SipRequest cSent = h.keep(c.request());
        assertThat(h.table.size()).isEqualTo(2);
        SipResponse ok = h.receivedResponse(cSent, 200, "tw-9");
        SipResponse terminated = h.receivedResponse(sent, 487, "tw-9");
        assertThat(h.table.matchResponse(ok)).isSameAs(c);
        assertThat(h.table.matchResponse(terminated)).isSameAs(t);
        h.table.matchResponse(ok).receive(ok);
        h.table.matchResponse(terminated).receive(terminated);
        assertThat(cancelListener.events).containsExactly("response 200");
        assertThat(h.listener.events).containsExactly("response 180", "response 487");
        assertThat(h.udp.startLines()).extracting(l -> l.substring(0, 3)).containsExactly("INV", "CAN", "ACK");

        h.advance(40);
        assertThat(cancelListener.events).containsExactly("response 200", "terminated");
        h.assertGone(t);
    }

    @Test
    void theInviteIsReleasedWhenTheTransactionEnds() {
        ClientInviteTransaction t = invite(h.tcp);
        SipRequest request = t.request();
        assertThat(request.refCnt()).isEqualTo(2); // ours, and the transport's copy
        t.receive(h.receivedResponse(request, 404, "x"));
        assertThat(request.refCnt()).isEqualTo(1); // the transport's copy only
        assertThat(List.of(t.state())).containsExactly(State.TERMINATED);
    }

    /** Timer D keeps a UDP transaction 32 s after a failure, and Timer M after a 2xx: without its INVITE. */
    @Test
    void theInviteIsReleasedAtTheFinalResponseThoughTheTransactionLivesOn() {
        ClientInviteTransaction failed = invite(h.udp);
        SipRequest first = failed.request();
        failed.receive(h.receivedResponse(first, 486, "x"));
        assertThat(failed.state()).isEqualTo(State.COMPLETED);
        assertThat(failed.request()).isNull();
        assertThat(first.refCnt()).isEqualTo(1); // the transport's copy only

        ClientInviteTransaction answered = h.table.sendInvite(Harness.ourInvite(Harness.OUR_VIA.replace("gw-1", "gw-2")),
                h.udp, h.listener);
        SipRequest second = answered.request();
        answered.receive(h.receivedResponse(second, 200, "y"));
        assertThat(answered.state()).isEqualTo(State.ACCEPTED);
        assertThat(answered.request()).isNull();
        assertThat(second.refCnt()).isEqualTo(1);
        // A retransmitted 486 still gets the ACK, which the transaction kept (first is the transport's copy).
        failed.receive(h.receivedResponse(first, 486, "x"));
        assertThat(h.udp.startLines()).last().asString().startsWith("ACK ");
    }
}
