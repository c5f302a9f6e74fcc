package io.sipgw.call;

import io.sipgw.sdp.SessionDescription;
import io.sipgw.sip.SipMessage;

/**
 * How a call gets the SDP of a message it moves from one leg to the other past the media policy; the pipeline's
 * {@code SdpRewriteHandler} is the implementation, so the call layer needs no knowledge of body formats.
 */
public interface MediaBridge {

    /** Filters the offer carried by {@code message} (an INVITE, a re-INVITE, or a 2xx to an INVITE without SDP). */
    SdpDecision offer(SipMessage message);

    /** Checks the answer carried by {@code message} against {@code offerSent}, the offer the other side received. */
    SdpDecision answer(SipMessage message, SessionDescription offerSent);
}
