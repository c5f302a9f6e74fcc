package io.sipgw.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DigestClientTest {

    private static final DigestCredentials MUFASA_2617 = new DigestCredentials("Mufasa", "Circle Of Life");
    private static final DigestCredentials MUFASA_7616 = new DigestCredentials("Mufasa", "Circle of Life");
    private static final String NONCE_7616 = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String CNONCE_7616 = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private static final String OPAQUE_7616 = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

    private static DigestChallenge challenge(String headerValue) throws DigestParseException {
        return DigestChallenge.parseAll(headerValue).get(0);
    }

    private static DigestChallenge rfc7616(String algorithm) throws DigestParseException {
        return challenge("Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=" + algorithm
                + ", nonce=\"" + NONCE_7616 + "\", opaque=\"" + OPAQUE_7616 + "\"");
    }

    private static String response(String authorization) throws DigestParseException {
        return DigestAnswer.parse(authorization).response();
    }

    @Test
    void rfc2617Section35Example() throws Exception {
        DigestChallenge c = challenge("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        String value = DigestClient.authorization(c, MUFASA_2617, "GET", "/dir/index.html", null, 1, "0a4f113b");
        assertThat(value).isEqualTo("Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", "
                + "response=\"6629fae49393a05397450978507c4ef1\", cnonce=\"0a4f113b\", qop=auth, nc=00000001, "
                + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
    }

    @Test
    void rfc7616Section391Sha256() throws Exception {
        String value = DigestClient.authorization(rfc7616("SHA-256"), MUFASA_7616, "GET", "/dir/index.html", null,
                1, CNONCE_7616);
        assertThat(response(value)).isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
        assertThat(value).contains("algorithm=SHA-256", "qop=auth", "nc=00000001", "opaque=\"" + OPAQUE_7616 + "\"");
    }

    @Test
    void rfc7616Section391Md5() throws Exception {
        String value = DigestClient.authorization(rfc7616("MD5"), MUFASA_7616, "GET", "/dir/index.html", null, 1,
                CNONCE_7616);
        assertThat(response(value)).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
        assertThat(value).contains("algorithm=MD5");
    }

    /**
     * RFC 7616 section 3.9.2. The response agrees with the RFC; the RFC's printed userhash (488869...) is a
     * truncated SHA-512, not SHA-512/256, so the expected hash here was computed independently (Python hashlib).
     */
    @Test
    void rfc7616Section392Sha512256WithUserhash() throws Exception {
        DigestChallenge c = challenge("Digest realm=\"api@example.org\", qop=\"auth\", algorithm=SHA-512-256, "
                + "nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\", "
                + "opaque=\"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS\", charset=UTF-8, userhash=true");
        String value = DigestClient.authorization(c, new DigestCredentials("J\u00e4s\u00f8n Doe", "Secret, or not?"),
                "GET", "/doe.json", null, 1, "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v");
        DigestAnswer answer = DigestAnswer.parse(value);
        assertThat(answer.response()).isEqualTo("3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5");
        assertThat(answer.username()).isEqualTo("793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b");
        assertThat(answer.userhash()).isTrue();
    }

    @Test
    void noQopIsRfc2069Form() throws Exception {
        DigestChallenge c = challenge(
                "Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"");
        String value = DigestClient.authorization(c, MUFASA_2617, "GET", "/dir/index.html", null, 7, "ignored");
        assertThat(response(value)).isEqualTo("670fd8c2df070c60b045671b8b24ff02");
        assertThat(value).doesNotContain("qop=", "nc=", "cnonce=", "algorithm=");
    }

    @Test
    void sessionAlgorithmsHashNonceAndCnonceIntoHa1() throws Exception {
        assertThat(response(DigestClient.authorization(rfc7616("MD5-sess"), MUFASA_7616, "GET", "/dir/index.html",
                null, 1, CNONCE_7616))).isEqualTo("e783283f46242139c486a698fec7211d");
        assertThat(response(DigestClient.authorization(rfc7616("SHA-256-sess"), MUFASA_7616, "GET",
                "/dir/index.html", null, 1, CNONCE_7616)))
                .isEqualTo("2fd51b3a77ad75bad6afad6003e818d767133c46d9e2749e7f5232ae1ea3efd7");
    }

    @Test
    void authIntOnlyWhenItIsTheOnlyQop() throws Exception {
        DigestChallenge c = challenge("Digest realm=\"http-auth@example.org\", qop=\"auth-int\", nonce=\"" + NONCE_7616
                + "\"");
        String value = DigestClient.authorization(c, MUFASA_7616, "GET", "/dir/index.html", null, 1, CNONCE_7616);
        assertThat(value).contains("qop=auth-int");
        assertThat(response(value)).isEqualTo("8804a53d3640a40a4f73cea12c5ba451");
        String withBody = DigestClient.authorization(c, MUFASA_7616, "GET", "/dir/index.html", "v=0".getBytes(), 1,
                CNONCE_7616);
        assertThat(response(withBody)).isNotEqualTo("8804a53d3640a40a4f73cea12c5ba451");
    }

    @Test
    void ncIsEightLowercaseHexDigits() throws Exception {
        String value = DigestClient.authorization(rfc7616("MD5"), MUFASA_7616, "GET", "/", null, 0xabcL, "c");
        assertThat(value).contains("nc=00000abc");
        assertThatThrownBy(() -> DigestClient.authorization(rfc7616("MD5"), MUFASA_7616, "GET", "/", null, 0, "c"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nonAsciiUsernameGoesInUsernameStar() throws Exception {
        String value = DigestClient.authorization(rfc7616("SHA-256"), new DigestCredentials("J\u00e4s\u00f8n Doe", "x"),
                "GET", "/", null, 1, "c");
        assertThat(value).contains("username*=UTF-8''J%C3%A4s%C3%B8n%20Doe");
        assertThat(DigestAnswer.parse(value).username()).isEqualTo("J\u00e4s\u00f8n Doe");
    }

    @Test
    void quotesAndBackslashesInValuesAreEscaped() throws Exception {
        DigestChallenge c = DigestChallenge.builder("a \"b\" \\c", "n").qop("auth").build();
        String value = DigestClient.authorization(c, new DigestCredentials("u\"1", "p"), "INVITE", "sip:b@x", null, 1,
                "c");
        assertThat(value).contains("username=\"u\\\"1\"", "realm=\"a \\\"b\\\" \\\\c\"");
        DigestAnswer answer = DigestAnswer.parse(value);
        assertThat(answer.username()).isEqualTo("u\"1");
        assertThat(answer.realm()).isEqualTo("a \"b\" \\c");
    }

    @Test
    void unsupportedAlgorithmIsRefused() throws Exception {
        assertThatThrownBy(() -> DigestClient.authorization(rfc7616("SHA-1"), MUFASA_7616, "GET", "/", null, 1, "c"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullCnonceMeansAFreshOne() throws Exception {
        String value = DigestClient.authorization(rfc7616("MD5"), MUFASA_7616, "GET", "/", null, 1, null);
        assertThat(DigestAnswer.parse(value).cnonce()).hasSize(32);
    }

    @Test
    void cnoncesAreRandomHex() {
        String a = DigestClient.newCnonce();
        assertThat(a).hasSize(32).matches("[0-9a-f]+");
        assertThat(DigestClient.newCnonce()).isNotEqualTo(a);
    }
}
