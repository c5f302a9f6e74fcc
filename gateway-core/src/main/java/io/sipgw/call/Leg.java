package io.sipgw.call;

import io.netty.buffer.ByteBufAllocator;
import io.sipgw.auth.DigestCredentials;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipMethod;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipRequestBuilder;
import io.sipgw.sip.Via;
import io.sipgw.transaction.TransactionTransport;

import java.util.List;

/**
 * One dialog of a call as the gateway sees it (RFC 3261 section 12): its own Call-ID, tags, CSeq space, remote
 * target and route set, and the transport its requests leave on. Holds only strings: nothing to release.
 */
final class Leg {

    final String callId;
    /** Our side's header (From of the requests we send in this dialog), with our tag. */
    final String local;
    /** The peer's header (To of the requests we send), with its tag once known. */
    String remote;
    /** The peer's Contact URI (RFC 3261 section 12.1: the remote target). */
    String remoteTarget;
    /** The Route values of our requests, in order (RFC 3261 sections 12.1.1 and 12.1.2). */
    List<String> routeSet = List.of();
    long localCSeq;
    TransactionTransport transport;
    /** How we name ourselves to this leg's peer. */
    final Presence presence;
    /** What answers the peer's digest challenges to our requests, or {@code null}. */
    final DigestCredentials credentials;
    /**
     * Only on the leg whose re-INVITEs and UPDATEs the gateway answers itself (Twilio's): where the last SDP the
     * peer sent puts its media ({@link MediaChange#key}), to tell a session refresh from a move.
     */
    String mediaFromPeer;
    /** Only on that leg: the last SDP body we sent the peer, and its Content-Type, to answer a refresh with. */
    byte[] bodyToPeer;
    String bodyTypeToPeer;

    Leg(String callId, String local, String remote, long localCSeq, Presence presence, DigestCredentials credentials) {
        this.callId = callId;
        this.local = local;
        this.remote = remote;
        this.localCSeq = localCSeq;
        this.presence = presence;
        this.credentials = credentials;
    }

    /** A new Via with a new branch for a request on this leg. */
    Via newVia() {
        return Via.of(presence.viaTransport(), presence.viaHost(), presence.viaPort(), CallIds.newBranch())
                .withParam("rport", null);
    }

    /** Our Contact header value on this leg. */
    String contact() {
        return "<" + presence.contact() + ">";
    }

    /** Forgets the SDP kept for refreshes: the dialog has ended, and its transactions may outlive it by 32 s. */
    void forgetMedia() {
        mediaFromPeer = null;
        bodyToPeer = null;
        bodyTypeToPeer = null;
    }

    /** Remembers an SDP body we sent the peer. */
    void sentBody(String contentType, byte[] body) {
        this.bodyTypeToPeer = contentType;
        this.bodyToPeer = body;
    }

    /**
     * A request within the dialog (RFC 3261 section 12.2.1.1): Request-URI the remote target, Route the route set,
     * From/To/Call-ID of the dialog, CSeq {@code cseq}.
     */
    SipRequest inDialog(SipMethod method, long cseq, ByteBufAllocator alloc) {
        return inDialogBuilder(method, cseq).build(alloc);
    }

    /** {@link #inDialog} as a builder, for a request that carries more (Contact, a body). */
    SipRequestBuilder inDialogBuilder(SipMethod method, long cseq) {
        SipRequestBuilder b = SipRequestBuilder.create(method, remoteTarget).pushVia(newVia());
        for (String route : routeSet) {
            b.addHeader(SipHeaderName.ROUTE, route);
        }
        return b.addHeader(SipHeaderName.MAX_FORWARDS, "70")
                .addHeader(SipHeaderName.FROM, local)
                .addHeader(SipHeaderName.TO, remote)
                .addHeader(SipHeaderName.CALL_ID, callId)
                .addHeader(SipHeaderName.CSEQ, cseq + " " + method);
    }

    /** The next CSeq of a request we start on this leg (RFC 3261 section 12.2.1.1). */
    long nextCSeq() {
        return ++localCSeq;
    }
}
