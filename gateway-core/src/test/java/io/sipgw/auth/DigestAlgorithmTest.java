package io.sipgw.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DigestAlgorithmTest {

    @Test
    void tokensRoundTripIgnoringCase() {
        for (DigestAlgorithm a : DigestAlgorithm.values()) {
            assertThat(DigestAlgorithm.fromToken(a.token())).isEqualTo(a);
            assertThat(DigestAlgorithm.fromToken(a.token().toLowerCase())).isEqualTo(a);
        }
        assertThat(DigestAlgorithm.SHA_512_256_SESS.token()).isEqualTo("SHA-512-256-sess");
    }

    @Test
    void absentMeansMd5AndUnknownMeansNull() {
        assertThat(DigestAlgorithm.fromToken(null)).isEqualTo(DigestAlgorithm.MD5);
        assertThat(DigestAlgorithm.fromToken("SHA-1")).isNull();
        assertThat(DigestAlgorithm.fromToken("")).isNull();
    }

    @Test
    void strengthOrdersHashesAndIgnoresSess() {
        assertThat(DigestAlgorithm.SHA_512_256.strength()).isGreaterThan(DigestAlgorithm.SHA_256.strength());
        assertThat(DigestAlgorithm.SHA_256.strength()).isGreaterThan(DigestAlgorithm.MD5.strength());
        assertThat(DigestAlgorithm.SHA_256_SESS.strength()).isEqualTo(DigestAlgorithm.SHA_256.strength());
        assertThat(DigestAlgorithm.MD5_SESS.session()).isTrue();
        assertThat(DigestAlgorithm.MD5.session()).isFalse();
    }

    @Test
    void hashesMatchKnownAnswers() {
        assertThat(DigestAlgorithm.MD5.hashHex("abc")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(DigestAlgorithm.SHA_256.hashHex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        // FIPS 180-4 SHA-512/256 (its own initial values, not a truncated SHA-512).
        assertThat(DigestAlgorithm.SHA_512_256_SESS.hashHex("abc"))
                .isEqualTo("53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");
    }
}
