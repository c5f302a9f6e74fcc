package io.sipgw.sip.codec;

import io.sipgw.sip.CSeq;
import io.sipgw.sip.NameAddr;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipMethod;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.sip.Via;
import io.sipgw.testing.Parse;
import io.sipgw.testing.SipTestMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.sipgw.testing.SipTestMessages.crlf;
import static org.assertj.core.api.Assertions.assertThat;

class SipParserTest {

    private static final String MINIMAL = crlf("OPTIONS sip:gw.example.com SIP/2.0\n"
            + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1\n"
            + "From: <sip:a@example.com>;tag=1\n"
            + "To: <sip:gw.example.com>\n"
            + "Call-ID: c1\n"
            + "CSeq: 1 OPTIONS\n"
            + "Max-Forwards: 70\n"
            + "Content-Length: 0\n\n");

    @Test
    void metaInviteRoutingFields() {
        SipRequest r = Parse.request(SipTestMessages.META_INVITE);
        try {
            assertThat(r.method()).isEqualTo(SipMethod.INVITE);
            assertThat(r.requestUriText()).isEqualTo("sip:+15550001111@gw.example.com;transport=tls");
            assertThat(r.requestUri().user()).isEqualTo("+15550001111");
            assertThat(r.requestUri().transport()).isEqualTo("tls");
            assertThat(r.topViaBranch()).isEqualTo("z9hG4bK-wa-7f3a91c2");
            assertThat(r.callId()).isEqualTo("outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3");
            assertThat(r.cseq()).isEqualTo(new CSeq(1, SipMethod.INVITE));
            assertThat(r.fromTag()).isEqualTo("wa-3b8f21");
            assertThat(r.toTag()).isNull();
            assertThat(r.maxForwards()).isEqualTo(70);
            assertThat(r.header("x-wa-meta-phone-number-id")).isEqualTo("109876543210987");
            assertThat(r.header("X-WA-META-WACID")).startsWith("wacid.");
            assertThat(r.contentType()).isEqualTo("application/sdp");
            assertThat(r.bodyAsString()).isEqualTo(SipTestMessages.META_SDES_OFFER);
            assertThat(r.bodyLength()).isEqualTo(SipTestMessages.META_SDES_OFFER.length());
            assertThat(r.headerCount()).isEqualTo(15);
        } finally {
            r.release();
        }
    }

    @Test
    void metaInviteTypedViews() {
        SipRequest r = Parse.request(SipTestMessages.META_INVITE);
        try {
            Via via = r.topVia();
            assertThat(via.transport()).isEqualTo("TLS");
            assertThat(via.host()).isEqualTo("[2a03:2880:f22d:1c0::face:b00c]");
            assertThat(via.port()).isEqualTo(5061);
            assertThat(via.hasRport()).isTrue();
            assertThat(via.rport()).isEqualTo(-1);
            assertThat(via.hasRfc3261Branch()).isTrue();
            NameAddr rr = r.recordRoutes().get(0);
            assertThat(rr.uri().host()).isEqualTo("[2a03:2880:f22d:1c0::face:b00c]");
            assertThat(rr.uri().param("lr")).isEmpty();
            assertThat(r.from().displayName()).isEqualTo("\"15557654321\"");
            assertThat(r.from().uri().user()).isEqualTo("+15557654321");
            assertThat(r.contacts()).singleElement().satisfies(c -> {
                assertThat(c.uri().param("ob")).isEmpty();
                assertThat(c.params().has("isfocus")).isTrue();
            });
        } finally {
            r.release();
        }
    }

    @Test
    void responseStatusLine() {
        SipResponse r = Parse.response(SipTestMessages.OPTIONS_200);
        try {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.reasonPhrase()).isEqualTo("OK");
            assertThat(r.isSuccess()).isTrue();
            assertThat(r.cseq().method()).isEqualTo(SipMethod.OPTIONS);
            assertThat(r.topVia().received()).isEqualTo("127.0.0.1");
            assertThat(r.topVia().rport()).isEqualTo(5060);
            assertThat(r.toTag()).isEqualTo("1928301774");
        } finally {
            r.release();
        }
    }

    @Test
    void compactFormsAreUnderstood() {
        SipRequest r = Parse.request(crlf("BYE sip:u@h SIP/2.0\n"
                + "v: SIP/2.0/UDP h:5060;branch=z9hG4bKc\n"
                + "f: <sip:a@h>;tag=fa\n"
                + "t: <sip:u@h>;tag=tb\n"
                + "i: compact@h\n"
                + "CSeq: 2 BYE\n"
                + "m: <sip:a@h>\n"
                + "c: text/plain\n"
                + "k: timer\n"
                + "s: hello\n"
                + "e: identity\n"
                + "o: dialog\n"
                + "r: <sip:x@h>\n"
                + "u: talk\n"
                + "l: 2\n\nhi"));
        try {
            assertThat(r.callId()).isEqualTo("compact@h");
            assertThat(r.fromTag()).isEqualTo("fa");
            assertThat(r.toTag()).isEqualTo("tb");
            assertThat(r.topViaBranch()).isEqualTo("z9hG4bKc");
            assertThat(r.header(SipHeaderName.CONTACT)).isEqualTo("<sip:a@h>");
            assertThat(r.header("Content-Type")).isEqualTo("text/plain");
            assertThat(r.header("Supported")).isEqualTo("timer");
            assertThat(r.header("Subject")).isEqualTo("hello");
            assertThat(r.header("Content-Encoding")).isEqualTo("identity");
            assertThat(r.header("Event")).isEqualTo("dialog");
            assertThat(r.header("Refer-To")).isEqualTo("<sip:x@h>");
            assertThat(r.header("Allow-Events")).isEqualTo("talk");
            assertThat(r.bodyAsString()).isEqualTo("hi");
            assertThat(r.headerName(0)).isEqualTo("v");
        } finally {
            r.release();
        }
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        SipRequest r = Parse.request(MINIMAL.replace("Call-ID", "cALL-iD").replace("CSeq", "cseq"));
        try {
            assertThat(r.callId()).isEqualTo("c1");
            assertThat(r.cseq().number()).isEqualTo(1);
            assertThat(r.header("CALL-ID")).isEqualTo("c1");
            assertThat(r.header("i")).isEqualTo("c1");
        } finally {
            r.release();
        }
    }

    @Test
    void multipleValuesInOneLineAndSeveralLines() {
        SipResponse r = Parse.response(crlf("SIP/2.0 200 OK\n"
                + "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/TCP [::1]:5070;branch=z9hG4bK2\n"
                + "Via: SIP/2.0/TLS c.example.com:5061;branch=z9hG4bK3;received=192.0.2.9\n"
                + "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\n"
                + "Record-Route: \"Proxy, Three\" <sip:p3.example.com;lr>\n"
                + "Contact: <sip:a@h1>;expires=60, \"B, the second\" <sip:b@h2>\n"
                + "From: <sip:a@h>;tag=1\nTo: <sip:b@h>;tag=2\nCall-ID: x\nCSeq: 1 INVITE\nContent-Length: 0\n\n"));
        try {
            List<Via> vias = r.vias();
            assertThat(vias).extracting(Via::branch).containsExactly("z9hG4bK1", "z9hG4bK2", "z9hG4bK3");
            assertThat(vias.get(1).host()).isEqualTo("[::1]");
            assertThat(vias.get(1).port()).isEqualTo(5070);
            assertThat(r.topViaBranch()).isEqualTo("z9hG4bK1");
            assertThat(r.topVia().host()).isEqualTo("a.example.com");
            assertThat(r.recordRoutes()).extracting(n -> n.uri().host())
                    .containsExactly("p1.example.com", "p2.example.com", "p3.example.com");
            assertThat(r.contacts()).extracting(NameAddr::displayName).containsExactly(null, "\"B, the second\"");
            assertThat(r.countHeaders(SipHeaderName.VIA)).isEqualTo(2);
            assertThat(r.headers("Record-Route")).hasSize(2);
        } finally {
            r.release();
        }
    }

    @Test
    void foldedLinesAreJoined() {
        SipRequest r = Parse.request(crlf("OPTIONS sip:gw SIP/2.0\n"
                + "Via: SIP/2.0/UDP h;branch=z9hG4bK1\n"
                + "Subject: I know you're there,\n"
                + "         pick up the phone\n"
                + "\tand talk to me!\n"
                + "From: <sip:a@h>;tag=1\nTo: <sip:gw>\nCall-ID: x\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n"));
        try {
            assertThat(r.header("Subject")).isEqualTo("I know you're there, pick up the phone and talk to me!");
            assertThat(r.callId()).isEqualTo("x");
        } finally {
            r.release();
        }
    }

    @Test
    void unknownHeadersKeepOrderAndBytes() {
        SipRequest r = Parse.request(MINIMAL.replace("Max-Forwards: 70\r\n",
                "X-First:   spaced  value\r\nMax-Forwards: 70\r\nx-second:v2\r\nX-FIRST: again\r\n"));
        try {
            assertThat(r.headers("x-first")).containsExactly("spaced  value", "again");
            assertThat(r.headerName(5)).isEqualTo("X-First");
            assertThat(r.headerName(7)).isEqualTo("x-second");
            assertThat(r.content().toString(StandardCharsets.UTF_8)).contains("X-First:   spaced  value\r\n");
        } finally {
            r.release();
        }
    }

    @Test
    void bareLineFeedsAreAccepted() {
        SipRequest r = Parse.request(MINIMAL.replace("\r\n", "\n"));
        try {
            assertThat(r.callId()).isEqualTo("c1");
            assertThat(r.cseq().method()).isEqualTo(SipMethod.OPTIONS);
        } finally {
            r.release();
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "Call-ID: c1|Missing Call-ID",
        "CSeq: 1 OPTIONS|Missing CSeq",
        "From: <sip:a@example.com>;tag=1|Missing From",
        "To: <sip:gw.example.com>|Missing To",
    })
    void missingMandatoryHeaderIsAnswerable400(String remove, String reason) {
        SipDecodeError e = Parse.error(MINIMAL.replace(remove + "\r\n", ""));
        try {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.isAnswerable()).isTrue();
            assertThat(e.request().topViaBranch()).isEqualTo("z9hG4bK1");
        } finally {
            e.release();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "CSeq: 1 OPTIONS|CSeq: x OPTIONS|Bad CSeq",
        "CSeq: 1 OPTIONS|CSeq: 1 INVITE|CSeq method does not match request method",
        "CSeq: 1 OPTIONS|CSeq: 2147483648 OPTIONS|Bad CSeq",
        "CSeq: 1 OPTIONS|CSeq: 1OPTIONS|Bad CSeq",
        "Max-Forwards: 70|Max-Forwards: 256|Bad Max-Forwards",
        "Max-Forwards: 70|Max-Forwards: -1|Bad Max-Forwards",
        "Call-ID: c1|Call-ID: c 1|Bad Call-ID",
        "Content-Length: 0|Content-Length: abc|Bad Content-Length",
        "Content-Length: 0|Content-Length: -5|Bad Content-Length",
        "Content-Length: 0|Content-Length: 0<CRLF>Content-Length: 0|Multiple Content-Length headers",
        "Call-ID: c1|Call-ID: c1<CRLF>Call-ID: c2|Multiple Call-ID headers",
        "To: <sip:gw.example.com>|To: <sip:gw.example.com><CRLF>t: <sip:x@y>|Multiple To headers",
        "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1|Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1<CRLF>NoColonHere|Malformed header line",
        "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1|Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1<CRLF>X-Bad: a<CTL>b|Control character in header",
        "SIP/2.0<CRLF>Via|SIP/3.0<CRLF>Via|Version Not Supported",
    })
    void badHeaderNamesItsProblem(String from, String to, String reason) {
        SipDecodeError e = Parse.error(MINIMAL.replace(crlfToken(from), crlfToken(to)));
        try {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.status()).isEqualTo(reason.equals("Version Not Supported") ? 505 : 400);
            assertThat(e.isAnswerable()).isTrue();
            assertThat(e.request().callId()).isNotNull();
        } finally {
            e.release();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "OPTIONS sip:gw.example.com SIP/2.0|OPTIONS  sip:gw.example.com SIP/2.0",
        "OPTIONS sip:gw.example.com SIP/2.0|'OPTIONS sip:gw.example.com SIP/2.0 '",
        "OPTIONS sip:gw.example.com SIP/2.0|OPTIONS <sip:gw.example.com> SIP/2.0",
        "OPTIONS sip:gw.example.com SIP/2.0|OPTIONS gw.example.com SIP/2.0",
        "OPTIONS sip:gw.example.com SIP/2.0|OPTIONS sip:gw.example.com HTTP/1.1",
        "OPTIONS sip:gw.example.com SIP/2.0|OPT@ONS sip:gw.example.com SIP/2.0",
        "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1|Via: garbage",
    })
    void unreadableStartLineOrViaIsNotAnswerable(String from, String to) {
        SipDecodeError e = Parse.error(MINIMAL.replace(from, to));
        try {
            assertThat(e.status()).isEqualTo(400);
            if (to.startsWith("Via")) {
                assertThat(e.reason()).isEqualTo("Bad Via");
            } else {
                assertThat(e.isAnswerable()).isFalse();
            }
        } finally {
            e.release();
        }
    }

    private static String crlfToken(String s) {
        return s.replace("<CRLF>", "\r\n").replace("<CTL>", "\u0001");
    }

    @Test
    void malformedResponsesAreNeverAnswerable() {
        SipDecodeError e = Parse.error(SipTestMessages.OPTIONS_200.replace("CSeq: 63104 OPTIONS\r\n", ""));
        try {
            assertThat(e.isAnswerable()).isFalse();
            assertThat(e.reason()).isEqualTo("Missing CSeq");
        } finally {
            e.release();
        }
    }

    @Test
    void datagramBodyBoundedByContentLength() {
        SipRequest r = Parse.request(MINIMAL.replace("Content-Length: 0", "Content-Length: 3") + "abcJUNK");
        try {
            assertThat(r.bodyAsString()).isEqualTo("abc");
            assertThat(r.content().readableBytes()).isEqualTo(MINIMAL.length() + 3);
        } finally {
            r.release();
        }
    }

    @Test
    void datagramContentLengthLargerThanMessageIsRejected() {
        SipDecodeError e = Parse.error(MINIMAL.replace("Content-Length: 0", "Content-Length: 30") + "abc");
        try {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.reason()).isEqualTo("Content-Length larger than message");
            assertThat(e.isAnswerable()).isTrue();
        } finally {
            e.release();
        }
    }

    @Test
    void keepAliveDatagramsProduceNothing() {
        assertThat(Parse.datagram("\r\n\r\n")).isNull();
        assertThat(Parse.datagram("\r\n")).isNull();
    }
}
