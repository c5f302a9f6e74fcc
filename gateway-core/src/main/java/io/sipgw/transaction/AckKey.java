package io.sipgw.transaction;

import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;

/**
 * What ties the ACK for a 2xx to the INVITE server transaction that sent the 2xx: the ACK has a branch of its own
 * (RFC 3261 section 8.1.1.7), but the dialog of the 2xx (Call-ID, From tag, the To tag the 2xx added) and the CSeq
 * number of the INVITE (RFC 3261 section 13.2.2.4).
 */
record AckKey(String callId, String fromTag, String toTag, long cseq) {

    /** The key an ACK for {@code success}, a 2xx to {@code invite}, will carry; null when the 2xx has no To tag. */
    static AckKey of(SipRequest invite, SipResponse success) {
        return of(invite.callId(), invite.fromTag(), success.toTag(), invite.cseqNumber());
    }

    /** The key of a received ACK; null when it lacks one of the parts. */
    static AckKey of(SipRequest ack) {
        return of(ack.callId(), ack.fromTag(), ack.toTag(), ack.cseqNumber());
    }

    private static AckKey of(String callId, String fromTag, String toTag, long cseq) {
        return callId == null || fromTag == null || toTag == null || cseq < 0
                ? null : new AckKey(callId, fromTag, toTag, cseq);
    }
}
