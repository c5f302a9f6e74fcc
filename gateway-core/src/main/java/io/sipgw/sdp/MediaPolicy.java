package io.sipgw.sdp;

/**
 * Decides what SDP may cross the gateway without a media relay, rewriting offers down to the allowed codecs and
 * checking answers against what was offered; it holds no per-call state and is safe to share between threads.
 *
 * <p>Typical use by the call layer: {@code filterOffer} on the INVITE body from the caller, forward the original
 * body on {@link PolicyResult.Unchanged} or the new one on {@link PolicyResult.Rewritten}, keep the result's
 * description as the offer sent, and run {@code checkAnswer} on the callee's answer before it goes back.
 */
public final class MediaPolicy {

    private final MediaPolicyConfig config;
    private final RejectionWriter rejections;
    private final OfferFilter offers;
    private final AnswerVerifier answers;

    public MediaPolicy(MediaPolicyConfig config) {
        this.config = config;
        this.rejections = new RejectionWriter(config.warningHost());
        this.offers = new OfferFilter(new TransportCheck(config.secureMedia()),
                new CodecSelection(config.allowedCodecs()), rejections);
        this.answers = new AnswerVerifier(rejections);
    }

    /** The settings this policy applies. */
    public MediaPolicyConfig config() {
        return config;
    }

    /**
     * Applies the policy to an offer travelling towards the callee. The array is referenced by the returned
     * description, not copied: do not modify it afterwards.
     */
    public PolicyResult filterOffer(byte[] offer) {
        SessionDescription parsed;
        try {
            parsed = SessionDescription.parse(offer, config.limits());
        } catch (SdpParseException e) {
            return rejections.reject(new Refusal(RejectionCause.MALFORMED_OFFER, e.getMessage()));
        }
        return offers.filter(parsed);
    }

    /**
     * Checks an answer travelling back to the caller against {@code offerSent}, the description of the offer the
     * callee actually received. The array is referenced, not copied.
     */
    public PolicyResult checkAnswer(SessionDescription offerSent, byte[] answer) {
        SessionDescription parsed;
        try {
            parsed = SessionDescription.parse(answer, config.limits());
        } catch (SdpParseException e) {
            return rejections.reject(new Refusal(RejectionCause.MALFORMED_ANSWER, e.getMessage()));
        }
        return answers.verify(offerSent, parsed);
    }
}
