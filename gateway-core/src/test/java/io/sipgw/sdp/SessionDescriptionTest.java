package io.sipgw.sdp;

import static io.sipgw.sdp.SdpSamples.HEAD;
import static io.sipgw.sdp.SdpSamples.crlf;
import static io.sipgw.sdp.SdpSamples.load;
import static io.sipgw.sdp.SdpSamples.text;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionDescriptionTest {

    @ParameterizedTest
    @ValueSource(strings = {"meta-sdes-g711.sdp", "meta-sdes-opus.sdp", "meta-dtls.sdp", "twilio-answer-pcmu.sdp",
            "twilio-offer-rtp.sdp", "audio-video.sdp"})
    void writesEveryParsedSampleBackByteForByte(String sample) throws SdpParseException {
        byte[] body = load(sample);

        assertThat(SessionDescription.parse(body).toBytes()).isEqualTo(body);
    }

    @Test
    void readsTheFieldsOfMetasOffer() throws SdpParseException {
        SessionDescription sdp = SessionDescription.parse(load("meta-sdes-g711.sdp"));

        assertThat(sdp.origin()).isEqualTo(new Origin("-", "1732811234", "2", "IN", "IP6",
                "2a03:2880:f22d:1c0::face:b00c"));
        assertThat(sdp.connection()).isEmpty();
        assertThat(sdp.attributes("group")).containsExactly("BUNDLE audio");
        assertThat(sdp.media()).hasSize(1);
        MediaDescription audio = sdp.media().get(0);
        assertThat(audio.media()).isEqualTo("audio");
        assertThat(audio.port()).isEqualTo(40012);
        assertThat(audio.proto()).isEqualTo("RTP/SAVP");
        assertThat(audio.formats()).containsExactly("111", "0", "8", "126");
        assertThat(audio.connection()).contains(new Connection("IN", "IP6", "2a03:2880:f22d:1c0::face:b00c"));
        assertThat(audio.encoding("111")).contains(new RtpEncoding("opus", 48000, 2));
        assertThat(audio.encoding("126")).contains(new RtpEncoding("telephone-event", 8000, 1));
        assertThat(audio.attributes("rtcp-mux")).containsExactly("");
        assertThat(audio.attributes("crypto")).hasSize(1);
    }

    @Test
    void knowsStaticPayloadTypesWithoutRtpmap() throws SdpParseException {
        SessionDescription sdp = SessionDescription.parse(crlf(HEAD + """
                m=audio 5004 RTP/AVP 0 8 18 96
                """));

        MediaDescription audio = sdp.media().get(0);
        assertThat(audio.encoding("0")).contains(new RtpEncoding("PCMU", 8000, 1));
        assertThat(audio.encoding("8")).contains(new RtpEncoding("PCMA", 8000, 1));
        assertThat(audio.encoding("18")).contains(new RtpEncoding("G729", 8000, 1));
        assertThat(audio.encoding("96")).isEmpty();
    }

    @Test
    void acceptsBareLineFeedsAndWritesCrlf() throws SdpParseException {
        String lf = "v=0\no=- 7 7 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 5004 RTP/AVP 0\n";

        byte[] written = SessionDescription.parse(lf.getBytes(UTF_8)).toBytes();

        assertThat(text(written)).isEqualTo(lf.replace("\n", "\r\n"));
    }

    @Test
    void readsIpv6ConnectionLinesInEveryTextForm() throws SdpParseException {
        SessionDescription sdp = SessionDescription.parse(crlf("""
                v=0
                o=- 1 1 IN IP6 ::1
                s=-
                c=IN IP6 2001:db8::10
                t=0 0
                m=audio 5004 RTP/AVP 0
                c=IN IP6 ::ffff:192.0.2.7
                m=audio 5006 RTP/AVP 8
                c=IN IP6 2001:0db8:0000:0000:0000:ff00:0042:8329
                m=audio 5008 RTP/AVP 8
                """));

        assertThat(sdp.connection()).contains(new Connection("IN", "IP6", "2001:db8::10"));
        assertThat(sdp.media()).extracting(m -> m.connection().map(Connection::address).orElse("(session)"))
                .containsExactly("::ffff:192.0.2.7", "2001:0db8:0000:0000:0000:ff00:0042:8329", "(session)");
    }

    @Test
    void keepsUnknownLinesAndAttributesByteForByte() throws SdpParseException {
        byte[] body = crlf("""
                v=0
                o=- 1 1 IN IP4 192.0.2.1
                s=Sess\u00e9ion caf\u00e9
                i=\u00fcnicode info
                u=http://example.com/x
                e=ops@example.com
                c=IN IP4 192.0.2.1
                b=AS:64
                t=0 0
                r=604800 3600 0 90000
                z=2882844526 -1h
                k=prompt
                y=unknown type letter
                a=x-custom:with spaces\tand tab
                m=audio 5004 RTP/AVP 0
                a=x-wa-extension
                a=rtcp:5005 IN IP4 192.0.2.1
                """);

        assertThat(SessionDescription.parse(body).toBytes()).isEqualTo(body);
    }

    @Test
    void incrementsTheOriginVersion() throws SdpParseException {
        SessionDescription sdp = SessionDescription.parse(load("meta-sdes-g711.sdp"));

        SessionDescription next = sdp.withNextVersion();

        assertThat(next.origin().sessionVersion()).isEqualTo("3");
        assertThat(text(next.toBytes())).contains("\r\no=- 1732811234 3 IN IP6 2a03:2880:f22d:1c0::face:b00c\r\n")
                .isEqualTo(text(sdp.toBytes()).replace(" 2 IN IP6", " 3 IN IP6"));
        assertThat(next.withNextVersion().origin().sessionVersion()).isEqualTo("4");
    }

    @Test
    void incrementsVersionsBeyondSixtyFourBits() {
        Origin origin = new Origin("-", "1", "99999999999999999999", "IN", "IP4", "192.0.2.1");

        assertThat(origin.withNextVersion().sessionVersion()).isEqualTo("100000000000000000000");
        assertThat(new Origin("-", "1", "1239", "IN", "IP4", "h").withNextVersion().sessionVersion())
                .isEqualTo("1240");
    }

    @Test
    void masksSrtpKeysAndIcePasswordsInToString() throws SdpParseException {
        SessionDescription sdes = SessionDescription.parse(load("meta-sdes-g711.sdp"));
        SessionDescription dtls = SessionDescription.parse(load("meta-dtls.sdp"));
        SessionDescription twoKeys = SessionDescription.parse(crlf(HEAD + """
                m=audio 5004 RTP/SAVP 0
                a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:c2Vjb25ka2V5c2Vjb25ka2V5c2Vjb25ka2V5MTIz|2^20|1:4;\
                inline:dGhpcmRrZXl0aGlyZGtleXRoaXJka2V5dGhpcmQ0NTY|2^20|2:4 KDR=1
                """));

        assertThat(sdes.toString())
                .contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:***")
                .doesNotContain("WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz");
        assertThat(sdes.media().get(0).toString()).doesNotContain("WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz");
        assertThat(dtls.toString()).contains("a=ice-pwd:***").doesNotContain("dTk3Y2FhNjgzYjE2NTU0ZmEx");
        assertThat(twoKeys.toString())
                .contains("a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:***|2^20|1:4;inline:***|2^20|2:4 KDR=1");
    }

    @Test
    void lineLimitsAreConfigurable() {
        SdpLimits tight = new SdpLimits(1024, 8);

        assertThat(SdpSamples.parseFailure(load("meta-sdes-g711.sdp"), tight)).contains("more than 8 lines");
    }
}
