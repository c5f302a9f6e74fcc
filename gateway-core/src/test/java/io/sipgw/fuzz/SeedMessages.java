package io.sipgw.fuzz;

import io.sipgw.testing.SipTestMessages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.sipgw.testing.SipTestMessages.crlf;

/** Valid SIP messages and SDP bodies that the fuzz properties start from. */
final class SeedMessages {

    private static final String TWILIO_ANSWER = sdpResource("twilio-answer-pcmu.sdp");

    /** A 200 OK to the WhatsApp INVITE as Twilio answers it: two Record-Route lines, a Contact, an SDP answer. */
    private static final String INVITE_200 = crlf("SIP/2.0 200 OK\n"
            + "Via: SIP/2.0/TLS [2001:db8::5]:5061;branch=z9hG4bK-gw-1a2b3c;rport=5061;received=2001:db8::5\n"
            + "Record-Route: <sip:54.172.60.1:5061;transport=tls;lr;r2=on>\n"
            + "Record-Route: <sip:172.18.0.5;lr;r2=on>, <sip:10.0.0.7;lr>\n"
            + "From: <sip:+15557654321@gw.example.com>;tag=gw-77aa\n"
            + "To: <sip:+15550001111@example.sip.twilio.com>;tag=81726354_6772d868_abcd\n"
            + "Call-ID: gw-5f0e4c1a9b@gw.example.com\n"
            + "CSeq: 1 INVITE\n"
            + "Contact: <sip:172.18.0.5:5060;transport=tcp>\n"
            + "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, NOTIFY\n"
            + "Server: Twilio Gateway\n"
            + "Content-Type: application/sdp\n"
            + "Content-Length: " + TWILIO_ANSWER.length() + "\n"
            + "\n") + TWILIO_ANSWER;

    /** A REGISTER with an IPv6 Via, compact header names and a folded Contact. */
    private static final String REGISTER_COMPACT = crlf("REGISTER sips:[2001:db8::1]:5061 SIP/2.0\n"
            + "v: SIP/2.0/TLS [2001:db8::9]:49152;branch=z9hG4bKnashds7;received=2001:db8::9;rport=49152\n"
            + "v: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK77ef4c2312983.1;maddr=192.0.2.8;ttl=1\n"
            + "Max-Forwards: 70\n"
            + "t: Bob <sips:bob@example.com>\n"
            + "f: \"Bob \\\"the builder\\\"\" <sips:bob@example.com>;tag=456248\n"
            + "i: 843817637684230@998sdasdh09\n"
            + "CSeq: 1826 REGISTER\n"
            + "m: <sips:bob@[2001:db8::9]:49152;transport=tls>\n"
            + "   ;expires=7200, <mailto:bob@example.com>;q=0.1\n"
            + "Expires: 7200\n"
            + "k: path, outbound\n"
            + "l: 0\n"
            + "\n");

    /** A MESSAGE carrying a multipart body (RFC 2046) with a binary part. */
    private static final String MULTIPART = multipart();

    /** A BYE with bare LF line ends and Route headers, as a sloppy peer sends it. */
    private static final String BYE_LF = "BYE sip:+15557654321@wa.meta.vc;transport=tls SIP/2.0\n"
            + "Via: SIP/2.0/TCP gw.example.com:5060;branch=z9hG4bK-bye-1;alias\n"
            + "Route: <sip:[2a03:2880:f22d:1c0::face:b00c]:5061;transport=tls;lr>,<sip:edge.wa.meta.vc;lr>\n"
            + "Max-Forwards: 69\n"
            + "From: <sip:+15550001111@gw.example.com>;tag=gw-1\n"
            + "To: \"15557654321\" <sip:+15557654321@wa.meta.vc>;tag=wa-3b8f21\n"
            + "Call-ID: outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3\n"
            + "CSeq: 2 BYE\n"
            + "Reason: Q.850;cause=16;text=\"Normal call clearing\"\n"
            + "Content-Length: 0\n"
            + "\n";

    /** A 486 with a Warning and no Content-Length, which a datagram may omit. */
    private static final String BUSY = crlf("SIP/2.0 486 Busy Here\n"
            + "Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bK-x1;received=198.51.100.3\n"
            + "From: sip:alice@example.com;tag=1928301774\n"
            + "To: <sip:bob@example.com>;tag=a6c85cf\n"
            + "Call-ID: a84b4c76e66710\n"
            + "CSeq: 314159 INVITE\n"
            + "Warning: 399 gw.example.com \"Busy everywhere\"\n"
            + "\n");

    /** An ACK for a 2xx with a SIPS Request-URI carrying parameters and escaped user. */
    private static final String ACK = crlf("ACK sips:%2B1555%20000@[2001:db8::5]:5061;transport=tls;ob SIP/2.0\n"
            + "Via: SIP/2.0/TLS 10.0.0.1:5061;branch=z9hG4bK-ack-9\n"
            + "Max-Forwards: 70\n"
            + "From: <sip:a@example.com>;tag=t1\n"
            + "To: <sip:b@example.com>;tag=t2\n"
            + "Call-ID: ack-1@10.0.0.1\n"
            + "CSeq: 1 ACK\n"
            + "Content-Length: 0\n"
            + "\n");

    /** Every SIP seed, as bytes. */
    static final List<byte[]> SIP = List.of(bytes(SipTestMessages.META_INVITE), bytes(SipTestMessages.OPTIONS_200),
            bytes(INVITE_200), bytes(REGISTER_COMPACT), bytes(MULTIPART), bytes(BYE_LF), bytes(BUSY), bytes(ACK));

    /** Every SDP seed: offers from Meta and Twilio, an answer, audio with video. */
    static final List<byte[]> SDP = List.of(bytes(SipTestMessages.META_SDES_OFFER),
            bytes(sdpResource("meta-sdes-opus.sdp")), bytes(sdpResource("meta-sdes-g711.sdp")),
            bytes(sdpResource("meta-dtls.sdp")), bytes(sdpResource("twilio-offer-rtp.sdp")), bytes(TWILIO_ANSWER),
            bytes(sdpResource("audio-video.sdp")));

    private SeedMessages() {
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sdpResource(String name) {
        try (InputStream in = SeedMessages.class.getResourceAsStream("/io/sipgw/sdp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String multipart() {
        String body = crlf("--b0undary\n"
                + "Content-Type: application/sdp\n"
                + "\n"
                + "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 0 8\n"
                + "\n--b0undary\n"
                + "Content-Type: application/octet-stream\n"
                + "Content-Transfer-Encoding: binary\n"
                + "\n"
                + "\u0000\u00ff\r\n\r\n\u0001\n"
                + "--b0undary--\n");
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        return crlf("MESSAGE sip:kumiko@example.org SIP/2.0\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-mp-1;rport\n"
                + "Max-Forwards: 70\n"
                + "To: <sip:kumiko@example.org>\n"
                + "From: <sip:fluffy@example.com>;tag=2fb0dcc9\n"
                + "Call-ID: 3d9485ad0c49859b\n"
                + "CSeq: 1 MESSAGE\n"
                + "Content-Type: multipart/mixed;boundary=b0undary\n"
                + "Content-Length: " + length + "\n\n") + body;
    }
}
