package io.sipgw.testing;

/** Realistic messages for tests, shaped like what Meta and Twilio send. */
public final class SipTestMessages {

    private SipTestMessages() {
    }

    /** The SDP offer of a WhatsApp SDES call with G.711 enabled. */
    public static final String META_SDES_OFFER = crlf(
            "v=0\n"
            + "o=- 1732811234 2 IN IP6 2a03:2880:f22d:1c0::face:b00c\n"
            + "s=-\n"
            + "t=0 0\n"
            + "a=group:BUNDLE audio\n"
            + "m=audio 40012 RTP/SAVP 111 0 8 126\n"
            + "c=IN IP6 2a03:2880:f22d:1c0::face:b00c\n"
            + "a=rtpmap:111 opus/48000/2\n"
            + "a=fmtp:111 maxaveragebitrate=20000;maxplaybackrate=16000;minptime=20;sprop-maxcapturerate=16000;useinbandfec=1\n"
            + "a=rtpmap:0 PCMU/8000\n"
            + "a=rtpmap:8 PCMA/8000\n"
            + "a=rtpmap:126 telephone-event/8000\n"
            + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3\n"
            + "a=ptime:20\n"
            + "a=maxptime:20\n"
            + "a=rtcp-mux\n"
            + "a=mid:audio\n"
            + "a=ssrc:3422331199 cname:wa-audio\n"
            + "a=sendrecv\n");

    /** A WhatsApp user's INVITE as Meta sends it over TLS, IPv6 Via, Record-Route and x-wa-meta headers. */
    public static final String META_INVITE = crlf(
            "INVITE sip:+15550001111@gw.example.com;transport=tls SIP/2.0\n"
            + "Via: SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-wa-7f3a91c2;rport\n"
            + "Record-Route: <sip:[2a03:2880:f22d:1c0::face:b00c]:5061;transport=tls;lr>\n"
            + "Max-Forwards: 70\n"
            + "From: \"15557654321\" <sip:+15557654321@wa.meta.vc>;tag=wa-3b8f21\n"
            + "To: <sip:+15550001111@gw.example.com>\n"
            + "Call-ID: outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3\n"
            + "CSeq: 1 INVITE\n"
            + "Contact: <sip:+15557654321@wa.meta.vc;transport=tls;ob>;isfocus\n"
            + "Allow: INVITE, ACK, BYE, CANCEL, NOTIFY, OPTIONS\n"
            + "User-Agent: Facebook SipGateway\n"
            + "X-FB-External-Domain: wa.meta.vc\n"
            + "x-wa-meta-wacid: wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3\n"
            + "x-wa-meta-phone-number-id: 109876543210987\n"
            + "Content-Type: application/sdp\n"
            + "Content-Length: " + META_SDES_OFFER.length() + "\n"
            + "\n") + META_SDES_OFFER;

    /** A 200 OK to an OPTIONS, as Twilio's edge answers keep-alives. */
    public static final String OPTIONS_200 = crlf(
            "SIP/2.0 200 OK\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK776asdhds;rport=5060;received=127.0.0.1\n"
            + "From: <sip:gw.example.com>;tag=a73kszlfl\n"
            + "To: <sip:example.sip.twilio.com>;tag=1928301774\n"
            + "Call-ID: a84b4c76e66710@gw.example.com\n"
            + "CSeq: 63104 OPTIONS\n"
            + "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE\n"
            + "Content-Length: 0\n"
            + "\n");

    /** Converts bare LF line ends to CRLF. */
    public static String crlf(String s) {
        return s.replace("\r\n", "\n").replace("\n", "\r\n");
    }
}
