package io.sipgw.call;

import io.sipgw.sdp.SdpParseException;
import io.sipgw.sdp.SessionDescription;
import io.sipgw.sip.NameAddr;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipMethod;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipRequestBuilder;
import io.sipgw.sip.SipResponse;
import io.sipgw.sip.SipResponseBuilder;
import io.sipgw.sip.SipStatus;
import io.sipgw.sip.SipUri;
import io.sipgw.transaction.ClientInviteTransaction;
import io.sipgw.transaction.ClientTransaction;
import io.sipgw.transaction.ClientTransactionListener;
import io.sipgw.transaction.ServerInviteTransaction;
import io.sipgw.transaction.ServerTransactionListener;
import io.sipgw.transaction.TimerService;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One bridged call: the caller leg (we are UAS, RFC 3261 section 12.1.1) and the callee leg (we are UAC, section
 * 12.1.2), the two INVITE transactions, and what moves between them. Lives on one event loop; keeps no message,
 * so ending it releases nothing.
 */
public final class Call {

    /** Where the call is. */
    public enum State { CALLING, PROCEEDING, ANSWERED, CONFIRMED, ENDED }

    private final B2bua b2bua;
    private final Route route;
    final Leg caller;
    final Leg callee;
    private final long startNanos;
    private long answerNanos;
    private State state = State.CALLING;
    ServerInviteTransaction callerInvite;
    ClientInviteTransaction calleeInvite;
    private long calleeInviteCSeq;
    /** The SDP offer the callee got, to check its answer against; dropped once answered. */
    SessionDescription offerSent;
    private boolean ackSent;
    /** A CANCEL is due as soon as the callee sends a provisional response (RFC 3261 section 9.1). */
    private boolean cancelPending;
    /** Cancels the ring timeout; set when the callee INVITE is sent. */
    TimerService.Cancellable ringTimer;
    /** Cancels the end of the longest call allowed; set when the callee answers. */
    private TimerService.Cancellable durationTimer;

    Call(B2bua b2bua, Route route, Leg caller, Leg callee, long startNanos) {
        this.b2bua = b2bua;
        this.route = route;
        this.caller = caller;
        this.callee = callee;
        this.startNanos = startNanos;
    }

    /** The caller leg's Call-ID (Meta's), the key of every log line. */
    public String callerCallId() {
        return caller.callId;
    }

    /** The callee leg's Call-ID (ours). */
    public String calleeCallId() {
        return callee.callId;
    }

    /** Where the call is. */
    public State state() {
        return state;
    }

    /** How the call is bridged. */
    public Route route() {
        return route;
    }

    /** The callee-leg INVITE now in flight (the first, or one re-sent with credentials) and its CSeq. */
    void calleeInviteSent(ClientTransaction tx, long cseq) {
        this.calleeInvite = (ClientInviteTransaction) tx;
        this.calleeInviteCSeq = cseq;
    }

    /**
     * The leg facing Twilio, the only one whose re-INVITEs and UPDATEs the gateway answers itself (PEERS: Meta
     * takes none), so the only one that keeps SDP for it.
     */
    Leg twilioLeg() {
        return route.direction() == Direction.USER_INITIATED ? callee : caller;
    }

    /** Remembers the SDP {@code leg}'s peer sent, when it is the leg facing Twilio. */
    void sdpFrom(Leg leg, SessionDescription sdp) {
        if (leg == twilioLeg()) {
            leg.mediaFromPeer = MediaChange.key(sdp);
        }
    }

    /** Remembers the SDP body sent to {@code leg}'s peer, when it is the leg facing Twilio. */
    void sdpTo(Leg leg, String contentType, byte[] body) {
        if (leg == twilioLeg()) {
            leg.sentBody(contentType, body);
        }
    }

    /** Whether a challenged callee-leg INVITE is still worth re-sending: nobody has given up on the call. */
    boolean wantsCalleeInvite() {
        return state == State.CALLING || state == State.PROCEEDING;
    }

    // ---------------------------------------------------------------- the callee's responses

    /** Listens to the callee-leg INVITE transaction. */
    final ClientTransactionListener calleeListener = new ClientTransactionListener() {
        @Override
        public void onResponse(SipResponse response) {
            calleeResponse(response);
        }

        @Override
        public void onTimeout() {
            // RFC 3261 17.1.1.2: Timer B; the caller learns that nobody answered.
            failCaller(SipStatus.REQUEST_TIMEOUT, "callee-timeout");
        }

        @Override
        public void onTransportError(Throwable cause) {
            b2bua.log().warn("call {}: callee unreachable: {}", caller.callId, cause.toString());
            failCaller(SipStatus.SERVICE_UNAVAILABLE, "callee-unreachable");
        }
    };

    /** Listens to the caller-leg INVITE transaction: its ACK for our 2xx. */
    final ServerTransactionListener callerListener = new ServerTransactionListener() {
        @Override
        public void onAck(SipRequest ack) {
            callerAck();
        }

        @Override
        public void onAckTimeout() {
            if (state == State.ANSWERED) {
                // RFC 3261 13.3.1.4: no ACK for the 2xx, so the session ends with a BYE on both legs.
                byeCallee();
                byeCaller();
                end("no-ack");
            }
        }
    };

    private void calleeResponse(SipResponse response) {
        int status = response.status();
        if (status == SipStatus.TRYING) {
            return;
        }
        if (status < 200) {
            calleeProvisional(response);
        } else if (status < 300) {
            calleeSuccess(response);
        } else {
            calleeFailure(response);
        }
    }

    private void calleeProvisional(SipResponse response) {
        if (cancelPending) {
            // RFC 3261 9.1: the CANCEL waited for a provisional response.
            cancelPending = false;
            b2bua.sendCancel(this);
            return;
        }
        if (state == State.CALLING) {
            state = State.PROCEEDING;
        }
        if (state != State.PROCEEDING) {
            return;
        }
        SipResponseBuilder relay = toCaller(response.status(), response.reasonPhrase(), true);
        SdpDecision sdp = route.media().answer(response, offerSent);
        if (sdp instanceof SdpDecision.Forward forward) {
            withBody(relay, forward, response);
        }
        // A refused early answer is dropped: the caller still hears that the callee rings, without early media.
        callerInvite.respond(relay.build(b2bua.alloc()));
    }

    private void calleeSuccess(SipResponse response) {
        if (callee.remote.indexOf(";tag=") < 0 && response.toTag() != null) {
            // RFC 3261 12.1.2: the dialog takes the To tag, remote target and reversed Record-Route of the 2xx.
            callee.remote = response.header(SipHeaderName.TO);
            List<NameAddr> contacts = response.contacts();
            if (!contacts.isEmpty()) {
                callee.remoteTarget = contacts.get(0).uriText();
            }
            List<String> routes = new ArrayList<>(response.headerValues(SipHeaderName.RECORD_ROUTE));
            Collections.reverse(routes);
            callee.routeSet = routes;
            callee.transport = b2bua.transport().towards(SipUri.parse(nextHop(callee)));
        }
        if (ackSent) {
            // RFC 6026 7.2: a retransmitted 2xx is ACKed again.
            sendCalleeAck();
            return;
        }
        if (state == State.ENDED) {
            // The caller gave up (or the call ended otherwise) while the callee answered: confirm, then end the
            // callee's dialog (RFC 3261 section 15).
            sendCalleeAck();
            byeCallee();
            return;
        }
        if (state != State.CALLING && state != State.PROCEEDING) {
            return;
        }
        SdpDecision sdp = route.media().answer(response, offerSent);
        if (sdp instanceof SdpDecision.Refuse refuse) {
            b2bua.log().warn("call {}: callee's answer refused: {}", caller.callId, refuse.rejected().logMessage());
            sendCalleeAck();
            byeCallee();
            callerInvite.respond(refuse.response(callerInvite.request(), localTag(caller), b2bua.alloc()));
            end("refused-sdp");
            return;
        }
        SipResponseBuilder relay = toCaller(response.status(), response.reasonPhrase(), true);
        if (sdp instanceof SdpDecision.Forward forward) {
            sdpTo(caller, response.contentType(), withBody(relay, forward, response));
            sdpFrom(callee, forward.description());
        }
        offerSent = null;
        // The INVITE transaction will never be CANCELled now; it goes on in the table alone until it ends.
        calleeInvite = null;
        state = State.ANSWERED;
        stopRinging();
        durationTimer = b2bua.schedule(this::maxDurationReached, b2bua.settings().capacity().maxCallDuration());
        answerNanos = System.nanoTime();
        callerInvite.respond(relay.build(b2bua.alloc()));
        b2bua.answered(this, Duration.ofNanos(answerNanos - startNanos));
    }

    private void calleeFailure(SipResponse response) {
        int status = response.status();
        if (state == State.CALLING || state == State.PROCEEDING) {
            // 3xx: we do not follow redirects, so the caller hears "temporarily unavailable"; a challenge we could
            // not answer is ours to fail, not the caller's to answer (403). Anything else goes back as it came.
            int relayed = status < 400 ? SipStatus.TEMPORARILY_UNAVAILABLE : B2bua.relayedStatus(status);
            b2bua.log().info("call {}: callee answered {} {}{}", caller.callId, status, response.reasonPhrase(),
                    relayed == status ? "" : ", caller gets " + relayed);
            callerInvite.respond(toCaller(relayed, relayed == status ? response.reasonPhrase() : null, false)
                    .build(b2bua.alloc()));
            end("rejected-" + status);
        }
    }

    // ---------------------------------------------------------------- caller events

    /** The caller's ACK for our 2xx: the callee gets its own ACK (RFC 3261 section 13.2.2.4). */
    private void callerAck() {
        if (state == State.ANSWERED) {
            state = State.CONFIRMED;
            // Confirmed: nothing more is sent in the INVITE transaction, which ends in the table on its own.
            callerInvite = null;
            sendCalleeAck();
        }
    }

    /** The call has lasted as long as MAX_CALL_DURATION allows: both legs get a BYE. */
    void maxDurationReached() {
        durationTimer = null;
        if (state != State.ANSWERED && state != State.CONFIRMED) {
            return;
        }
        b2bua.log().info("call {}: MAX_CALL_DURATION ({}) reached, hanging up both legs", caller.callId,
                b2bua.settings().capacity().maxCallDuration());
        byeCallee();
        byeCaller();
        end("max-duration");
    }

    /** Nobody answered in time: the caller gets 408, the callee a CANCEL now or after its first provisional. */
    void ringTimeout() {
        ringTimer = null;
        if (state != State.CALLING && state != State.PROCEEDING) {
            return;
        }
        boolean provisional = state == State.PROCEEDING;
        callerInvite.respond(toCaller(SipStatus.REQUEST_TIMEOUT, null, false).build(b2bua.alloc()));
        cancelAfterProvisional(provisional);
        b2bua.log().info("call {}: no answer within the ring timeout", caller.callId);
        end("ring-timeout");
    }

    /** RFC 3261 9.1: CANCEL now when a provisional response arrived, else on the first one. */
    private void cancelAfterProvisional(boolean provisional) {
        if (provisional) {
            b2bua.sendCancel(this);
        } else {
            cancelPending = true;
        }
    }

    private void stopRinging() {
        if (ringTimer != null) {
            ringTimer.cancel();
            ringTimer = null;
        }
    }

    /** CANCEL from the caller (already answered 200 by the B2BUA): 487 to the INVITE, CANCEL to the callee. */
    void callerCancel() {
        if (state != State.CALLING && state != State.PROCEEDING) {
            return;
        }
        boolean provisional = state == State.PROCEEDING;
        callerInvite.respond(toCaller(SipStatus.REQUEST_TERMINATED, null, false).build(b2bua.alloc()));
        cancelAfterProvisional(provisional);
        // The call is over for the caller; the callee's INVITE ends in the table on its own (its 487, a 2xx that
        // gets an ACK and a BYE, or no final response within 64*T1 of the CANCEL), and no longer keeps the call.
        end("cancelled");
    }

    /** A BYE from {@code from} (already answered 200): the other leg gets a BYE and the call ends. */
    void bye(Leg from, SipRequest bye) {
        if (from == caller) {
            byeCallee(bye);
        } else {
            byeCaller();
        }
        end(from == caller ? "caller-bye" : "callee-bye");
    }

    /**
     * A re-INVITE from the caller (already in a server transaction, borrowed): its offer goes through the media
     * policy to the callee leg in a re-INVITE of ours, whose final response comes back as the answer; the callee's
     * 2xx is ACKed at once, since the caller's ACK ends at the gateway (each leg its own dialog).
     */
    void callerReInvite(ServerInviteTransaction server, SipRequest reInvite) {
        if (state != State.CONFIRMED && state != State.ANSWERED) {
            // RFC 3261 14.2: a re-INVITE while the first is pending is answered 491 Request Pending.
            server.respond(SipResponseBuilder.forRequest(reInvite, SipStatus.REQUEST_PENDING, null).build(b2bua.alloc()));
            return;
        }
        SdpDecision offer = route.media().offer(reInvite);
        if (offer instanceof SdpDecision.Refuse refuse) {
            b2bua.log().warn("call {}: re-INVITE offer refused: {}", caller.callId, refuse.rejected().logMessage());
            server.respond(refuse.response(reInvite, null, b2bua.alloc()));
            return;
        }
        long cseq = callee.nextCSeq();
        SipRequestBuilder b = callee.inDialogBuilder(SipMethod.INVITE, cseq)
                .addHeader(SipHeaderName.CONTACT, callee.contact());
        if (offer instanceof SdpDecision.Forward forward) {
            byte[] body = forward.rewritten() ? forward.newBody() : bodyBytes(reInvite);
            b.body(reInvite.contentType(), body);
            offerSent = forward.description();
            sdpTo(callee, reInvite.contentType(), body);
        }
        DigestRetry.send(b2bua, this, callee, b.build(b2bua.alloc()), new ClientTransactionListener() {
            @Override
            public void onResponse(SipResponse response) {
                if (response.status() < 200) {
                    return;
                }
                if (response.isSuccess()) {
                    // Every 2xx, a retransmission too, is ACKed with the CSeq it carries (a challenged re-INVITE
                    // was re-sent with the next).
                    SipRequest ack = callee.inDialog(SipMethod.ACK, response.cseqNumber(), b2bua.alloc());
                    callee.transport.send(ack, e -> { });
                }
                SipRequest answered = server.request();
                if (answered == null) {
                    // A retransmitted 2xx: the caller has had its answer.
                    return;
                }
                // The callee's final status is the caller's: 2xx with the answer, or the failure as it is.
                SipResponseBuilder relay = SipResponseBuilder.forRequest(answered,
                        B2bua.relayedStatus(response.status()), B2bua.relayedReason(response));
                if (response.isSuccess()) {
                    relay.addHeader(SipHeaderName.CONTACT, caller.contact());
                    SdpDecision answer = route.media().answer(response, offerSent);
                    if (answer instanceof SdpDecision.Forward forward) {
                        withBody(relay, forward, response);
                        sdpFrom(callee, forward.description());
                    }
                    offerSent = null;
                }
                server.respond(relay.build(b2bua.alloc()));
            }

            @Override
            public void onTimeout() {
                B2bua.respondIfUnanswered(server, SipStatus.REQUEST_TIMEOUT, b2bua.alloc());
            }

            @Override
            public void onTransportError(Throwable cause) {
                B2bua.respondIfUnanswered(server, SipStatus.SERVICE_UNAVAILABLE, b2bua.alloc());
            }
        });
    }

    /**
     * Whether a re-INVITE or UPDATE from the peer of {@code leg} moves its media away from the SDP it last sent;
     * then the gateway cannot answer it alone and, since Meta takes no re-INVITE (PEERS), it is refused 488. No SDP,
     * or one that does not parse as plain SDP, is a refresh.
     */
    static boolean mediaMoves(Leg leg, SipRequest request) {
        if (leg.mediaFromPeer == null || request.bodyLength() == 0
                || !"application/sdp".equalsIgnoreCase(String.valueOf(request.contentType()).trim())) {
            return false;
        }
        try {
            return MediaChange.moves(leg.mediaFromPeer, SessionDescription.parse(bodyBytes(request)));
        } catch (SdpParseException e) {
            return false;
        }
    }

    /** The body of {@code request} as bytes, for a message that outlives it. */
    static byte[] bodyBytes(SipRequest request) {
        byte[] out = new byte[request.bodyLength()];
        request.body().getBytes(request.body().readerIndex(), out);
        return out;
    }

    // ---------------------------------------------------------------- sending

    private void sendCalleeAck() {
        ackSent = true;
        SipRequest ack = callee.inDialog(SipMethod.ACK, calleeInviteCSeq, b2bua.alloc());
        // RFC 3261 17.1.1.3: the ACK of a 2xx is sent by the TU, outside any transaction.
        callee.transport.send(ack, e -> b2bua.log().debug("call {}: ACK not sent: {}", caller.callId, e.toString()));
    }

    private void byeCallee() {
        byeCallee(null);
    }

    /** The BYE of the callee leg; the caller's {@code bye}, when it is one, lends it its x-wa-meta-* headers. */
    private void byeCallee(SipRequest bye) {
        if (state == State.ANSWERED && !ackSent) {
            // The caller hung up (or never ACKed) before its ACK: the callee's 2xx is confirmed first (RFC 3261 15).
            sendCalleeAck();
        }
        b2bua.sendBye(this, callee, bye);
    }

    private void byeCaller() {
        b2bua.sendBye(this, caller, null);
    }

    private void failCaller(int status, String reason) {
        if (state == State.CALLING || state == State.PROCEEDING) {
            callerInvite.respond(toCaller(status, null, false).build(b2bua.alloc()));
        }
        end(reason);
    }

    /**
     * A response to the caller's INVITE with our To tag; a 1xx/2xx establishes the dialog, so it carries our Contact
     * and the INVITE's Record-Route lines unchanged (RFC 3261 section 12.1.1; PEERS: otherwise Meta never ACKs).
     */
    SipResponseBuilder toCaller(int status, String reason, boolean dialog) {
        SipRequest invite = callerInvite.request();
        SipResponseBuilder b = SipResponseBuilder.forRequest(invite, status, reason).toTag(localTag(caller));
        if (dialog) {
            for (int i = 0; i < invite.headerCount(); i++) {
                if (invite.headerKind(i) == SipHeaderName.RECORD_ROUTE) {
                    b.addHeader(SipHeaderName.RECORD_ROUTE, invite.headerValue(i));
                }
            }
            b.addHeader(SipHeaderName.CONTACT, caller.contact());
        }
        return b;
    }

    /** Puts the (possibly rewritten) SDP body of {@code from} into {@code relay}; gives back the bytes. */
    private static byte[] withBody(SipResponseBuilder relay, SdpDecision.Forward forward, SipResponse from) {
        byte[] body;
        if (forward.rewritten()) {
            body = forward.newBody();
        } else {
            body = new byte[from.bodyLength()];
            from.body().getBytes(from.body().readerIndex(), body);
        }
        relay.body(from.contentType(), body);
        return body;
    }

    static String localTag(Leg leg) {
        int at = leg.local.indexOf(";tag=");
        return leg.local.substring(at + 5);
    }

    /** The first Route or else the remote target (RFC 3261 section 8.1.2, loose routing). */
    static String nextHop(Leg leg) {
        if (leg.routeSet.isEmpty()) {
            return leg.remoteTarget;
        }
        String route = leg.routeSet.get(0).trim();
        int lt = route.indexOf('<');
        int gt = route.indexOf('>');
        return lt >= 0 && gt > lt ? route.substring(lt + 1, gt) : route;
    }

    /** Ends the call: it leaves the table, and the event is reported once. */
    void end(String reason) {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        stopRinging();
        if (durationTimer != null) {
            durationTimer.cancel();
            durationTimer = null;
        }
        // What the transactions still hold ends with them in the table, not with this call; a CANCEL that waits
        // for the callee's first provisional response still needs its INVITE.
        callerInvite = null;
        if (!cancelPending) {
            calleeInvite = null;
        }
        offerSent = null;
        caller.forgetMedia();
        callee.forgetMedia();
        long now = System.nanoTime();
        Duration talk = answerNanos == 0 ? Duration.ZERO : Duration.ofNanos(now - answerNanos);
        b2bua.ended(this, reason, Duration.ofNanos(now - startNanos), talk);
    }
}
