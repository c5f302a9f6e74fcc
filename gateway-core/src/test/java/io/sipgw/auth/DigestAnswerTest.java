package io.sipgw.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DigestAnswerTest {

    private static final String RFC2617 = "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
            + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", qop=auth, nc=00000001, "
            + "cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", "
            + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

    @Test
    void readsRfc2617Example() throws Exception {
        DigestAnswer a = DigestAnswer.parse(RFC2617);
        assertThat(a.username()).isEqualTo("Mufasa");
        assertThat(a.realm()).isEqualTo("testrealm@host.com");
        assertThat(a.nonce()).isEqualTo("dcd98b7102dd2f0e8b11d0f600bfb0c093");
        assertThat(a.uri()).isEqualTo("/dir/index.html");
        assertThat(a.qop()).isEqualTo("auth");
        assertThat(a.ncText()).isEqualTo("00000001");
        assertThat(a.nc()).isEqualTo(1);
        assertThat(a.cnonce()).isEqualTo("0a4f113b");
        assertThat(a.response()).isEqualTo("6629fae49393a05397450978507c4ef1");
        assertThat(a.opaque()).isEqualTo("5ccc069c403ebaf9f0171e9517f40e41");
        assertThat(a.algorithmToken()).isNull();
        assertThat(a.algorithm()).isEqualTo(DigestAlgorithm.MD5);
        assertThat(a.userhash()).isFalse();
    }

    @Test
    void toStringHidesTheResponse() throws Exception {
        assertThat(DigestAnswer.parse(RFC2617).toString())
                .doesNotContain("6629fae49393a05397450978507c4ef1")
                .contains("response=***", "Mufasa");
    }

    @Test
    void ncMustBeEightHexDigits() throws Exception {
        assertThat(DigestAnswer.parse(RFC2617.replace("nc=00000001", "nc=0000000A")).nc()).isEqualTo(10);
        assertThat(DigestAnswer.parse(RFC2617.replace("nc=00000001", "nc=ffffffff")).nc()).isEqualTo(0xffffffffL);
        assertThat(DigestAnswer.parse(RFC2617.replace("nc=00000001", "nc=1")).nc()).isEqualTo(-1);
        assertThat(DigestAnswer.parse(RFC2617.replace("nc=00000001", "nc=0000000g")).nc()).isEqualTo(-1);
        assertThat(DigestAnswer.parse(RFC2617.replace("nc=00000001", "nc=-0000001")).nc()).isEqualTo(-1);
        assertThat(DigestAnswer.parse(RFC2617.replace(", nc=00000001", "")).nc()).isEqualTo(-1);
    }

    @Test
    void usernameStarIsDecoded() throws Exception {
        DigestAnswer a = DigestAnswer.parse(
                RFC2617.replace("username=\"Mufasa\"", "username*=UTF-8''J%C3%A4s%C3%B8n%20Doe"));
        assertThat(a.username()).isEqualTo("J\u00e4s\u00f8n Doe");
    }

    @Test
    void refusesWhatIsNotOneDigestCredentials() {
        assertThatThrownBy(() -> DigestAnswer.parse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="))
                .isInstanceOf(DigestParseException.class).hasMessageContaining("not Digest");
        assertThatThrownBy(() -> DigestAnswer.parse(RFC2617.replace("response=", "x=")))
                .hasMessageContaining("missing response");
        assertThatThrownBy(() -> DigestAnswer.parse(RFC2617 + ", username*=UTF-8''x"))
                .hasMessageContaining("both");
        assertThatThrownBy(() -> DigestAnswer.parse(RFC2617.replace("username=\"Mufasa\"", "username*=ISO-8859-1''x")))
                .isInstanceOf(DigestParseException.class);
        assertThatThrownBy(() -> DigestAnswer.parse(RFC2617.replace("username=\"Mufasa\"", "username*=UTF-8''%FF")))
                .isInstanceOf(DigestParseException.class);
        assertThatThrownBy(() -> DigestAnswer.parse(RFC2617 + ", " + RFC2617))
                .isInstanceOf(DigestParseException.class);
        assertThatThrownBy(() -> DigestAnswer.parse("")).hasMessageContaining("no credentials");
    }

    @Test
    void credentialsToStringHidesThePassword() {
        DigestCredentials c = new DigestCredentials("alice", "s3cret-pass");
        assertThat(c.toString()).isEqualTo("DigestCredentials[username=alice, password=***]");
        assertThat(c.password()).isEqualTo("s3cret-pass");
    }
}
