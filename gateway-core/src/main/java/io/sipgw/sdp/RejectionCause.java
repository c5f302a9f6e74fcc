package io.sipgw.sdp;

/**
 * Why {@link MediaPolicy} refused an offer or answer, with the SIP status to answer and the setting that fixes it;
 * one constant per operator action, so a metric per constant tells which setting to change.
 */
public enum RejectionCause {
    /** The offer is not valid SDP. */
    MALFORMED_OFFER(400, "Bad Request", "Malformed SDP offer",
            "the caller sent SDP the gateway cannot parse; capture the INVITE with the sip.trace logger at TRACE"
                    + " and report it"),
    /** The callee's answer is not valid SDP. */
    MALFORMED_ANSWER(502, "Bad Gateway", "Malformed SDP answer from the callee",
            "the callee answered with SDP the gateway cannot parse; capture it with the sip.trace logger at TRACE"
                    + " and report it"),
    /** The offer has no active audio stream. */
    NO_AUDIO(488, "Not Acceptable Here", "No audio stream offered",
            "the caller must offer an audio stream"),
    /** DTLS-SRTP (RFC 5764): Meta's default key exchange, which Twilio cannot terminate. */
    DTLS_SRTP(488, "Not Acceptable Here", "DTLS-SRTP cannot be bridged without a media relay",
            "switch the WhatsApp number's SRTP key exchange (srtp_key_exchange_protocol) to SDES,"
                    + " or use the media relay once it exists"),
    /** Media reachable only through ICE candidates (RFC 8839), which the callee would not use. */
    ICE_ONLY(488, "Not Acceptable Here", "ICE-only media cannot be bridged without a media relay",
            "switch the WhatsApp number to SDES, which offers a plain c= address,"
                    + " or use the media relay once it exists"),
    /** A transport profile other than RTP/AVP and RTP/SAVP, such as RTP/SAVPF. */
    UNSUPPORTED_PROFILE(488, "Not Acceptable Here", "Only RTP/AVP or RTP/SAVP can be bridged",
            "switch the WhatsApp number to SDES (RTP/SAVP), or use the media relay once it exists"),
    /** RTP/SAVP without SDES keys (RFC 4568), which no SDES peer can use. */
    SDES_KEYS_MISSING(488, "Not Acceptable Here", "RTP/SAVP offered without a=crypto keys",
            "switch the WhatsApp number to SDES so that the offer carries a=crypto keys"),
    /** Plain RTP offered to a receiver that requires SRTP. */
    SRTP_REQUIRED(488, "Not Acceptable Here", "Unencrypted RTP offered where SRTP is required",
            "turn on Secure Media on the Twilio SIP domain (with TLS towards Twilio) so that Twilio offers"
                    + " SDES-SRTP"),
    /** SRTP offered to a receiver that accepts only plain RTP. */
    SRTP_NOT_ACCEPTED(488, "Not Acceptable Here", "SRTP offered but the callee accepts only plain RTP",
            "turn on Secure Media on the Twilio SIP domain, use TLS towards Twilio and set the gateway's"
                    + " secure media setting (TWILIO_SECURE_MEDIA) to match"),
    /** None of the offered voice codecs is allowed. */
    NO_ALLOWED_CODEC(488, "Not Acceptable Here", "No allowed audio codec offered",
            "enable audio.additional_codecs (PCMU/PCMA) on the WhatsApp number, or use the media relay"
                    + " (Opus to G.711) once it exists"),
    /** The answer breaks the offer/answer rules of RFC 3264 §6. */
    ANSWER_MISMATCH(488, "Not Acceptable Here", "SDP answer does not match the offer",
            "the callee's answer breaks RFC 3264; capture it with the sip.trace logger at TRACE and check the"
                    + " callee's media settings"),
    /** The answer keeps no offered voice codec. */
    ANSWER_NO_CODEC(488, "Not Acceptable Here", "SDP answer has no offered audio codec",
            "check the callee's codec settings: it must accept PCMU or PCMA"),
    /** The answer's SRTP crypto suite or tag was not offered (RFC 4568 §7.1.3). */
    ANSWER_CRYPTO(488, "Not Acceptable Here", "SDP answer chose an SRTP suite that was not offered",
            "check Secure Media on the Twilio SIP domain: it must accept an offered crypto suite"
                    + " (AES_CM_128_HMAC_SHA1_80 or _32, no MKI)");

    private final int status;
    private final String reasonPhrase;
    private final String summary;
    private final String fix;

    RejectionCause(int status, String reasonPhrase, String summary, String fix) {
        this.status = status;
        this.reasonPhrase = reasonPhrase;
        this.summary = summary;
        this.fix = fix;
    }

    /** The SIP status to send to the caller. */
    public int status() {
        return status;
    }

    /** The reason phrase of {@link #status()} (RFC 3261 §21). */
    public String reasonPhrase() {
        return reasonPhrase;
    }

    /** What went wrong, in a few words. */
    public String summary() {
        return summary;
    }

    /** What the operator should change. */
    public String fix() {
        return fix;
    }
}
