package io.sipgw.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks stateless nonces: base64url(timestamp || salt || HMAC-SHA256(secret, timestamp || salt)),
 * the "time-stamp H(time-stamp ":" ETag ":" secret-data)" shape RFC 7616 section 3.3 suggests. Nothing is
 * stored per nonce, so a flood of challenges costs no memory, and any gateway holding the secret can check a
 * nonce. The random salt keeps two clients challenged in the same millisecond from sharing a nonce, which
 * would make {@link ReplayGuard} refuse the second one's nc=1. Thread-safe: a Mac is created per call because
 * Mac instances are not.
 */
public final class NonceService {

    /** The answer to "is this nonce ours and still fresh?". */
    public enum Verdict { VALID, STALE, INVALID }

    private static final String HMAC = "HmacSHA256";
    private static final int TIMESTAMP_BYTES = Long.BYTES;
    private static final int SALT_BYTES = 8;
    private static final int SIGNED_BYTES = TIMESTAMP_BYTES + SALT_BYTES;
    /** 128 bits of MAC is beyond guessing, and with the rest makes a 43-character nonce. */
    private static final int MAC_BYTES = 16;
    private static final int NONCE_CHARS = 43;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    /** Clocks of a cluster's gateways may differ this much; a nonce further in the future was not made by us. */
    private static final long FUTURE_SKEW_MILLIS = 5_000;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;
    private final long lifetimeMillis;
    private final LongSupplier clockMillis;

    public NonceService(byte[] secret, Duration lifetime, LongSupplier clockMillis) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("nonce secret shorter than 16 bytes");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("nonce lifetime must be positive");
        }
        this.key = new SecretKeySpec(secret.clone(), HMAC);
        this.lifetimeMillis = lifetime.toMillis();
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
    }

    /** A service with a fresh 32-byte random secret and the system clock; its nonces die with it. */
    public static NonceService withRandomSecret(Duration lifetime) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new NonceService(secret, lifetime, System::currentTimeMillis);
    }

    /** A new nonce for now: 43 URL-safe base64 characters, never ',' or '"'. */
    public String newNonce() {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] signed = ByteBuffer.allocate(SIGNED_BYTES).putLong(clockMillis.getAsLong()).put(salt).array();
        byte[] nonce = Arrays.copyOf(signed, SIGNED_BYTES + MAC_BYTES);
        System.arraycopy(mac(signed), 0, nonce, SIGNED_BYTES, MAC_BYTES);
        return ENCODER.encodeToString(nonce);
    }

    /**
     * VALID if we issued {@code nonce} within the lifetime; STALE if we issued it but it is older (the client
     * may retry with the same password, RFC 7616 section 3.3 stale=true); INVALID for anything else.
     */
    public Verdict check(String nonce) {
        if (nonce == null || nonce.length() != NONCE_CHARS) {
            return Verdict.INVALID;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Verdict.INVALID;
        }
        // The last character has spare bits; only the canonical spelling is ours.
        if (!ENCODER.encodeToString(raw).equals(nonce)) {
            return Verdict.INVALID;
        }
        byte[] signed = Arrays.copyOf(raw, SIGNED_BYTES);
        byte[] expected = Arrays.copyOf(mac(signed), MAC_BYTES);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, SIGNED_BYTES, raw.length))) {
            return Verdict.INVALID;
        }
        long age = clockMillis.getAsLong() - ByteBuffer.wrap(signed).getLong();
        if (age < -FUTURE_SKEW_MILLIS) {
            return Verdict.INVALID;
        }
        return age > lifetimeMillis ? Verdict.STALE : Verdict.VALID;
    }

    private byte[] mac(byte[] signed) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(signed);
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is required of every Java runtime, and the key was accepted at construction.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
