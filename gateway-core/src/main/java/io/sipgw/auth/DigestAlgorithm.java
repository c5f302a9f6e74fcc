package io.sipgw.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The digest algorithms of the IANA "HTTP Digest Hash Algorithms" registry (RFC 7616 section 6.1), which
 * RFC 8760 brings to SIP. A {@code -sess} variant hashes the nonce and cnonce into HA1 (RFC 7616 section 3.4.2).
 */
public enum DigestAlgorithm {
    MD5("MD5", "MD5", false, 1),
    MD5_SESS("MD5-sess", "MD5", true, 1),
    SHA_256("SHA-256", "SHA-256", false, 2),
    SHA_256_SESS("SHA-256-sess", "SHA-256", true, 2),
    SHA_512_256("SHA-512-256", "SHA-512/256", false, 3),
    SHA_512_256_SESS("SHA-512-256-sess", "SHA-512/256", true, 3);

    private static final HexFormat HEX = HexFormat.of();

    private final String token;
    private final String jdkName;
    private final boolean session;
    private final int strength;

    DigestAlgorithm(String token, String jdkName, boolean session, int strength) {
        this.token = token;
        this.jdkName = jdkName;
        this.session = session;
        this.strength = strength;
    }

    /** The token as written in the {@code algorithm} parameter. */
    public String token() {
        return token;
    }

    /** Whether this is a {@code -sess} variant (RFC 7616 section 3.4.2). */
    public boolean session() {
        return session;
    }

    /** Higher is stronger; a {@code -sess} variant is as strong as its base hash. */
    public int strength() {
        return strength;
    }

    /**
     * The algorithm named by {@code token}, ignoring case; an absent token means MD5 (RFC 2617 section 3.2.1,
     * kept by RFC 7616 section 3.3); {@code null} for a token we do not support.
     */
    public static DigestAlgorithm fromToken(String token) {
        if (token == null) {
            return MD5;
        }
        for (DigestAlgorithm a : values()) {
            if (a.token.equalsIgnoreCase(token)) {
                return a;
            }
        }
        return null;
    }

    /** Lowercase hex of H(data), the data encoded as UTF-8 (RFC 7616 section 3.4.1). */
    public String hashHex(String data) {
        return hashHex(data.getBytes(StandardCharsets.UTF_8));
    }

    /** Lowercase hex of H(bytes), as needed for the entity body under qop=auth-int (RFC 7616 section 3.4.3). */
    public String hashHex(byte[] bytes) {
        return HEX.formatHex(newDigest().digest(bytes));
    }

    /** A fresh MessageDigest per call: they are not thread-safe and are cheap to obtain. */
    private MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            // Every Java 17 runtime is required to provide MD5 and SHA-256, and SHA-512/256 ships with the JDK.
            throw new IllegalStateException("JDK lacks " + jdkName.toLowerCase(Locale.ROOT), e);
        }
    }
}
