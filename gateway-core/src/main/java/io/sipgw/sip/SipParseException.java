package io.sipgw.sip;

/** A header value or URI that does not follow the SIP grammar; the message says which part and why. */
public final class SipParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SipParseException(String message) {
        super(message, null, false, false);
    }
}
