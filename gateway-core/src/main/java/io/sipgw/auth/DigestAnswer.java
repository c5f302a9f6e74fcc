package io.sipgw.auth;

import java.util.List;

/**
 * A parsed Authorization / Proxy-Authorization value of scheme Digest, as a server receives it (RFC 7616
 * section 3.4, RFC 3261 section 22.4). The response is kept out of {@link #toString()}: with the nonce it
 * would let anyone who reads the log try passwords offline.
 */
public final class DigestAnswer {

    private static final int NC_DIGITS = 8;

    private final AuthParams params;
    private final String username;

    private DigestAnswer(AuthParams params, String username) {
        this.params = params;
        this.username = username;
    }

    /**
     * Parses one Digest credentials value. RFC 7616 section 3.4 requires username (or username*), realm,
     * nonce, uri and response; a value missing one is malformed.
     */
    public static DigestAnswer parse(String headerValue) throws DigestParseException {
        List<AuthParams> all = AuthHeaderParser.parse(headerValue);
        if (all.size() != 1) {
            throw new DigestParseException(all.isEmpty() ? "no credentials" : "more than one credentials");
        }
        AuthParams p = all.get(0);
        if (!p.isDigest()) {
            throw new DigestParseException("scheme is not Digest");
        }
        for (String required : List.of("realm", "nonce", "uri", "response")) {
            if (p.get(required) == null) {
                throw new DigestParseException("missing " + required);
            }
        }
        return new DigestAnswer(p, username(p));
    }

    /** Whether {@code headerValue} starts with the Digest scheme, telling "no credentials" from "malformed". */
    static boolean hasDigestScheme(String headerValue) {
        if (headerValue == null) {
            return false;
        }
        int start = 0;
        while (start < headerValue.length() && isOws(headerValue.charAt(start))) {
            start++;
        }
        int end = start + "Digest".length();
        return headerValue.regionMatches(true, start, "Digest", 0, "Digest".length())
                && (end == headerValue.length() || isOws(headerValue.charAt(end)));
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    /** RFC 7616 section 3.4.4: username or username*, never both. */
    private static String username(AuthParams p) throws DigestParseException {
        String plain = p.get("username");
        String extended = p.get("username*");
        if (plain != null && extended != null) {
            throw new DigestParseException("both username and username*");
        }
        if (extended != null) {
            return ExtValue.decode(extended);
        }
        if (plain == null) {
            throw new DigestParseException("missing username");
        }
        return plain;
    }

    /** The username (decoded from username* if that was sent); with {@link #userhash()} it is the hash. */
    public String username() {
        return username;
    }

    public String realm() {
        return params.get("realm");
    }

    public String nonce() {
        return params.get("nonce");
    }

    /** The digest-uri, which RFC 3261 section 22.4 wants equal to the Request-URI. */
    public String uri() {
        return params.get("uri");
    }

    /** The request-digest; compare it in constant time. */
    public String response() {
        return params.get("response");
    }

    /** The algorithm parameter as sent, or {@code null}. */
    public String algorithmToken() {
        return params.get("algorithm");
    }

    /** The algorithm, MD5 if absent, {@code null} if unsupported. */
    public DigestAlgorithm algorithm() {
        return DigestAlgorithm.fromToken(algorithmToken());
    }

    public String cnonce() {
        return params.get("cnonce");
    }

    /** The qop the client chose, or {@code null}. */
    public String qop() {
        return params.get("qop");
    }

    public String opaque() {
        return params.get("opaque");
    }

    /** The nonce count as sent, or {@code null}. */
    public String ncText() {
        return params.get("nc");
    }

    /** The nonce count: exactly 8 hex digits (RFC 7616 section 3.4), or -1 if absent or not of that form. */
    public long nc() {
        String text = ncText();
        if (text == null || text.length() != NC_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < NC_DIGITS; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0 || text.charAt(i) >= 0x80) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** Whether {@link #username()} is H(username:realm) (RFC 7616 section 3.4.4). */
    public boolean userhash() {
        return params.flag("userhash");
    }

    @Override
    public String toString() {
        return "DigestAnswer[username=" + username + ", realm=" + realm() + ", nonce=" + nonce() + ", uri=" + uri()
                + ", response=***, algorithm=" + algorithmToken() + ", qop=" + qop() + ", nc=" + ncText()
                + ", userhash=" + userhash() + "]";
    }
}
