package io.sipgw.sdp;

/**
 * What {@link MediaPolicy} decided about one SDP body: forward it as it is, forward a rewritten body, or refuse.
 */
public sealed interface PolicyResult permits PolicyResult.Unchanged, PolicyResult.Rewritten, PolicyResult.Rejected {

    /**
     * Forward the original body byte for byte, without re-encoding.
     *
     * @param description the parsed body, to keep as the offer sent (for {@link MediaPolicy#checkAnswer})
     */
    record Unchanged(SessionDescription description) implements PolicyResult {
    }

    /**
     * Forward {@code body} instead of the original (and recompute Content-Length).
     *
     * @param body        the new body, CRLF line ends; owned by the caller
     * @param description the parsed form of {@code body}, to keep as the offer sent
     */
    record Rewritten(byte[] body, SessionDescription description) implements PolicyResult {
    }

    /**
     * Refuse: answer the caller with {@code status} and {@code reasonPhrase} plus a Warning header, and log
     * {@code logMessage} at INFO with the Call-ID. Neither text contains SRTP keys.
     *
     * @param cause        why, one constant per operator action
     * @param status       the SIP status code, such as 488
     * @param reasonPhrase the reason phrase, such as "Not Acceptable Here"
     * @param warning      the Warning header value, {@code 399 <host> "<text>"} (RFC 3261 §20.43)
     * @param logMessage   one line for the operator, naming the setting to change
     */
    record Rejected(RejectionCause cause, int status, String reasonPhrase, String warning, String logMessage)
            implements PolicyResult {
    }
}
