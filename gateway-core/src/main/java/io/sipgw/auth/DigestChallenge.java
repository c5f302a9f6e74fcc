package io.sipgw.auth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed WWW-Authenticate / Proxy-Authenticate challenge of scheme Digest (RFC 7616 section 3.3, RFC 3261
 * section 22.1 and 22.3), or one the server side builds to send. A header value may carry several challenges
 * (RFC 7235 section 4.1) and a proxy may send several headers, typically SHA-256 then MD5 as RFC 8760 asks of
 * a server supporting both, so {@link #choose} picks the strongest one we can answer.
 */
public final class DigestChallenge {

    private final String realm;
    private final String nonce;
    private final String opaque;
    private final String algorithmToken;
    private final List<String> qopOptions;
    private final boolean stale;
    private final boolean userhash;
    private final String domain;

    private DigestChallenge(String realm, String nonce, String opaque, String algorithmToken,
            List<String> qopOptions, boolean stale, boolean userhash, String domain) {
        this.realm = realm;
        this.nonce = nonce;
        this.opaque = opaque;
        this.algorithmToken = algorithmToken;
        this.qopOptions = List.copyOf(qopOptions);
        this.stale = stale;
        this.userhash = userhash;
        this.domain = domain;
    }

    /**
     * The Digest challenges in one header value, in order; other schemes (Basic, ...) are skipped. RFC 7616
     * section 3.3 makes realm and nonce mandatory, so a Digest challenge without them is malformed.
     */
    public static List<DigestChallenge> parseAll(String headerValue) throws DigestParseException {
        List<DigestChallenge> challenges = new ArrayList<>();
        for (AuthParams p : AuthHeaderParser.parse(headerValue)) {
            if (p.isDigest()) {
                challenges.add(fromParams(p));
            }
        }
        return challenges;
    }

    private static DigestChallenge fromParams(AuthParams p) throws DigestParseException {
        if (p.get("realm") == null) {
            throw new DigestParseException("Digest challenge without realm");
        }
        if (p.get("nonce") == null) {
            throw new DigestParseException("Digest challenge without nonce");
        }
        return new DigestChallenge(p.get("realm"), p.get("nonce"), p.get("opaque"), p.get("algorithm"),
                qopList(p.get("qop")), p.flag("stale"), p.flag("userhash"), p.get("domain"));
    }

    /** qop-options is a quoted, comma-separated list (RFC 7616 section 3.3); tokens are matched ignoring case. */
    private static List<String> qopList(String value) {
        List<String> options = new ArrayList<>();
        if (value != null) {
            for (String option : value.split(",")) {
                String trimmed = option.strip().toLowerCase(Locale.ROOT);
                if (!trimmed.isEmpty()) {
                    options.add(trimmed);
                }
            }
        }
        return options;
    }

    /**
     * The challenge to answer: one with an algorithm we support and a qop we can do, the strongest algorithm
     * first and, among equals, the first offered; {@code null} if none is usable. RFC 7616 section 3.7 and
     * RFC 8760 have a client take the first challenge it supports unless local policy says otherwise; ours is
     * strength first, so a server that lists MD5 before SHA-256 still gets SHA-256.
     */
    public static DigestChallenge choose(List<DigestChallenge> offered) {
        DigestChallenge best = null;
        if (offered != null) {
            for (DigestChallenge c : offered) {
                if (c != null && c.usable() && (best == null || c.strength() > best.strength())) {
                    best = c;
                }
            }
        }
        return best;
    }

    private int strength() {
        return algorithm().strength();
    }

    private boolean usable() {
        return algorithm() != null && DigestQop.choose(qopOptions) != DigestQop.UNSUPPORTED;
    }

    /** The protection space (RFC 7616 section 3.3). */
    public String realm() {
        return realm;
    }

    /** The server's nonce, echoed unchanged in the answer. */
    public String nonce() {
        return nonce;
    }

    /** The opaque value to echo, or {@code null}. */
    public String opaque() {
        return opaque;
    }

    /** The algorithm, MD5 if the parameter was absent, {@code null} if it is one we do not support. */
    public DigestAlgorithm algorithm() {
        return DigestAlgorithm.fromToken(algorithmToken);
    }

    /** The algorithm parameter as sent, or {@code null} if absent. */
    public String algorithmToken() {
        return algorithmToken;
    }

    /** The offered qop values, lowercase; empty if the parameter was absent (RFC 2069 compatibility). */
    public List<String> qopOptions() {
        return qopOptions;
    }

    /** Whether the previous nonce was merely stale, so the same credentials can be retried (RFC 7616 section 3.3). */
    public boolean stale() {
        return stale;
    }

    /** Whether the server wants a hashed username (RFC 7616 section 3.4.4). */
    public boolean userhash() {
        return userhash;
    }

    /** The domain parameter, or {@code null}. */
    public String domain() {
        return domain;
    }

    /** A builder for the server side. */
    public static Builder builder(String realm, String nonce) {
        return new Builder(realm, nonce);
    }

    /** The header value, e.g. {@code Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth"}. */
    public String toHeaderValue() {
        return new AuthHeaderWriter("Digest")
                .quoted("realm", realm)
                .quoted("domain", domain)
                .quoted("nonce", nonce)
                .bare("algorithm", algorithmToken)
                .quoted("qop", qopOptions.isEmpty() ? null : String.join(",", qopOptions))
                .quoted("opaque", opaque)
                .bare("stale", stale ? "true" : null)
                .bare("userhash", userhash ? "true" : null)
                .toString();
    }

    @Override
    public String toString() {
        return toHeaderValue();
    }

    /** Builds a challenge to send; realm and nonce are required, everything else optional. */
    public static final class Builder {
        private final String realm;
        private final String nonce;
        private String opaque;
        private String algorithmToken;
        private List<String> qop = List.of();
        private boolean stale;
        private boolean userhash;
        private String domain;

        private Builder(String realm, String nonce) {
            this.realm = Objects.requireNonNull(realm, "realm");
            this.nonce = Objects.requireNonNull(nonce, "nonce");
        }

        public Builder algorithm(DigestAlgorithm algorithm) {
            this.algorithmToken = algorithm == null ? null : algorithm.token();
            return this;
        }

        public Builder qop(String... options) {
            this.qop = Arrays.asList(options.clone());
            return this;
        }

        public Builder opaque(String opaque) {
            this.opaque = opaque;
            return this;
        }

        public Builder stale(boolean stale) {
            this.stale = stale;
            return this;
        }

        public Builder userhash(boolean userhash) {
            this.userhash = userhash;
            return this;
        }

        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        public DigestChallenge build() {
            return new DigestChallenge(realm, nonce, opaque, algorithmToken, qop, stale, userhash, domain);
        }
    }
}
