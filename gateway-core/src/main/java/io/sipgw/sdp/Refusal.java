package io.sipgw.sdp;

/**
 * A check's finding that a body cannot cross, before it is turned into a {@link PolicyResult.Rejected}.
 *
 * @param cause  why
 * @param detail what exactly, taken from the body (may contain peer-chosen text; never SRTP keys)
 */
record Refusal(RejectionCause cause, String detail) {
}
