package io.sipgw.auth;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Computes the client's Authorization / Proxy-Authorization value answering a challenge (RFC 3261 section
 * 22.2 and 22.3, RFC 7616 section 3.4). Stateless: the caller keeps the nonce count per nonce.
 */
public final class DigestClient {

    /** One shared generator: SecureRandom is thread-safe, and seeding one per call would be slow. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final long MAX_NC = 0xffffffffL;

    private DigestClient() {
    }

    /**
     * The header value answering {@code challenge} for a request with {@code method} and {@code digestUri} (the
     * Request-URI in SIP, RFC 3261 section 22.4). {@code body} matters only under qop=auth-int (null is empty);
     * {@code nc} (1 to 2^32-1) and {@code cnonce} are ignored when the challenge offers no qop; a null
     * {@code cnonce} means a fresh {@link #newCnonce()}.
     *
     * @throws IllegalArgumentException if the challenge's algorithm or qop is unsupported, or nc is out of range
     */
    public static String authorization(DigestChallenge challenge, DigestCredentials credentials, String method,
            String digestUri, byte[] body, long nc, String cnonce) {
        DigestAlgorithm algorithm = challenge.algorithm();
        if (algorithm == null) {
            throw new IllegalArgumentException("unsupported algorithm " + challenge.algorithmToken());
        }
        DigestQop qop = DigestQop.choose(challenge.qopOptions());
        if (qop == DigestQop.UNSUPPORTED) {
            throw new IllegalArgumentException("no supported qop in " + challenge.qopOptions());
        }
        boolean withQop = qop != DigestQop.NONE;
        if (withQop && (nc < 1 || nc > MAX_NC)) {
            throw new IllegalArgumentException("nonce count out of range: " + nc);
        }
        String ncText = withQop ? String.format("%08x", nc) : null;
        String usedCnonce = withQop || algorithm.session() ? (cnonce == null ? newCnonce() : cnonce) : null;
        String ha1 = DigestComputation.ha1(algorithm, credentials, challenge.realm(), challenge.nonce(), usedCnonce);
        String ha2 = DigestComputation.ha2(algorithm, method, digestUri, qop, body);
        String response = DigestComputation.response(algorithm, ha1, challenge.nonce(), ncText, usedCnonce, qop, ha2);

        AuthHeaderWriter out = new AuthHeaderWriter("Digest");
        usernameParam(out, challenge, algorithm, credentials.username());
        return out.quoted("realm", challenge.realm())
                .quoted("nonce", challenge.nonce())
                .quoted("uri", digestUri)
                .quoted("response", response)
                .bare("algorithm", challenge.algorithmToken())
                .quoted("cnonce", usedCnonce)
                .bare("qop", qop.token())
                .bare("nc", ncText)
                .quoted("opaque", challenge.opaque())
                .bare("userhash", challenge.userhash() ? "true" : null)
                .toString();
    }

    /**
     * RFC 7616 section 3.4.4: the hashed username when the server asked for it; otherwise the name itself, or
     * username* in RFC 5987 encoding when it is not plain ASCII and so cannot go in a quoted-string.
     */
    private static void usernameParam(AuthHeaderWriter out, DigestChallenge challenge, DigestAlgorithm algorithm,
            String username) {
        if (challenge.userhash()) {
            out.quoted("username", DigestComputation.userhash(algorithm, username, challenge.realm()));
        } else if (username.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            out.quoted("username", username);
        } else {
            out.bare("username*", ExtValue.encode(username));
        }
    }

    /** A fresh client nonce: 16 random bytes as 32 hex digits (RFC 7616 section 3.4 wants it unpredictable). */
    public static String newCnonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
