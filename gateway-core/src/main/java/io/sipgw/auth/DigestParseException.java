package io.sipgw.auth;

/**
 * A WWW-Authenticate, Proxy-Authenticate, Authorization or Proxy-Authorization value that is not well-formed
 * digest syntax (RFC 7235 section 2.1, RFC 7616 section 3.3/3.4). The message names what was wrong and where,
 * never a parameter's value, so it can be logged without leaking a response or nonce.
 */
public final class DigestParseException extends Exception {

    private static final long serialVersionUID = 1L;

    public DigestParseException(String message) {
        super(message);
    }
}
