package io.sipgw.auth;

import java.util.List;

/**
 * The quality of protection a client answers with (RFC 7616 section 3.4): "auth" whenever offered, since it
 * needs no body; "auth-int" only when nothing else is; none when the challenge names none (RFC 2069 style).
 */
enum DigestQop {
    AUTH("auth"),
    AUTH_INT("auth-int"),
    NONE(null),
    UNSUPPORTED(null);

    private final String token;

    DigestQop(String token) {
        this.token = token;
    }

    /** The token to send, {@code null} for NONE. */
    String token() {
        return token;
    }

    /** The qop to answer {@code offered} (lowercase tokens) with. */
    static DigestQop choose(List<String> offered) {
        if (offered.isEmpty()) {
            return NONE;
        }
        if (offered.contains(AUTH.token)) {
            return AUTH;
        }
        return offered.contains(AUTH_INT.token) ? AUTH_INT : UNSUPPORTED;
    }
}
