package io.sipgw.sip;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.sipgw.testing.Parse;
import io.sipgw.testing.SipTestMessages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.sipgw.testing.SipTestMessages.crlf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SipMessageBuilderTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    @Test
    void unchangedMetaInviteReencodesByteForByte() {
        SipRequest parsed = Parse.request(SipTestMessages.META_INVITE);
        SipRequest rebuilt = parsed.toBuilder().build(ALLOC);
        try {
            assertThat(parsed.content().toString(StandardCharsets.UTF_8)).isEqualTo(SipTestMessages.META_INVITE);
            assertThat(rebuilt.content().toString(StandardCharsets.UTF_8)).isEqualTo(SipTestMessages.META_INVITE);
            assertThat(rebuilt.content().capacity()).isEqualTo(SipTestMessages.META_INVITE.length());
        } finally {
            parsed.release();
            rebuilt.release();
        }
    }

    @Test
    void forwardingChangesAreApplied() {
        SipRequest parsed = Parse.request(SipTestMessages.META_INVITE);
        SipRequest fwd = parsed.toBuilder()
                .requestUri(SipUri.parse("sip:+15550001111@example.sip.twilio.com"))
                .popVia()
                .pushVia(Via.of("UDP", "gw.example.com", 5060, "z9hG4bK-gw-1"))
                .removeHeader("Record-Route")
                .setHeader(SipHeaderName.MAX_FORWARDS, "69")
                .addHeader("X-Extra", "1")
                .build(ALLOC);
        parsed.release();
        try {
            assertThat(fwd.requestUriText()).isEqualTo("sip:+15550001111@example.sip.twilio.com");
            assertThat(fwd.method()).isEqualTo(SipMethod.INVITE);
            assertThat(fwd.vias()).singleElement().satisfies(v -> assertThat(v.branch()).isEqualTo("z9hG4bK-gw-1"));
            assertThat(fwd.topViaBranch()).isEqualTo("z9hG4bK-gw-1");
            assertThat(fwd.hasHeader(SipHeaderName.RECORD_ROUTE)).isFalse();
            assertThat(fwd.maxForwards()).isEqualTo(69);
            assertThat(fwd.header("x-extra")).isEqualTo("1");
            assertThat(fwd.header("x-wa-meta-phone-number-id")).isEqualTo("109876543210987");
            assertThat(fwd.bodyAsString()).isEqualTo(SipTestMessages.META_SDES_OFFER);
            // Re-parsing what the builder wrote gives the same message: the index it built is right.
            SipRequest reparsed = Parse.request(fwd.content().toString(StandardCharsets.UTF_8));
            try {
                assertThat(reparsed.headerCount()).isEqualTo(fwd.headerCount());
                for (int i = 0; i < fwd.headerCount(); i++) {
                    assertThat(fwd.headerName(i)).isEqualTo(reparsed.headerName(i));
                    assertThat(fwd.headerValue(i)).isEqualTo(reparsed.headerValue(i));
                    assertThat(fwd.headerKind(i)).isEqualTo(reparsed.headerKind(i));
                }
                assertThat(reparsed.content().toString(StandardCharsets.UTF_8))
                        .startsWith("INVITE sip:+15550001111@example.sip.twilio.com SIP/2.0\r\n"
                                + "Via: SIP/2.0/UDP gw.example.com:5060;branch=z9hG4bK-gw-1\r\n"
                                + "Max-Forwards: 69\r\n");
            } finally {
                reparsed.release();
            }
        } finally {
            fwd.release();
        }
    }

    @Test
    void popViaKeepsOtherValuesOfTheSameLine() {
        SipResponse r = Parse.response(crlf("SIP/2.0 180 Ringing\n"
                + "Via: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2\n"
                + "Via: SIP/2.0/UDP c;branch=z9hG4bK3\n"
                + "From: <sip:a@h>;tag=1\nTo: <sip:b@h>;tag=2\nCall-ID: x\nCSeq: 1 INVITE\nContent-Length: 0\n\n"));
        SipResponse popped = r.toBuilder().popVia().build(ALLOC);
        SipResponse twice = popped.toBuilder().popVia().popVia().build(ALLOC);
        r.release();
        try {
            assertThat(popped.vias()).extracting(Via::host).containsExactly("b", "c");
            assertThat(popped.status()).isEqualTo(180);
            assertThat(popped.reasonPhrase()).isEqualTo("Ringing");
            assertThat(twice.hasHeader(SipHeaderName.VIA)).isFalse();
        } finally {
            popped.release();
            twice.release();
        }
    }

    @Test
    void contentLengthFollowsTheBody() {
        SipRequest parsed = Parse.request(SipTestMessages.META_INVITE);
        SipRequest replaced = parsed.toBuilder().body("application/sdp", "v=0\r\n".getBytes(StandardCharsets.US_ASCII))
                .build(ALLOC);
        SipRequest cleared = parsed.toBuilder().clearBody().build(ALLOC);
        parsed.release();
        try {
            assertThat(replaced.header(SipHeaderName.CONTENT_LENGTH)).isEqualTo("5");
            assertThat(replaced.bodyAsString()).isEqualTo("v=0\r\n");
            assertThat(cleared.header(SipHeaderName.CONTENT_LENGTH)).isEqualTo("0");
            assertThat(cleared.contentType()).isNull();
            assertThat(cleared.bodyLength()).isZero();
            assertThat(cleared.content().toString(StandardCharsets.UTF_8)).endsWith("Content-Length: 0\r\n\r\n");
        } finally {
            replaced.release();
            cleared.release();
        }
    }

    @Test
    void missingContentLengthIsAdded() {
        SipRequest r = SipRequestBuilder.create(SipMethod.OPTIONS, SipUri.parse("sip:example.sip.twilio.com"))
                .addHeader(SipHeaderName.VIA, "SIP/2.0/UDP gw.example.com;branch=z9hG4bKx")
                .addHeader(SipHeaderName.FROM, "<sip:gw.example.com>;tag=abc")
                .addHeader(SipHeaderName.TO, "<sip:example.sip.twilio.com>")
                .addHeader(SipHeaderName.CALL_ID, "id-1")
                .addHeader(SipHeaderName.CSEQ, "1 OPTIONS")
                .addHeader(SipHeaderName.MAX_FORWARDS, "70")
                .build(ALLOC);
        try {
            assertThat(r.content().toString(StandardCharsets.UTF_8)).isEqualTo(crlf(
                    "OPTIONS sip:example.sip.twilio.com SIP/2.0\n"
                    + "Via: SIP/2.0/UDP gw.example.com;branch=z9hG4bKx\n"
                    + "From: <sip:gw.example.com>;tag=abc\n"
                    + "To: <sip:example.sip.twilio.com>\n"
                    + "Call-ID: id-1\n"
                    + "CSeq: 1 OPTIONS\n"
                    + "Max-Forwards: 70\n"
                    + "Content-Length: 0\n\n"));
        } finally {
            r.release();
        }
    }

    @Test
    void responseToRequestCopiesTheRightHeaders() {
        SipRequest invite = Parse.request(SipTestMessages.META_INVITE);
        SipResponse trying = SipResponseBuilder.forRequest(invite, SipStatus.TRYING, null).build(ALLOC);
        SipResponse ok = SipResponseBuilder.forRequest(invite, SipStatus.OK, null).toTag("gw-tag-1")
                .addHeader(SipHeaderName.CONTACT, "<sip:gw.example.com;transport=tls>").build(ALLOC);
        try {
            assertThat(trying.content().toString(StandardCharsets.UTF_8)).isEqualTo(crlf("SIP/2.0 100 Trying\n"
                    + "Via: SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-wa-7f3a91c2;rport\n"
                    + "From: \"15557654321\" <sip:+15557654321@wa.meta.vc>;tag=wa-3b8f21\n"
                    + "To: <sip:+15550001111@gw.example.com>\n"
                    + "Call-ID: outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3\n"
                    + "CSeq: 1 INVITE\n"
                    + "Content-Length: 0\n\n"));
            assertThat(ok.toTag()).isEqualTo("gw-tag-1");
            assertThat(ok.to().uri().user()).isEqualTo("+15550001111");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.reasonPhrase()).isEqualTo("OK");
        } finally {
            invite.release();
            trying.release();
            ok.release();
        }
    }

    @Test
    void headerInjectionIsRefused() {
        SipRequestBuilder b = SipRequestBuilder.create(SipMethod.OPTIONS, "sip:h");
        assertThatThrownBy(() -> b.addHeader("X-A", "v\r\nVia: evil")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.addHeader("Bad Name", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.requestUri("sip:a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SipResponseBuilder.create(200, "OK\r\nX: y")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void utf8ValuesAreWrittenAndIndexedCorrectly() {
        SipRequest r = SipRequestBuilder.create(SipMethod.MESSAGE, "sip:h")
                .addHeader(SipHeaderName.FROM, NameAddr.of("Zoë \"Z\" Ünal", SipUri.of("zoe", "h")).withTag("1").toString())
                .addHeader("Subject", "日本語")
                .addHeader(SipHeaderName.CSEQ, "1 MESSAGE")
                .body("text/plain; charset=utf-8", "héllo".getBytes(StandardCharsets.UTF_8))
                .build(ALLOC);
        try {
            assertThat(r.header("Subject")).isEqualTo("日本語");
            assertThat(r.from().displayName()).isEqualTo("\"Zoë \\\"Z\\\" Ünal\"");
            assertThat(r.fromTag()).isEqualTo("1");
            assertThat(r.bodyAsString()).isEqualTo("héllo");
            assertThat(r.header(SipHeaderName.CONTENT_LENGTH)).isEqualTo("6");
        } finally {
            r.release();
        }
    }
}
