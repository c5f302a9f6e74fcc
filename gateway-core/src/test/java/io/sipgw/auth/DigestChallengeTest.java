package io.sipgw.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestChallengeTest {

    private static final String META_SHA256 = "Digest realm=\"meta\", nonce=\"n1\", algorithm=SHA-256, qop=\"auth\", "
            + "opaque=\"op\"";
    private static final String META_MD5 = "Digest realm=\"meta\", nonce=\"n1\", algorithm=MD5, qop=\"auth\", "
            + "opaque=\"op\"";

    private static List<DigestChallenge> headers(String... values) throws DigestParseException {
        List<DigestChallenge> all = new ArrayList<>();
        for (String v : values) {
            all.addAll(DigestChallenge.parseAll(v));
        }
        return all;
    }

    @Test
    void readsEveryField() throws Exception {
        DigestChallenge c = DigestChallenge.parseAll("Digest realm=\"r\", domain=\"sip:a sip:b\", nonce=\"n\", "
                + "opaque=\"o\", stale=TRUE, ALGORITHM=sha-256-SESS, qop=\"auth , auth-int\", userhash=true").get(0);
        assertThat(c.realm()).isEqualTo("r");
        assertThat(c.nonce()).isEqualTo("n");
        assertThat(c.opaque()).isEqualTo("o");
        assertThat(c.domain()).isEqualTo("sip:a sip:b");
        assertThat(c.stale()).isTrue();
        assertThat(c.userhash()).isTrue();
        assertThat(c.algorithmToken()).isEqualTo("sha-256-SESS");
        assertThat(c.algorithm()).isEqualTo(DigestAlgorithm.SHA_256_SESS);
        assertThat(c.qopOptions()).containsExactly("auth", "auth-int");
    }

    @Test
    void absentFieldsHaveDefaults() throws Exception {
        DigestChallenge c = DigestChallenge.parseAll("Digest realm=r,nonce=n").get(0);
        assertThat(c.opaque()).isNull();
        assertThat(c.algorithmToken()).isNull();
        assertThat(c.algorithm()).isEqualTo(DigestAlgorithm.MD5);
        assertThat(c.qopOptions()).isEmpty();
        assertThat(c.stale()).isFalse();
        assertThat(c.userhash()).isFalse();
        assertThat(c.domain()).isNull();
    }

    @Test
    void metasDoubleChallengeChoosesSha256InEitherOrder() throws Exception {
        assertThat(DigestChallenge.choose(headers(META_SHA256, META_MD5)).algorithm())
                .isEqualTo(DigestAlgorithm.SHA_256);
        assertThat(DigestChallenge.choose(headers(META_MD5, META_SHA256)).algorithm())
                .isEqualTo(DigestAlgorithm.SHA_256);
    }

    @Test
    void severalChallengesInOneValueAndOtherSchemesSkipped() throws Exception {
        List<DigestChallenge> all = DigestChallenge.parseAll("Basic realm=\"x\", " + META_MD5
                + ", Negotiate, Bearer abc==, " + META_SHA256 + ",");
        assertThat(all).extracting(DigestChallenge::algorithm)
                .containsExactly(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256);
        assertThat(DigestChallenge.parseAll("Basic realm=\"x\"")).isEmpty();
        assertThat(DigestChallenge.parseAll("Negotiate YIIabc=, " + META_SHA256)).hasSize(1);
    }

    @Test
    void chooseSkipsWhatWeCannotAnswer() throws Exception {
        assertThat(DigestChallenge.choose(headers("Digest realm=r, nonce=n, algorithm=SHA-1"))).isNull();
        assertThat(DigestChallenge.choose(headers("Digest realm=r, nonce=n, qop=\"auth-conf\""))).isNull();
        assertThat(DigestChallenge.choose(List.of())).isNull();
        assertThat(DigestChallenge.choose(headers("Digest realm=r, nonce=n, algorithm=SHA-1",
                "Digest realm=r, nonce=n2, qop=\"auth-int\"")).nonce()).isEqualTo("n2");
    }

    @Test
    void tiesGoToTheFirstOffered() throws Exception {
        DigestChallenge chosen = DigestChallenge.choose(headers("Digest realm=r, nonce=first, algorithm=SHA-256",
                "Digest realm=r, nonce=second, algorithm=SHA-256-sess", "Digest realm=r, nonce=third"));
        assertThat(chosen.nonce()).isEqualTo("first");
    }

    @Test
    void strongestWins() throws Exception {
        DigestChallenge chosen = DigestChallenge.choose(headers(META_MD5, META_SHA256,
                "Digest realm=r, nonce=n, algorithm=SHA-512-256"));
        assertThat(chosen.algorithm()).isEqualTo(DigestAlgorithm.SHA_512_256);
    }

    @Test
    void builderWritesWhatParseReads() throws Exception {
        DigestChallenge built = DigestChallenge.builder("re\"alm", "nonce").algorithm(DigestAlgorithm.SHA_256)
                .qop("auth").opaque("op").stale(true).build();
        assertThat(built.toHeaderValue()).isEqualTo("Digest realm=\"re\\\"alm\", nonce=\"nonce\", "
                + "algorithm=SHA-256, qop=\"auth\", opaque=\"op\", stale=true");
        DigestChallenge parsed = DigestChallenge.parseAll(built.toHeaderValue()).get(0);
        assertThat(parsed.realm()).isEqualTo("re\"alm");
        assertThat(parsed.stale()).isTrue();
        assertThat(parsed.qopOptions()).containsExactly("auth");
        assertThat(parsed.algorithm()).isEqualTo(DigestAlgorithm.SHA_256);
    }
}
