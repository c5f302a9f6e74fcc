package io.sipgw.pipeline;

import io.sipgw.call.MediaBridge;
import io.sipgw.call.SdpDecision;
import io.sipgw.sdp.MediaPolicy;
import io.sipgw.sdp.PolicyResult;
import io.sipgw.sdp.SessionDescription;
import io.sipgw.sip.SipMessage;

/**
 * Applies the {@link MediaPolicy} to the SDP of a SIP message crossing from one leg to the other: finds the
 * {@code application/sdp} body (also inside {@code multipart/mixed}), filters an offer or checks an answer, and
 * gives back what to forward (the original body untouched when nothing changes) or the refusal to answer with.
 *
 * <p>It is called by the forwarding step for each message it maps onto the other leg, rather than installed on
 * every channel, because an answer is checked against the offer the same dialog sent, which only the call knows.
 * Stateless and safe to share.
 */
public final class SdpRewriteHandler implements MediaBridge {

    private final MediaPolicy policy;

    public SdpRewriteHandler(MediaPolicy policy) {
        this.policy = policy;
    }

    @Override
    public SdpDecision offer(SipMessage message) {
        SdpBody body = SdpBody.of(message);
        if (body == null) {
            return new SdpDecision.NoSdp();
        }
        return decide(body, policy.filterOffer(body.sdp()));
    }

    @Override
    public SdpDecision answer(SipMessage message, SessionDescription offerSent) {
        SdpBody body = SdpBody.of(message);
        if (body == null) {
            return new SdpDecision.NoSdp();
        }
        return decide(body, policy.checkAnswer(offerSent, body.sdp()));
    }

    private static SdpDecision decide(SdpBody body, PolicyResult result) {
        if (result instanceof PolicyResult.Unchanged) {
            return new SdpDecision.Forward(((PolicyResult.Unchanged) result).description(), null);
        }
        if (result instanceof PolicyResult.Rewritten) {
            PolicyResult.Rewritten rewritten = (PolicyResult.Rewritten) result;
            return new SdpDecision.Forward(rewritten.description(), body.withSdp(rewritten.body()));
        }
        return new SdpDecision.Refuse((PolicyResult.Rejected) result);
    }
}
