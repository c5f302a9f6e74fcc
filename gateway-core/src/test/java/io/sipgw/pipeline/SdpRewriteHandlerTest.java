package io.sipgw.pipeline;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.sipgw.call.SdpDecision;
import io.sipgw.sdp.MediaPolicy;
import io.sipgw.sdp.MediaPolicyConfig;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.testing.Parse;
import io.sipgw.testing.SipTestMessages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.sipgw.testing.SipTestMessages.crlf;
import static org.assertj.core.api.Assertions.assertThat;

class SdpRewriteHandlerTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private final SdpRewriteHandler handler = new SdpRewriteHandler(new MediaPolicy(MediaPolicyConfig.defaults("gw.example.com")));

    private static String withBody(String invite, String contentType, String body) {
        int headEnd = invite.indexOf("\r\n\r\n");
        String head = invite.substring(0, headEnd + 2)
                .replaceAll("Content-Type: [^\r]*\r\n", "")
                .replaceAll("Content-Length: [^\r]*\r\n", "");
        return head + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    @Test
    void metaOfferIsFilteredAndContentLengthFollows() {
        SipRequest invite = Parse.request(SipTestMessages.META_INVITE);
        SipRequest forwarded = null;
        try {
            SdpDecision d = handler.offer(invite);
            assertThat(d).isInstanceOf(SdpDecision.Forward.class);
            SdpDecision.Forward f = (SdpDecision.Forward) d;
            assertThat(f.rewritten()).isTrue();
            forwarded = f.applyTo(invite.toBuilder()).build(ALLOC);
            String sdp = forwarded.bodyAsString();
            assertThat(sdp).contains("m=audio 40012 RTP/SAVP 0 8 126\r\n")
                    .doesNotContain("opus").doesNotContain("a=fmtp:111")
                    .contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:");
            assertThat(forwarded.header(SipHeaderName.CONTENT_LENGTH)).isEqualTo(Integer.toString(forwarded.bodyLength()));
            assertThat(forwarded.contentType()).isEqualTo("application/sdp");
            assertThat(f.description().media().get(0).formats()).containsExactly("0", "8", "126");
        } finally {
            invite.release();
            if (forwarded != null) {
                forwarded.release();
            }
        }
    }

    @Test
    void anOfferWithNothingToChangeIsForwardedAsItIs() {
        String plain = crlf("v=0\no=- 1 1 IN IP4 192.0.2.10\ns=-\nc=IN IP4 192.0.2.10\nt=0 0\n"
                + "m=audio 10000 RTP/AVP 0 101\na=rtpmap:0 PCMU/8000\na=rtpmap:101 telephone-event/8000\na=sendrecv\n");
        SipRequest invite = Parse.request(withBody(SipTestMessages.META_INVITE, "application/sdp", plain));
        try {
            SdpDecision.Forward f = (SdpDecision.Forward) handler.offer(invite);
            assertThat(f.rewritten()).isFalse();
            assertThat(f.newBody()).isNull();
        } finally {
            invite.release();
        }
    }

    @Test
    void opusOnlyOfferIsRefusedWith488AndAWarning() {
        String opusOnly = SipTestMessages.META_SDES_OFFER.replace("RTP/SAVP 111 0 8 126", "RTP/SAVP 111 126")
                .replace("a=rtpmap:0 PCMU/8000\r\n", "").replace("a=rtpmap:8 PCMA/8000\r\n", "");
        SipRequest invite = Parse.request(withBody(SipTestMessages.META_INVITE, "application/sdp", opusOnly));
        SipResponse response = null;
        try {
            SdpDecision d = handler.offer(invite);
            assertThat(d).isInstanceOf(SdpDecision.Refuse.class);
            SdpDecision.Refuse refuse = (SdpDecision.Refuse) d;
            assertThat(refuse.rejected().logMessage()).contains("additional_codecs");
            response = refuse.response(invite, "gw-1", ALLOC);
            assertThat(response.status()).isEqualTo(488);
            assertThat(response.toTag()).isEqualTo("gw-1");
            assertThat(response.header(SipHeaderName.WARNING)).startsWith("399 gw.example.com \"");
            assertThat(response.callId()).isEqualTo(invite.callId());
        } finally {
            invite.release();
            if (response != null) {
                response.release();
            }
        }
    }

    @Test
    void sdpInsideMultipartIsRewrittenAndTheOtherPartsKeepTheirBytes() {
        String other = "Content-Type: application/x-custom\r\n\r\nkeep me\r\nas I am\r\n";
        String multipart = "--b1\r\nContent-Type: application/sdp\r\n\r\n" + SipTestMessages.META_SDES_OFFER
                + "\r\n--b1\r\n" + other + "--b1--\r\n";
        SipRequest invite = Parse.request(withBody(SipTestMessages.META_INVITE, "multipart/mixed;boundary=\"b1\"", multipart));
        SipRequest forwarded = null;
        try {
            SdpDecision.Forward f = (SdpDecision.Forward) handler.offer(invite);
            assertThat(f.rewritten()).isTrue();
            forwarded = f.applyTo(invite.toBuilder()).build(ALLOC);
            String body = forwarded.bodyAsString();
            assertThat(body).startsWith("--b1\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n")
                    .contains("m=audio 40012 RTP/SAVP 0 8 126\r\n")
                    .doesNotContain("opus")
                    .endsWith("\r\n--b1\r\n" + other + "--b1--\r\n");
            assertThat(forwarded.contentType()).isEqualTo("multipart/mixed;boundary=\"b1\"");
            assertThat(forwarded.header(SipHeaderName.CONTENT_LENGTH)).isEqualTo(Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        } finally {
            invite.release();
            if (forwarded != null) {
                forwarded.release();
            }
        }
    }

    @Test
    void answersAreCheckedAgainstTheOfferSent() {
        SipRequest invite = Parse.request(SipTestMessages.META_INVITE);
        String answer = crlf("v=0\no=- 5 5 IN IP4 203.0.113.5\ns=-\nc=IN IP4 203.0.113.5\nt=0 0\n"
                + "m=audio 20000 RTP/SAVP 0 126\na=rtpmap:0 PCMU/8000\na=rtpmap:126 telephone-event/8000\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\na=sendrecv\n");
        String ok = crlf("SIP/2.0 200 OK\nVia: SIP/2.0/UDP gw.example.com;branch=z9hG4bK1\n"
                + "From: <sip:a@gw.example.com>;tag=1\nTo: <sip:b@example.sip.twilio.com>;tag=2\nCall-ID: c\n"
                + "CSeq: 2 INVITE\nContent-Type: application/sdp\nContent-Length: " + answer.length() + "\n\n") + answer;
        String badAnswer = ok.replace("RTP/SAVP 0 126", "RTP/SAVP 18").replace("a=rtpmap:0 PCMU/8000", "a=rtpmap:18 G729/8000")
                .replace("a=rtpmap:126 telephone-event/8000\r\n", "");
        SipResponse good = Parse.response(ok);
        SipResponse bad = Parse.response(badAnswer.replace("Content-Length: " + answer.length(),
                "Content-Length: " + (badAnswer.length() - badAnswer.indexOf("\r\n\r\n") - 4)));
        try {
            SdpDecision.Forward sent = (SdpDecision.Forward) handler.offer(invite);
            SdpDecision onGood = handler.answer(good, sent.description());
            assertThat(onGood).isInstanceOf(SdpDecision.Forward.class);
            assertThat(((SdpDecision.Forward) onGood).rewritten()).isFalse();
            assertThat(handler.answer(bad, sent.description())).isInstanceOf(SdpDecision.Refuse.class);
        } finally {
            invite.release();
            good.release();
            bad.release();
        }
    }

    @Test
    void messagesWithoutSdpAreLeftAlone() {
        SipRequest noBody = Parse.request(withBody(SipTestMessages.META_INVITE, null, ""));
        SipRequest text = Parse.request(withBody(SipTestMessages.META_INVITE, "text/plain", "hello"));
        try {
            assertThat(handler.offer(noBody)).isInstanceOf(SdpDecision.NoSdp.class);
            assertThat(handler.offer(text)).isInstanceOf(SdpDecision.NoSdp.class);
        } finally {
            noBody.release();
            text.release();
        }
    }
}
