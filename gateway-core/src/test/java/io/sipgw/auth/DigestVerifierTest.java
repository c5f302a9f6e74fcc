package io.sipgw.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestVerifierTest {

    private static final String REALM = "gw.example.com";
    private static final String URI = "sip:+15551234567@gw.example.com;transport=tls";
    private static final DigestCredentials ALICE = new DigestCredentials("alice", "correct horse");

    private static final String MANGLES = " ,=\"\\aZ0:\u00e9";

    private final ManualClock clock = new ManualClock();
    private final NonceService nonces = new NonceService("0123456789abcdef0123456789abcdef".getBytes(),
            Duration.ofSeconds(30), clock);
    private final DigestVerifier verifier = new DigestVerifier(REALM, ALICE, nonces,
            new ReplayGuard(Duration.ofSeconds(30), 1000, clock));

    private DigestChallenge offered(DigestAlgorithm algorithm) throws DigestParseException {
        for (String value : verifier.challenges(false)) {
            DigestChallenge c = DigestChallenge.parseAll(value).get(0);
            if (c.algorithm() == algorithm) {
                return c;
            }
        }
        throw new AssertionError("not offered: " + algorithm);
    }

    private DigestVerifier.Outcome answer(DigestChallenge c, DigestCredentials who, long nc) {
        return verifier.verify("INVITE", URI, DigestClient.authorization(c, who, "INVITE", URI, null, nc,
                DigestClient.newCnonce()));
    }

    private static void assertFailed(DigestVerifier.Outcome outcome, String reason) {
        assertThat(outcome.status()).isEqualTo(DigestVerifier.Outcome.Status.FAILED);
        assertThat(outcome.reason()).isEqualTo(reason);
    }

    @Test
    void offersSha256ThenMd5WithOneNonce() throws Exception {
        List<String> values = verifier.challenges(false);
        assertThat(values).hasSize(2);
        DigestChallenge first = DigestChallenge.parseAll(values.get(0)).get(0);
        DigestChallenge second = DigestChallenge.parseAll(values.get(1)).get(0);
        assertThat(first.algorithm()).isEqualTo(DigestAlgorithm.SHA_256);
        assertThat(second.algorithm()).isEqualTo(DigestAlgorithm.MD5);
        assertThat(first.nonce()).isEqualTo(second.nonce());
        assertThat(first.qopOptions()).containsExactly("auth");
        assertThat(first.opaque()).isNotNull();
        assertThat(first.stale()).isFalse();
        assertThat(DigestChallenge.parseAll(verifier.challenges(true).get(0)).get(0).stale()).isTrue();
        assertThat(DigestChallenge.choose(List.of(second, first))).isSameAs(first);
    }

    @Test
    void roundTripIsValidForBothAlgorithms() throws Exception {
        assertThat(answer(offered(DigestAlgorithm.SHA_256), ALICE, 1).isValid()).isTrue();
        assertThat(answer(offered(DigestAlgorithm.MD5), ALICE, 1).isValid()).isTrue();
    }

    @Test
    void wrongPasswordFails() throws Exception {
        assertFailed(answer(offered(DigestAlgorithm.SHA_256), new DigestCredentials("alice", "wrong"), 1),
                "wrong password");
    }

    @Test
    void replayFailsButHigherCountPasses() throws Exception {
        DigestChallenge c = offered(DigestAlgorithm.SHA_256);
        String header = DigestClient.authorization(c, ALICE, "INVITE", URI, null, 1, "cn");
        assertThat(verifier.verify("INVITE", URI, header).isValid()).isTrue();
        assertFailed(verifier.verify("INVITE", URI, header), "replayed nonce count");
        assertThat(answer(c, ALICE, 2).isValid()).isTrue();
        assertFailed(answer(c, ALICE, 2), "replayed nonce count");
    }

    @Test
    void expiredNonceIsStaleOnlyWithTheRightPassword() throws Exception {
        DigestChallenge c = offered(DigestAlgorithm.MD5);
        clock.advance(Duration.ofSeconds(31));
        assertThat(answer(c, ALICE, 1).status()).isEqualTo(DigestVerifier.Outcome.Status.STALE);
        assertFailed(answer(c, new DigestCredentials("alice", "guess"), 1), "wrong password");
    }

    @Test
    void tamperedNonceFails() throws Exception {
        DigestChallenge real = offered(DigestAlgorithm.SHA_256);
        String nonce = real.nonce();
        String forged = (nonce.charAt(0) == 'A' ? "B" : "A") + nonce.substring(1);
        DigestChallenge c = DigestChallenge.builder(REALM, forged).algorithm(DigestAlgorithm.SHA_256).qop("auth")
                .opaque(real.opaque()).build();
        assertFailed(answer(c, ALICE, 1), "nonce not issued by us");
    }

    @Test
    void uriMismatchFails() throws Exception {
        String header = DigestClient.authorization(offered(DigestAlgorithm.SHA_256), ALICE, "INVITE",
                "sip:other@gw.example.com", null, 1, "cn");
        assertFailed(verifier.verify("INVITE", URI, header), "digest uri does not match the Request-URI");
    }

    @Test
    void schemeAndHostCaseMayDifferInTheUri() throws Exception {
        String header = DigestClient.authorization(offered(DigestAlgorithm.SHA_256), ALICE, "INVITE",
                "SIP:+15551234567@GW.Example.COM;transport=tls", null, 1, "cn");
        assertThat(verifier.verify("INVITE", URI, header).isValid()).isTrue();
        String userCase = DigestClient.authorization(offered(DigestAlgorithm.SHA_256), ALICE, "INVITE",
                "sip:Bob@gw.example.com", null, 1, "cn");
        assertFailed(verifier.verify("INVITE", "sip:bob@gw.example.com", userCase),
                "digest uri does not match the Request-URI");
    }

    @Test
    void methodIsPartOfTheDigest() throws Exception {
        String header = DigestClient.authorization(offered(DigestAlgorithm.SHA_256), ALICE, "INVITE", URI, null, 1,
                "cn");
        assertFailed(verifier.verify("BYE", URI, header), "wrong password");
    }

    @Test
    void otherFailuresHaveTheirOwnReasons() throws Exception {
        DigestChallenge c = offered(DigestAlgorithm.SHA_256);
        assertFailed(verifier.verify("INVITE", URI, null), "no Digest credentials");
        assertFailed(verifier.verify("INVITE", URI, "Basic YWxpY2U6eA=="), "no Digest credentials");
        assertThat(verifier.verify("INVITE", URI, "Digest realm=\"x").reason()).startsWith("malformed credentials: ");
        assertFailed(answer(c, new DigestCredentials("mallory", "correct horse"), 1), "unknown user");
        DigestChallenge otherRealm = DigestChallenge.builder("evil", c.nonce()).algorithm(DigestAlgorithm.SHA_256)
                .qop("auth").build();
        assertFailed(answer(otherRealm, ALICE, 1), "wrong realm");
        DigestChallenge sess = DigestChallenge.builder(REALM, c.nonce()).algorithm(DigestAlgorithm.SHA_256_SESS)
                .qop("auth").build();
        assertFailed(answer(sess, ALICE, 1), "unsupported algorithm");
        assertFailed(verifier.verify("INVITE", URI, DigestClient.authorization(c, ALICE, "INVITE", URI, null, 1, "cn")
                .replace("algorithm=SHA-256", "algorithm=SHA-1")), "unsupported algorithm");
        DigestChallenge noQop = DigestChallenge.builder(REALM, c.nonce()).algorithm(DigestAlgorithm.SHA_256).build();
        assertFailed(answer(noQop, ALICE, 1), "qop missing or not auth");
        DigestChallenge wrongOpaque = DigestChallenge.builder(REALM, c.nonce()).algorithm(DigestAlgorithm.SHA_256)
                .qop("auth").opaque("forged").build();
        assertFailed(answer(wrongOpaque, ALICE, 1), "opaque does not match");
    }

    @Test
    void userhashAnswersAreAccepted() throws Exception {
        DigestChallenge c = DigestChallenge.builder(REALM, offered(DigestAlgorithm.SHA_256).nonce())
                .algorithm(DigestAlgorithm.SHA_256).qop("auth").userhash(true).build();
        assertThat(answer(c, ALICE, 1).isValid()).isTrue();
    }

    @Test
    void mangledAnswersFailWithoutThrowing() throws Exception {
        String good = DigestClient.authorization(offered(DigestAlgorithm.MD5), ALICE, "INVITE", URI, null, 1, "cn");
        java.util.Random random = new java.util.Random(7);
        int valid = 0;
        for (int i = 0; i < 5_000; i++) {
            StringBuilder b = new StringBuilder(good);
            for (int j = random.nextInt(3); j >= 0; j--) {
                b.setCharAt(random.nextInt(b.length()), MANGLES.charAt(random.nextInt(MANGLES.length())));
            }
            String mangled = random.nextInt(4) == 0 ? b.substring(0, random.nextInt(b.length())) : b.toString();
            DigestVerifier.Outcome outcome = verifier.verify("INVITE", URI, mangled);
            valid += outcome.isValid() ? 1 : 0;
        }
        // A mangling may still mean the same thing (", ," for ", "), but they all share nonce and nc=1.
        assertThat(valid).isLessThanOrEqualTo(1);
    }

    @Test
    void reasonsNeverCarrySecrets() throws Exception {
        String header = DigestClient.authorization(offered(DigestAlgorithm.SHA_256),
                new DigestCredentials("alice", "wrong"), "INVITE", URI, null, 1, "cn");
        String response = DigestAnswer.parse(header).response();
        String reason = verifier.verify("INVITE", URI, header).reason();
        assertThat(reason).doesNotContain(response, "correct horse", "wrong\"");
    }
}
