package io.sipgw.sdp;

import static io.sipgw.sdp.MediaPolicyOfferTest.rejected;
import static io.sipgw.sdp.MediaPolicyOfferTest.rewritten;
import static io.sipgw.sdp.SdpSamples.HEAD;
import static io.sipgw.sdp.SdpSamples.crlf;
import static io.sipgw.sdp.SdpSamples.load;
import static io.sipgw.sdp.SdpSamples.policy;
import static io.sipgw.sdp.SdpSamples.text;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Answers from Twilio checked against the offer the gateway sent it. */
class MediaPolicyAnswerTest {

    private static final String TWILIO_HEAD = """
            v=0
            o=root 1720413262 1720413262 IN IP4 168.86.128.10
            s=Twilio Media Gateway
            c=IN IP4 168.86.128.10
            t=0 0
            """;
    private static final String KEY_80 = "inline:dHdpbGlvYW5zd2Vya2V5bWF0ZXJpYWwwMTIzNDU2Nzg5";

    private final MediaPolicy policy = policy();
    private SessionDescription offerSent;

    @BeforeEach
    void sendMetasOffer() {
        offerSent = rewritten(policy.filterOffer(load("meta-sdes-g711.sdp"))).description();
    }

    @Test
    void acceptsTwiliosPcmuOnlyAnswerUnchanged() {
        byte[] answer = load("twilio-answer-pcmu.sdp");

        PolicyResult result = policy.checkAnswer(offerSent, answer);

        assertThat(result).isInstanceOf(PolicyResult.Unchanged.class);
        assertThat(((PolicyResult.Unchanged) result).description().toBytes()).isEqualTo(answer);
    }

    @Test
    void stripsAPayloadTypeThatWasNotOffered() {
        String answer = TWILIO_HEAD + """
                m=audio 16018 RTP/SAVP 0 18 126
                a=rtpmap:0 PCMU/8000
                a=rtpmap:18 G729/8000
                a=fmtp:18 annexb=no
                a=rtpmap:126 telephone-event/8000
                a=crypto:1 AES_CM_128_HMAC_SHA1_80 %s
                """.formatted(KEY_80);

        PolicyResult.Rewritten rewritten = rewritten(policy.checkAnswer(offerSent, crlf(answer)));

        assertThat(text(rewritten.body())).isEqualTo(text(crlf(answer.replace("0 18 126", "0 126")
                .replace("a=rtpmap:18 G729/8000\n", "").replace("a=fmtp:18 annexb=no\n", ""))));
    }

    @Test
    void stripsAnOfferedNumberThatNowNamesAnotherCodec() {
        String answer = TWILIO_HEAD + """
                m=audio 16018 RTP/SAVP 0 8
                a=rtpmap:8 G722/8000
                a=crypto:1 AES_CM_128_HMAC_SHA1_80 %s
                """.formatted(KEY_80);

        PolicyResult.Rewritten rewritten = rewritten(policy.checkAnswer(offerSent, crlf(answer)));

        assertThat(rewritten.description().media().get(0).formats()).containsExactly("0");
    }

    @Test
    void acceptsAnOfferedCodecUnderAnotherDynamicNumber() {
        String answer = TWILIO_HEAD + """
                m=audio 16018 RTP/SAVP 0 101
                a=rtpmap:101 telephone-event/8000
                a=crypto:1 AES_CM_128_HMAC_SHA1_80 %s
                """.formatted(KEY_80);

        assertThat(policy.checkAnswer(offerSent, crlf(answer))).isInstanceOf(PolicyResult.Unchanged.class);
    }

    @Test
    void refusesAnAnswerWhoseOnlyCodecWasNotOffered() {
        String answer = TWILIO_HEAD + """
                m=audio 16018 RTP/SAVP 18 126
                a=rtpmap:18 G729/8000
                a=rtpmap:126 telephone-event/8000
                a=crypto:1 AES_CM_128_HMAC_SHA1_80 %s
                """.formatted(KEY_80);

        PolicyResult.Rejected rejected = rejected(policy.checkAnswer(offerSent, crlf(answer)));

        assertThat(rejected.cause()).isEqualTo(RejectionCause.ANSWER_NO_CODEC);
        assertThat(rejected.status()).isEqualTo(488);
        assertThat(rejected.logMessage()).contains("answered with [18, 126], offered [0, 8, 126]");
    }

    @Test
    void refusesACryptoSuiteThatWasNotOffered() {
        String answer = TWILIO_HEAD + """
                m=audio 16018 RTP/SAVP 0
                a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2Vj
                """;

        PolicyResult.Rejected rejected = rejected(policy.checkAnswer(offerSent, crlf(answer)));

        assertThat(rejected.cause()).isEqualTo(RejectionCause.ANSWER_CRYPTO);
        assertThat(rejected.logMessage())
                .contains("answered with a=crypto 1 AES_256_CM_HMAC_SHA1_80, offered [1 AES_CM_128_HMAC_SHA1_80]")
                .doesNotContain("c2VjcmV0");
        assertThat(rejected.warning()).startsWith("399 gw.example.com \"SDP answer chose an SRTP suite");
    }

    @Test
    void refusesAnOfferedSuiteUnderAnotherTagAndAMissingCrypto() {
        String wrongTag = TWILIO_HEAD + "m=audio 16018 RTP/SAVP 0\na=crypto:2 AES_CM_128_HMAC_SHA1_80 " + KEY_80 + "\n";
        String noCrypto = TWILIO_HEAD + "m=audio 16018 RTP/SAVP 0\n";

        assertThat(rejected(policy.checkAnswer(offerSent, crlf(wrongTag))).cause())
                .isEqualTo(RejectionCause.ANSWER_CRYPTO);
        assertThat(rejected(policy.checkAnswer(offerSent, crlf(noCrypto))).logMessage())
                .contains("answered without a=crypto");
    }

    @Test
    void acceptsEitherOfTwoOfferedSuites() throws SdpParseException {
        SessionDescription twoSuites = SessionDescription.parse(crlf(HEAD + """
                m=audio 5004 RTP/SAVP 0
                a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz
                a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:c2Vjb25ka2V5c2Vjb25ka2V5c2Vjb25ka2V5MTIz
                """));
        String answer = TWILIO_HEAD + "m=audio 16018 RTP/SAVP 0\na=crypto:2 AES_CM_128_HMAC_SHA1_32 " + KEY_80 + "\n";

        assertThat(policy.checkAnswer(twoSuites, crlf(answer))).isInstanceOf(PolicyResult.Unchanged.class);
    }

    @Test
    void refusesAnswersThatBreakTheStreamStructure() {
        String twoStreams = TWILIO_HEAD + "m=audio 16018 RTP/SAVP 0\nm=audio 16020 RTP/SAVP 0\n";
        String otherProto = TWILIO_HEAD + "m=audio 16018 RTP/AVP 0\n";
        String video = TWILIO_HEAD + "m=video 16018 RTP/SAVP 0\n";

        assertThat(rejected(policy.checkAnswer(offerSent, crlf(twoStreams))).logMessage())
                .contains("answer has 2 m= lines, the offer had 1");
        assertThat(rejected(policy.checkAnswer(offerSent, crlf(otherProto))).logMessage())
                .contains("answered with RTP/AVP, offered RTP/SAVP");
        assertThat(rejected(policy.checkAnswer(offerSent, crlf(video))).cause())
                .isEqualTo(RejectionCause.ANSWER_MISMATCH);
    }

    @Test
    void keepsADisabledVideoStreamDisabled() {
        SessionDescription offer = rewritten(policy.filterOffer(load("audio-video.sdp"))).description();
        String declined = TWILIO_HEAD + "m=audio 16018 RTP/AVP 0\nm=video 0 RTP/AVP 97\n";
        String enabled = TWILIO_HEAD + "m=audio 16018 RTP/AVP 0\nm=video 16020 RTP/AVP 97\n";

        assertThat(policy.checkAnswer(offer, crlf(declined))).isInstanceOf(PolicyResult.Unchanged.class);
        assertThat(rejected(policy.checkAnswer(offer, crlf(enabled))).logMessage())
                .contains("answer enables stream 2, which the offer disabled");
    }

    @Test
    void refusesAnAnswerThatDeclinesAllAudio() {
        String declined = TWILIO_HEAD + "m=audio 0 RTP/SAVP 0\n";

        assertThat(rejected(policy.checkAnswer(offerSent, crlf(declined))).cause())
                .isEqualTo(RejectionCause.ANSWER_NO_CODEC);
    }

    @Test
    void refusesAMalformedAnswerWith502() {
        PolicyResult.Rejected rejected = rejected(policy.checkAnswer(offerSent, crlf("v=0\nm=audio x\n")));

        assertThat(rejected.cause()).isEqualTo(RejectionCause.MALFORMED_ANSWER);
        assertThat(rejected.status()).isEqualTo(502);
    }
}
