package io.sipgw.auth;

/**
 * The request-digest of RFC 7616 section 3.4.1-3.4.3 (RFC 2617 section 3.2.2, RFC 3261 section 22.4), shared
 * by the client, which sends it, and the verifier, which recomputes it.
 */
final class DigestComputation {

    private DigestComputation() {
    }

    /**
     * HA1 = H(username:realm:password), or for a -sess algorithm H(H(username:realm:password):nonce:cnonce)
     * (RFC 7616 section 3.4.2). The username here is always the real one, even when userhash is in use.
     */
    static String ha1(DigestAlgorithm algorithm, DigestCredentials credentials, String realm, String nonce,
            String cnonce) {
        String ha1 = algorithm.hashHex(credentials.username() + ':' + realm + ':' + credentials.password());
        return algorithm.session() ? algorithm.hashHex(ha1 + ':' + nonce + ':' + cnonce) : ha1;
    }

    /** HA2 = H(method:uri), or H(method:uri:H(entity-body)) for qop=auth-int (RFC 7616 section 3.4.3). */
    static String ha2(DigestAlgorithm algorithm, String method, String digestUri, DigestQop qop, byte[] body) {
        String a2 = method + ':' + digestUri;
        if (qop == DigestQop.AUTH_INT) {
            a2 += ':' + algorithm.hashHex(body == null ? new byte[0] : body);
        }
        return algorithm.hashHex(a2);
    }

    /**
     * The response: H(HA1:nonce:nc:cnonce:qop:HA2) with a qop (RFC 7616 section 3.4.1), or H(HA1:nonce:HA2)
     * without one (RFC 2069, kept by RFC 2617 section 3.2.2.1 for compatibility).
     */
    static String response(DigestAlgorithm algorithm, String ha1, String nonce, String ncText, String cnonce,
            DigestQop qop, String ha2) {
        if (qop.token() == null) {
            return algorithm.hashHex(ha1 + ':' + nonce + ':' + ha2);
        }
        return algorithm.hashHex(ha1 + ':' + nonce + ':' + ncText + ':' + cnonce + ':' + qop.token() + ':' + ha2);
    }

    /** The hashed username of RFC 7616 section 3.4.4: H(username:realm). */
    static String userhash(DigestAlgorithm algorithm, String username, String realm) {
        return algorithm.hashHex(username + ':' + realm);
    }
}
