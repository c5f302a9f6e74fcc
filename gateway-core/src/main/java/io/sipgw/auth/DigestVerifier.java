package io.sipgw.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The server side of digest authentication for one realm and one user (RFC 3261 section 22.3 for a proxy,
 * RFC 7616 section 3.3-3.4): it builds the challenges and checks the answers. Reasons for a failure are meant
 * for the operator's log and never contain the password, HA1 or the client's response.
 */
public final class DigestVerifier {

    /** What {@link #verify} decided; {@code reason} is null unless FAILED. */
    public record Outcome(Status status, String reason) {

        /** VALID: let the request through; STALE: challenge again with stale=true; FAILED: challenge or refuse. */
        public enum Status { VALID, STALE, FAILED }

        private static final Outcome VALID = new Outcome(Status.VALID, null);
        private static final Outcome STALE = new Outcome(Status.STALE, null);

        static Outcome failed(String reason) {
            return new Outcome(Status.FAILED, reason);
        }

        public boolean isValid() {
            return status == Status.VALID;
        }
    }

    /** We offer only these two, most preferred first as RFC 8760 asks: SHA-256, then MD5 for older clients. */
    private static final List<DigestAlgorithm> OFFERED = List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);
    private static final String QOP_AUTH = "auth";

    private final String realm;
    private final DigestCredentials expected;
    private final NonceService nonces;
    private final ReplayGuard replays;
    /** RFC 7616 section 3.3 leaves opaque to the server; ours is random per verifier and checked on return. */
    private final String opaque;

    public DigestVerifier(String realm, DigestCredentials expected, NonceService nonces, ReplayGuard replays) {
        this.realm = Objects.requireNonNull(realm, "realm");
        this.expected = Objects.requireNonNull(expected, "expected");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.replays = Objects.requireNonNull(replays, "replays");
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        this.opaque = HexFormat.of().formatHex(random);
    }

    /**
     * The Proxy-Authenticate (or WWW-Authenticate) values to send, most preferred first, all with the same
     * fresh nonce; {@code stale} marks a retry after a stale nonce (RFC 7616 section 3.3).
     */
    public List<String> challenges(boolean stale) {
        String nonce = nonces.newNonce();
        return OFFERED.stream()
                .map(a -> DigestChallenge.builder(realm, nonce).algorithm(a).qop(QOP_AUTH).opaque(opaque)
                        .stale(stale).build().toHeaderValue())
                .toList();
    }

    /**
     * Checks {@code headerValue}, the Authorization / Proxy-Authorization of a {@code method} request to
     * {@code requestUri}. Never throws for any header value; every problem is a FAILED outcome.
     */
    public Outcome verify(String method, String requestUri, String headerValue) {
        if (!DigestAnswer.hasDigestScheme(headerValue)) {
            return Outcome.failed("no Digest credentials");
        }
        DigestAnswer answer;
        try {
            answer = DigestAnswer.parse(headerValue);
        } catch (DigestParseException e) {
            return Outcome.failed("malformed credentials: " + e.getMessage());
        }
        String problem = firstProblem(answer, requestUri);
        if (problem != null) {
            return Outcome.failed(problem);
        }
        NonceService.Verdict freshness = nonces.check(answer.nonce());
        if (freshness == NonceService.Verdict.INVALID) {
            return Outcome.failed("nonce not issued by us");
        }
        if (!responseMatches(answer, method)) {
            return Outcome.failed("wrong password");
        }
        // Only an answer with the right password may learn that its nonce is stale (RFC 7616 section 3.3).
        if (freshness == NonceService.Verdict.STALE) {
            return Outcome.STALE;
        }
        return replays.accept(answer.nonce(), answer.nc()) ? Outcome.VALID : Outcome.failed("replayed nonce count");
    }

    /** The checks that need no hashing of the password, cheapest first; null if all pass. */
    private String firstProblem(DigestAnswer answer, String requestUri) {
        if (!realm.equals(answer.realm())) {
            return "wrong realm";
        }
        DigestAlgorithm algorithm = answer.algorithm();
        if (algorithm == null || !OFFERED.contains(algorithm)) {
            return "unsupported algorithm";
        }
        if (!usernameMatches(answer, algorithm)) {
            return "unknown user";
        }
        if (!RequestUris.sameTarget(answer.uri(), requestUri)) {
            return "digest uri does not match the Request-URI";
        }
        // We offer qop="auth" only, and RFC 7616 section 3.4 says a client MUST then answer with qop, nc, cnonce.
        if (!QOP_AUTH.equalsIgnoreCase(answer.qop())) {
            return "qop missing or not auth";
        }
        if (answer.nc() < 1 || answer.cnonce() == null) {
            return "malformed credentials: nc or cnonce missing or invalid";
        }
        // Some clients drop opaque; it protects nothing here, but a different one is not an answer to us.
        if (answer.opaque() != null && !opaque.equals(answer.opaque())) {
            return "opaque does not match";
        }
        return null;
    }

    private boolean usernameMatches(DigestAnswer answer, DigestAlgorithm algorithm) {
        String wanted = answer.userhash()
                ? DigestComputation.userhash(algorithm, expected.username(), realm)
                : expected.username();
        return constantTimeEquals(wanted, answer.username());
    }

    private boolean responseMatches(DigestAnswer answer, String method) {
        DigestAlgorithm algorithm = answer.algorithm();
        String ha1 = DigestComputation.ha1(algorithm, expected, realm, answer.nonce(), answer.cnonce());
        String ha2 = DigestComputation.ha2(algorithm, method, answer.uri(), DigestQop.AUTH, null);
        String wanted = DigestComputation.response(algorithm, ha1, answer.nonce(), answer.ncText(), answer.cnonce(),
                DigestQop.AUTH, ha2);
        // Hex digests are lowercase (RFC 7616 section 3.4.1), but accepting uppercase costs nothing.
        return constantTimeEquals(wanted, answer.response().toLowerCase(Locale.ROOT));
    }

    /** MessageDigest.isEqual does not stop at the first differing byte, so timing reveals no prefix. */
    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
