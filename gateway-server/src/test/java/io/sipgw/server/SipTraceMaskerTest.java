package io.sipgw.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SipTraceMaskerTest {

    @Test
    void masksDigestResponseAndCnonceInProxyAuthorization() {
        String message = "INVITE sip:+15550001111@acme.sip.twilio.com SIP/2.0\r\n"
                + "Proxy-Authorization: Digest username=\"gateway\", realm=\"sip.twilio.com\", "
                + "nonce=\"abc123\", uri=\"sip:+15550001111@acme.sip.twilio.com\", "
                + "response=\"6629fae49393a05397450978507c4ef1\", algorithm=MD5, cnonce=\"0a4f113b\", "
                + "qop=auth, nc=00000001\r\n"
                + "CSeq: 2 INVITE\r\n\r\n";

        String masked = SipTraceMasker.mask(message);

        assertThat(masked).isEqualTo(message
                .replace("6629fae49393a05397450978507c4ef1", "****")
                .replace("0a4f113b", "****"));
        assertThat(masked).contains("username=\"gateway\"", "nonce=\"abc123\"", "qop=auth");
    }

    @Test
    void masksUnquotedValuesAnyCaseAndFoldedLines() {
        String message = "authorization  :Digest username=\"15550001111\",\r\n"
                + "  RESPONSE = deadbeef , cnonce=xyz\r\n"
                + "Via: SIP/2.0/TLS gw.example.com;branch=z9hG4bK1;response=keep\r\n";

        assertThat(SipTraceMasker.mask(message)).isEqualTo("authorization  :Digest username=\"15550001111\",\r\n"
                + "  RESPONSE = **** , cnonce=****\r\n"
                + "Via: SIP/2.0/TLS gw.example.com;branch=z9hG4bK1;response=keep\r\n");
    }

    @Test
    void masksRspauthInAuthenticationInfo() {
        assertThat(SipTraceMasker.mask("Authentication-Info: qop=auth, rspauth=\"6629fae4\", cnonce=\"0a4f\"\n"))
                .isEqualTo("Authentication-Info: qop=auth, rspauth=\"****\", cnonce=\"****\"\n");
    }

    @Test
    void masksSdesKeysButKeepsSuiteLifetimeAndMki() {
        String sdp = "m=audio 40012 RTP/SAVP 0 8 126\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4\r\n"
                + "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj;"
                + "inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVpBQkNE\r\n"
                + "a=rtcp-mux\r\n";

        assertThat(SipTraceMasker.mask(sdp)).isEqualTo("m=audio 40012 RTP/SAVP 0 8 126\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:****|2^20|1:4\r\n"
                + "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:****;inline:****\r\n"
                + "a=rtcp-mux\r\n");
    }

    @Test
    void masksIcePasswordAndEncryptionKeyLines() {
        String sdp = "a=ice-ufrag:F7gI\na=ice-pwd:x9cml/YzichV2+XlhiMu8g\nk=base64:c2VjcmV0\na=fingerprint:sha-256 AB:CD";

        assertThat(SipTraceMasker.mask(sdp))
                .isEqualTo("a=ice-ufrag:F7gI\na=ice-pwd:****\nk=****\na=fingerprint:sha-256 AB:CD");
    }

    @Test
    void leavesMessagesWithoutSecretsUnchanged() {
        String message = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK77\r\n"
                + "WWW-Authenticate: Digest realm=\"sip.twilio.com\", nonce=\"n1\", qop=\"auth\"\r\n"
                + "Content-Length: 0\r\n\r\n";

        assertThat(SipTraceMasker.mask(message)).isEqualTo(message);
        assertThat(SipTraceMasker.mask("")).isEmpty();
    }
}
