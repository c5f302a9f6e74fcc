package io.sipgw.transaction;

import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionTableTest {

    private static final String META_VIA = "SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-wa-1";

    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void abandonAllEndsEveryTransactionWithItsTimersAndBuffers() {
        ClientInviteTransaction invite = h.table.sendInvite(Harness.ourInvite(Harness.OUR_VIA), h.udp, h.listener);
        ServerInviteTransaction served = h.table.serveInvite(h.receivedRequest("INVITE", META_VIA, null, 1), h.udp,
                ServerTransactionListener.IGNORE);
        assertThat(h.table.size()).isEqualTo(2);

        h.table.abandonAll();

        assertThat(h.table.size()).isZero();
        assertThat(invite.isTerminated()).isTrue();
        assertThat(served.isTerminated()).isTrue();
        assertThat(h.clock.pendingCount()).isZero();
    }

    @Test
    void aResponseMatchesByTopViaBranchAndCSeqMethod() {
        ClientInviteTransaction invite = h.table.sendInvite(Harness.ourInvite(Harness.OUR_VIA), h.udp, h.listener);
        SipRequest inviteSent = h.keep(invite.request());
        SipResponse ringing = h.receivedResponse(inviteSent, 180, "tw-9");
        assertThat(h.table.matchResponse(ringing)).isSameAs(invite);

        // The same branch with CSeq method CANCEL belongs to the CANCEL's transaction, of which there is none yet.
        SipRequest cancel = invite.newCancel();
        SipResponse cancelOk = h.receivedResponse(cancel, 200, "tw-9");
        assertThat(h.table.matchResponse(cancelOk)).isNull();
        ClientNonInviteTransaction c = h.table.sendRequest(cancel, h.udp, h.listener);
        assertThat(h.table.matchResponse(cancelOk)).isSameAs(c);

        SipRequest other = h.received(Harness.ourInvite("SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-gw-2"));
        assertThat(h.table.matchResponse(h.receivedResponse(other, 180, "tw-9"))).isNull();

        c.receive(cancelOk);
        invite.receive(h.receivedResponse(inviteSent, 487, "tw-9"));
    }

    @Test
    void aRequestMatchesByBranchSentByAndMethod() {
        ServerInviteTransaction invite = h.table.serveInvite(h.receivedRequest("INVITE", META_VIA, null, 1), h.tcp,
                h.listener);
        assertThat(h.table.matchRequest(h.receivedRequest("INVITE", META_VIA, null, 1))).isSameAs(invite);
        // sent-by hosts compare without case.
        String upperHost = "SIP/2.0/TLS [2A03:2880:F22D:1C0::FACE:B00C]:5061;branch=z9hG4bK-wa-1";
        assertThat(h.table.matchRequest(h.receivedRequest("INVITE", upperHost, null, 1))).isSameAs(invite);
        // Another sent-by, another method or another branch: another transaction.
        assertThat(h.table.matchRequest(h.receivedRequest("INVITE",
                "SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5062;branch=z9hG4bK-wa-1", null, 1))).isNull();
        assertThat(h.table.matchRequest(h.receivedRequest("BYE", META_VIA, "gw-1", 2))).isNull();
        assertThat(h.table.matchRequest(h.receivedRequest("INVITE",
                "SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-wa-2", null, 1))).isNull();
        // The ACK for a 3xx-6xx carries the INVITE's branch and finds the INVITE's transaction.
        assertThat(h.table.matchRequest(h.receivedRequest("ACK", META_VIA, "gw-1", 1))).isSameAs(invite);
        invite.respond(Harness.response(invite.request(), 486, "gw-1"));
        h.table.matchRequest(h.receivedRequest("ACK", META_VIA, "gw-1", 1))
                .receive(h.receivedRequest("ACK", META_VIA, "gw-1", 1));
        assertThat(h.table.size()).isZero();
    }

    @Test
    void aCancelFindsTheInviteItCancelsAndHasATransactionOfItsOwn() {
        ServerInviteTransaction invite = h.table.serveInvite(h.receivedRequest("INVITE", META_VIA, null, 1), h.udp,
                h.listener);
        SipRequest cancel = h.receivedRequest("CANCEL", META_VIA, null, 1);
        assertThat(h.table.matchRequest(cancel)).isNull();
        assertThat(h.table.findInviteForCancel(cancel)).isSameAs(invite);
        assertThat(h.table.findInviteForCancel(h.receivedRequest("CANCEL",
                "SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-wa-9", null, 1))).isNull();

        // What the call layer does: 200 to the CANCEL, 487 to the INVITE (RFC 3261 9.2).
        ServerNonInviteTransaction c = h.table.serveRequest(cancel, h.udp, ServerTransactionListener.IGNORE);
        c.respond(Harness.response(cancel, 200, "gw-1"));
        invite.respond(Harness.response(invite.request(), 487, "gw-1"));
        assertThat(h.table.size()).isEqualTo(2);
        SipRequest again = h.receivedRequest("CANCEL", META_VIA, null, 1);
        assertThat(h.table.matchRequest(again)).isSameAs(c);
        h.table.matchRequest(again).receive(again);
        assertThat(h.udp.statuses()).containsExactly(200, 487, 200);
        h.table.matchRequest(h.receivedRequest("ACK", META_VIA, "gw-1", 1))
                .receive(h.receivedRequest("ACK", META_VIA, "gw-1", 1));
    }

    @Test
    void aRequestWithoutABranchMatchesNothingAndStartsNoTransaction() {
        SipRequest noBranch = h.receivedRequest("INVITE", "SIP/2.0/UDP 198.51.100.7:5060", null, 1);
        assertThat(h.table.matchRequest(noBranch)).isNull();
        assertThatThrownBy(() -> h.table.serveInvite(noBranch, h.udp, h.listener))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(noBranch.refCnt()).isEqualTo(1);
        assertThat(h.table.size()).isZero();
    }

    @Test
    void misuseIsRefusedAndWhatWasHandedOverIsReleased() {
        SipRequest invite = h.receivedRequest("INVITE", META_VIA, null, 1);
        ServerInviteTransaction t = h.table.serveInvite(invite, h.tcp, h.listener);
        assertThatThrownBy(() -> h.table.serveInvite(invite, h.tcp, h.listener))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> h.table.serveRequest(invite, h.tcp, h.listener))
                .isInstanceOf(IllegalArgumentException.class);
        SipRequest ack = h.receivedRequest("ACK", META_VIA, "gw-1", 1);
        assertThatThrownBy(() -> h.table.serveRequest(ack, h.tcp, h.listener))
                .isInstanceOf(IllegalArgumentException.class);

        SipRequest bye = Harness.request("BYE", Harness.OUR_VIA, "tw-1", 2);
        assertThatThrownBy(() -> h.table.sendInvite(bye, h.tcp, h.listener))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(bye.refCnt()).isZero();
        SipRequest ourAck = Harness.request("ACK", Harness.OUR_VIA, "tw-1", 2);
        assertThatThrownBy(() -> h.table.sendRequest(ourAck, h.tcp, h.listener))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ourAck.refCnt()).isZero();
        h.table.sendInvite(Harness.ourInvite(Harness.OUR_VIA), h.tcp, h.listener);
        SipRequest sameBranch = Harness.ourInvite(Harness.OUR_VIA);
        assertThatThrownBy(() -> h.table.sendInvite(sameBranch, h.tcp, h.listener))
                .isInstanceOf(IllegalStateException.class);
        assertThat(sameBranch.refCnt()).isZero();

        t.respond(Harness.response(invite, 486, "gw-1"));
        t.receive(ack);
        SipResponse busy = h.receivedResponse(h.received(Harness.ourInvite(Harness.OUR_VIA)), 486, "tw-1");
        h.table.matchResponse(busy).receive(busy);
    }

    @Test
    void tenThousandTransactionsRunToCompletionLeaveNothingBehind() {
        RecordingListener quiet = new RecordingListener();
        for (int i = 0; i < 10_000; i++) {
            RecordingTransport transport = i % 2 == 0 ? h.udp : h.tcp;
            // Our INVITE, answered 486 (ACKed by the transaction) or 200 (ACKed by the TU).
            ClientInviteTransaction out = h.table.sendInvite(
                    Harness.ourInvite("SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-out-" + i), transport, quiet);
            SipResponse answer = Harness.response(out.request(), i % 3 == 0 ? 486 : 200, "tw-" + i);
            h.table.matchResponse(answer).receive(answer);
            answer.release();

            // Their INVITE answered 200 and ACKed, their BYE answered 200.
            String via = "SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK-in-" + i;
            SipRequest invite = Harness.request("INVITE", via, null, 1);
            ServerInviteTransaction in = h.table.serveInvite(invite, transport, quiet);
            in.respond(Harness.response(invite, 200, "gw-1"));
            invite.release();
            SipRequest ack = Harness.request("ACK", via + "-ack", "gw-1", 1);
            h.table.matchRequest(ack).receive(ack);
            ack.release();
            SipRequest bye = Harness.request("BYE", via + "-bye", "gw-1", 2);
            h.table.serveRequest(bye, transport, quiet).respond(Harness.response(bye, 200, "gw-1"));
            bye.release();

            if (i % 1000 == 999) {
                h.advance(1);
                release(transport);
            }
        }
        assertThat(h.table.size()).isPositive();
        h.advance(64);
        assertThat(h.table.size()).isZero();
        assertThat(h.clock.pendingCount()).isZero();
        assertThat(quiet.events.stream().filter(e -> e.equals("terminated")).count()).isEqualTo(30_000);
        assertThat(quiet.events).doesNotContain("timeout", "ack timeout");
    }

    @Test
    void tenThousandConcurrentTimeoutsLeaveNothingBehind() {
        List<ClientNonInviteTransaction> all = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            all.add(h.table.sendRequest(Harness.request("OPTIONS",
                    "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-opt-" + i, null, 1), h.tcp, h.listener));
        }
        assertThat(h.table.size()).isEqualTo(10_000);
        assertThat(h.clock.pendingCount()).isEqualTo(10_000);
        h.advance(32);
        assertThat(all).allMatch(ClientNonInviteTransaction::isTerminated);
        assertThat(h.table.size()).isZero();
        assertThat(h.clock.pendingCount()).isZero();
        assertThat(h.listener.events.stream().filter(e -> e.equals("timeout")).count()).isEqualTo(10_000);
    }

    private static void release(RecordingTransport transport) {
        transport.close();
    }
}
