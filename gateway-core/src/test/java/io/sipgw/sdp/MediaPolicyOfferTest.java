package io.sipgw.sdp;

import static io.sipgw.sdp.SdpSamples.HEAD;
import static io.sipgw.sdp.SdpSamples.crlf;
import static io.sipgw.sdp.SdpSamples.load;
import static io.sipgw.sdp.SdpSamples.policy;
import static io.sipgw.sdp.SdpSamples.text;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden tests: realistic offers from Meta and Twilio through the default policy. */
class MediaPolicyOfferTest {

    @Test
    void narrowsMetasSdesG711OfferToG711AndKeepsEverythingElse() {
        PolicyResult result = policy().filterOffer(load("meta-sdes-g711.sdp"));

        PolicyResult.Rewritten rewritten = rewritten(result);
        assertThat(text(rewritten.body())).isEqualTo(text(load("meta-sdes-g711.filtered.sdp")));
        assertThat(text(rewritten.body())).contains("\r\nm=audio 40012 RTP/SAVP 0 8 126\r\n")
                .contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz")
                .doesNotContain("opus").doesNotContain("a=fmtp:111");
        assertThat(rewritten.description().toBytes()).isEqualTo(rewritten.body());
        assertThat(rewritten.description().origin().sessionVersion()).isEqualTo("2");
    }

    @Test
    void acceptsTheSameOfferWithBareLineFeedsAndAnswersInCrlf() {
        byte[] lf = text(load("meta-sdes-g711.sdp")).replace("\r\n", "\n").getBytes(UTF_8);

        PolicyResult.Rewritten rewritten = rewritten(policy().filterOffer(lf));

        assertThat(rewritten.body()).isEqualTo(load("meta-sdes-g711.filtered.sdp"));
    }

    @Test
    void refusesMetasOpusOnlyOfferNamingAdditionalCodecs() {
        PolicyResult.Rejected rejected = rejected(policy().filterOffer(load("meta-sdes-opus.sdp")));

        assertThat(rejected.cause()).isEqualTo(RejectionCause.NO_ALLOWED_CODEC);
        assertThat(rejected.status()).isEqualTo(488);
        assertThat(rejected.reasonPhrase()).isEqualTo("Not Acceptable Here");
        assertThat(rejected.warning()).startsWith("399 gw.example.com \"No allowed audio codec offered;")
                .contains("audio.additional_codecs (PCMU/PCMA)").endsWith("\"");
        assertThat(rejected.logMessage())
                .contains("offered opus/48000/2, telephone-event/8000; allowed PCMU, PCMA, telephone-event")
                .contains("Fix: enable audio.additional_codecs (PCMU/PCMA) on the WhatsApp number")
                .doesNotContain("bDhmNXZ3bnRwS2p0ZXN0a2V5bWF0ZXJpYWwxMjM0NTY3");
    }

    @Test
    void refusesMetasDtlsOfferNamingSdesAndTheRelay() {
        PolicyResult.Rejected rejected = rejected(policy().filterOffer(load("meta-dtls.sdp")));

        assertThat(rejected.cause()).isEqualTo(RejectionCause.DTLS_SRTP);
        assertThat(rejected.status()).isEqualTo(488);
        assertThat(rejected.warning())
                .startsWith("399 gw.example.com \"DTLS-SRTP cannot be bridged without a media relay;")
                .contains("SDES").contains("media relay");
        assertThat(rejected.logMessage()).contains("m=audio UDP/TLS/RTP/SAVPF with a=fingerprint")
                .contains("Fix: switch the WhatsApp number's SRTP key exchange (srtp_key_exchange_protocol) to SDES")
                .contains("media relay").doesNotContain("dTk3Y2FhNjgzYjE2NTU0ZmEx");
    }

    @Test
    void namesTheWarningHostFromTheConfiguration() {
        MediaPolicy policy = new MediaPolicy(MediaPolicyConfig.defaults("[2001:db8::5]:5061"));

        assertThat(rejected(policy.filterOffer(load("meta-dtls.sdp"))).warning())
                .startsWith("399 [2001:db8::5]:5061 \"");
    }

    @Test
    void forwardsTwiliosPlainRtpOfferUnchanged() {
        byte[] offer = load("twilio-offer-rtp.sdp");

        PolicyResult result = policy().filterOffer(offer);

        assertThat(result).isInstanceOf(PolicyResult.Unchanged.class);
        assertThat(((PolicyResult.Unchanged) result).description().toBytes()).isEqualTo(offer);
    }

    @Test
    void forwardsAnAlreadyFilteredOfferUnchanged() {
        assertThat(policy().filterOffer(load("meta-sdes-g711.filtered.sdp")))
                .isInstanceOf(PolicyResult.Unchanged.class);
    }

    @Test
    void disablesVideoWithPortZeroDropsHighRateEventsAndLeavesTheBundle() {
        PolicyResult.Rewritten rewritten = rewritten(policy().filterOffer(load("audio-video.sdp")));

        assertThat(text(rewritten.body())).isEqualTo(text(load("audio-video.filtered.sdp")));
        assertThat(rewritten.description().media()).extracting(MediaDescription::port).containsExactly(49170, 0);
    }

    @Test
    void keepsDynamicTelephoneEventPayloadTypesAt8000() {
        String offer = HEAD + """
                m=audio 5004 RTP/AVP 96 0 101 126
                a=rtpmap:96 opus/48000/2
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-16
                a=rtpmap:126 telephone-event/8000
                a=fmtp:126 0-15
                """;

        PolicyResult.Rewritten rewritten = rewritten(policy().filterOffer(crlf(offer)));

        assertThat(rewritten.description().media().get(0).formats()).containsExactly("0", "101", "126");
        assertThat(rewritten.description().media().get(0).formats()).isUnmodifiable();
        assertThat(text(rewritten.body())).contains("a=fmtp:101 0-16\r\n").contains("a=fmtp:126 0-15\r\n");
    }

    @Test
    void dropsTelephoneEventAt48000WhenOnly8kHzCodecsRemain() {
        String offer = HEAD + """
                m=audio 5004 RTP/AVP 111 0 8 101 126
                a=rtpmap:111 opus/48000/2
                a=rtpmap:101 telephone-event/48000
                a=fmtp:101 0-16
                a=rtpmap:126 telephone-event/8000
                """;

        PolicyResult.Rewritten rewritten = rewritten(policy().filterOffer(crlf(offer)));

        assertThat(text(rewritten.body())).contains("m=audio 5004 RTP/AVP 0 8 126\r\n")
                .doesNotContain("telephone-event/48000").doesNotContain("a=fmtp:101");
    }

    @Test
    void refusesAnOfferOfOnlyTelephoneEvents() {
        String offer = HEAD + "m=audio 5004 RTP/AVP 101\na=rtpmap:101 telephone-event/8000\n";

        assertThat(rejected(policy().filterOffer(crlf(offer))).cause()).isEqualTo(RejectionCause.NO_ALLOWED_CODEC);
    }

    @Test
    void keepsBothCryptoSuitesRtcpMuxAndUnknownAttributes() {
        String offer = HEAD + """
                a=group:BUNDLE 0
                a=x-session-thing:42
                m=audio 5004 RTP/SAVP 9 0
                a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^31
                a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:c2Vjb25ka2V5c2Vjb25ka2V5c2Vjb25ka2V5MTIz
                a=rtcp-mux
                a=mid:0
                a=x-foo
                a=label:1
                """;

        PolicyResult.Rewritten rewritten = rewritten(policy().filterOffer(crlf(offer)));

        assertThat(text(rewritten.body())).isEqualTo(text(crlf(offer.replace("RTP/SAVP 9 0", "RTP/SAVP 0"))));
    }

    @Test
    void findsTheOriginAfterDroppingABundleGroupThatPrecededIt() {
        String offer = """
                v=0
                a=group:BUNDLE v
                o=- 5 5 IN IP4 192.0.2.1
                s=-
                c=IN IP4 192.0.2.1
                t=0 0
                m=audio 5004 RTP/AVP 0
                m=video 5006 RTP/AVP 97
                a=mid:v
                """;

        PolicyResult.Rewritten rewritten = rewritten(policy().filterOffer(crlf(offer)));

        assertThat(text(rewritten.body())).doesNotContain("BUNDLE");
        assertThat(rewritten.description().origin().sessionVersion()).isEqualTo("5");
    }

    @Test
    void matchesCodecNamesIgnoringCaseAndDropsUnknownDynamicTypes() {
        String offer = HEAD + """
                m=audio 5004 RTP/AVP 97 98 99
                a=rtpmap:97 pcma/8000
                a=rtcp-fb:97 nack
                a=rtcp-fb:98 nack
                a=fmtp:99 mode=30
                a=rtpmap:99 iLBC/8000
                """;

        PolicyResult.Rewritten rewritten = rewritten(policy().filterOffer(crlf(offer)));

        assertThat(text(rewritten.body())).endsWith("m=audio 5004 RTP/AVP 97\r\na=rtpmap:97 pcma/8000\r\n"
                + "a=rtcp-fb:97 nack\r\n");
    }

    @Test
    void honoursAConfiguredCodecListWithClockRates() {
        MediaPolicy opus = new MediaPolicy(MediaPolicyConfig.defaults("gw")
                .withAllowedCodecs(CodecSpec.parseList("opus/48000, telephone-event")));

        PolicyResult.Rewritten rewritten = rewritten(opus.filterOffer(load("audio-video.sdp")));

        assertThat(rewritten.description().media().get(0).formats()).containsExactly("96", "101");
    }

    @Test
    void refusesPlainRtpWhenSecureMediaIsRequired() {
        MediaPolicy towardsMeta =
                new MediaPolicy(MediaPolicyConfig.defaults("gw").withSecureMedia(SecureMedia.REQUIRED));

        PolicyResult.Rejected rejected = rejected(towardsMeta.filterOffer(load("twilio-offer-rtp.sdp")));

        assertThat(rejected.cause()).isEqualTo(RejectionCause.SRTP_REQUIRED);
        assertThat(rejected.warning()).contains("turn on Secure Media on the Twilio SIP domain");
        assertThat(towardsMeta.filterOffer(load("meta-sdes-g711.sdp"))).isInstanceOf(PolicyResult.Rewritten.class);
    }

    @Test
    void refusesSrtpWhenSecureMediaIsOff() {
        MediaPolicy plainTwilio = new MediaPolicy(MediaPolicyConfig.defaults("gw").withSecureMedia(SecureMedia.OFF));

        PolicyResult.Rejected rejected = rejected(plainTwilio.filterOffer(load("meta-sdes-g711.sdp")));

        assertThat(rejected.cause()).isEqualTo(RejectionCause.SRTP_NOT_ACCEPTED);
        assertThat(rejected.logMessage()).contains("Fix: turn on Secure Media on the Twilio SIP domain");
        assertThat(plainTwilio.filterOffer(load("twilio-offer-rtp.sdp"))).isInstanceOf(PolicyResult.Unchanged.class);
    }

    @Test
    void refusesSavpWithoutKeysAndFeedbackProfiles() {
        String noKeys = HEAD + "m=audio 5004 RTP/SAVP 0\n";
        String savpf = HEAD + "m=audio 5004 RTP/SAVPF 0\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abc\n";

        assertThat(rejected(policy().filterOffer(crlf(noKeys))).cause()).isEqualTo(RejectionCause.SDES_KEYS_MISSING);
        assertThat(rejected(policy().filterOffer(crlf(savpf))).cause()).isEqualTo(RejectionCause.UNSUPPORTED_PROFILE);
    }

    @Test
    void refusesAFingerprintEvenUnderRtpSavp() {
        String offer = HEAD + "a=fingerprint:sha-256 4F:2A\nm=audio 5004 RTP/SAVP 0\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abc\n";

        assertThat(rejected(policy().filterOffer(crlf(offer))).cause()).isEqualTo(RejectionCause.DTLS_SRTP);
    }

    @Test
    void refusesIceOnlyOffersButForwardsIceNextToARealAddress() {
        String iceOnly = """
                v=0
                o=- 1 1 IN IP4 0.0.0.0
                s=-
                c=IN IP4 0.0.0.0
                t=0 0
                a=ice-lite
                m=audio 9 RTP/AVP 0
                a=ice-ufrag:abcd
                a=ice-pwd:secretsecretsecret
                a=candidate:1 1 udp 2122260223 192.0.2.9 40000 typ host
                """;
        String iceAndAddress = HEAD + "m=audio 5004 RTP/AVP 0\na=ice-ufrag:abcd\n"
                + "a=candidate:1 1 udp 1 192.0.2.1 5004 typ host\n";

        PolicyResult.Rejected rejected = rejected(policy().filterOffer(crlf(iceOnly)));

        assertThat(rejected.cause()).isEqualTo(RejectionCause.ICE_ONLY);
        assertThat(rejected.logMessage()).contains("placeholder address 0.0.0.0 port 9").doesNotContain("secretsecret");
        assertThat(policy().filterOffer(crlf(iceAndAddress))).isInstanceOf(PolicyResult.Unchanged.class);
    }

    @Test
    void refusesAnOfferWithoutActiveAudio() {
        String videoOnly = HEAD + "m=video 5004 RTP/AVP 97\na=rtpmap:97 H264/90000\n";
        String audioDisabled = HEAD + "m=audio 0 RTP/AVP 0\n";

        assertThat(rejected(policy().filterOffer(crlf(videoOnly))).cause()).isEqualTo(RejectionCause.NO_AUDIO);
        assertThat(rejected(policy().filterOffer(crlf(audioDisabled))).cause()).isEqualTo(RejectionCause.NO_AUDIO);
    }

    @Test
    void disablesAnUnbridgeableAudioStreamWhenAnotherOneWorks() {
        String offer = HEAD + """
                m=audio 5004 RTP/AVP 96
                a=rtpmap:96 opus/48000/2
                a=mid:1
                m=audio 5006 RTP/AVP 0
                a=mid:2
                """;

        PolicyResult.Rewritten rewritten = rewritten(policy().filterOffer(crlf(offer)));

        assertThat(rewritten.description().media()).extracting(MediaDescription::port).containsExactly(0, 5006);
        assertThat(rewritten.description().media().get(0).formats()).containsExactly("96");
    }

    @Test
    void leavesAlreadyDisabledStreamsAlone() {
        String offer = HEAD + "m=audio 5004 RTP/AVP 0\nm=video 0 RTP/AVP 97\n"
                + "m=application 0 UDP/DTLS/SCTP webrtc-datachannel\n";

        assertThat(policy().filterOffer(crlf(offer))).isInstanceOf(PolicyResult.Unchanged.class);
    }

    @Test
    void disablesNonRtpStreamsToo() {
        String offer = HEAD + "m=audio 5004 RTP/AVP 0\nm=application 5000/2 UDP/DTLS/SCTP webrtc-datachannel\n";

        PolicyResult.Rewritten rewritten = rewritten(policy().filterOffer(crlf(offer)));

        assertThat(text(rewritten.body())).endsWith("m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\n");
    }

    @Test
    void refusesMalformedOffersWith400() {
        PolicyResult.Rejected rejected = rejected(policy().filterOffer("o=- 1 1 IN IP4 1.2.3.4\r\n".getBytes(UTF_8)));

        assertThat(rejected.cause()).isEqualTo(RejectionCause.MALFORMED_OFFER);
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.logMessage()).contains("line 1: SDP must start with v=0");
    }

    @Test
    void keepsControlCharactersFromThePeerOutOfTheLogLine() {
        String offer = HEAD + "m=audio 5004 RTP/AVP 96\na=rtpmap:96 op\u001b[31mus/48000\n";

        assertThat(rejected(policy().filterOffer(crlf(offer))).logMessage()).contains("op?[31mus/48000")
                .doesNotContain("\u001b");
    }

    @Test
    void refusesAnUnknownCodecListEntry() {
        List<String> bad = List.of("", "PCMU/abc", "PC MU", "PCMU,", "PCMU/0");
        for (String list : bad) {
            assertThatIllegalArgumentException().isThrownBy(() -> CodecSpec.parseList(list))
                    .withMessageContaining("bad codec");
        }
    }

    @Test
    void refusesAWarningHostThatWouldBreakTheHeader() {
        for (String host : new String[] {"", "gw example", "gw\"x", "gw\r\n"}) {
            assertThatIllegalArgumentException().isThrownBy(() -> MediaPolicyConfig.defaults(host))
                    .withMessageContaining("Warning host");
        }
    }

    static PolicyResult.Rewritten rewritten(PolicyResult result) {
        assertThat(result).isInstanceOf(PolicyResult.Rewritten.class);
        return (PolicyResult.Rewritten) result;
    }

    static PolicyResult.Rejected rejected(PolicyResult result) {
        assertThat(result).isInstanceOf(PolicyResult.Rejected.class);
        return (PolicyResult.Rejected) result;
    }
}
