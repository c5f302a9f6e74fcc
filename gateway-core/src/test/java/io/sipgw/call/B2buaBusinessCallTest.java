package io.sipgw.call;

import io.sipgw.auth.DigestAnswer;
import io.sipgw.auth.DigestCredentials;
import io.sipgw.auth.DigestVerifier;
import io.sipgw.auth.NonceService;
import io.sipgw.auth.ReplayGuard;
import io.sipgw.pipeline.SdpRewriteHandler;
import io.sipgw.sdp.MediaPolicy;
import io.sipgw.sdp.MediaPolicyConfig;
import io.sipgw.sdp.SecureMedia;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.sip.SipResponseBuilder;
import io.sipgw.testing.SipTestMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.sipgw.call.B2buaFixture.ALLOC;
import static io.sipgw.call.B2buaFixture.META;
import static io.sipgw.call.B2buaFixture.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Business-initiated calls: Twilio's INVITE (TwiML {@code <Dial><Sip>}) becomes a call to the WhatsApp user at
 * {@code wa.meta.vc}, and Meta's double 407 challenge (PEERS) is answered; Meta here is an in-JVM verifier.
 */
class B2buaBusinessCallTest {

    static final String TWILIO_OFFER = SipTestMessages.crlf("v=0\n"
            + "o=root 1180 1180 IN IP4 168.86.128.10\n"
            + "s=Twilio Media Gateway\n"
            + "c=IN IP4 168.86.128.10\n"
            + "t=0 0\n"
            + "m=audio 17400 RTP/SAVP 0 8 101\n"
            + "a=rtpmap:0 PCMU/8000\n"
            + "a=rtpmap:8 PCMA/8000\n"
            + "a=rtpmap:101 telephone-event/8000\n"
            + "a=fmtp:101 0-16\n"
            + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:dHdpbGlvb2ZmZXJrZXltYXRlcmlhbDAxMjM0NTY3ODk5\n"
            + "a=ptime:20\n"
            + "a=sendrecv\n");
    static final String META_ANSWER = SipTestMessages.crlf("v=0\n"
            + "o=- 1732811234 2 IN IP6 2a03:2880:f22d:1c0::face:b00c\n"
            + "s=-\n"
            + "t=0 0\n"
            + "m=audio 40012 RTP/SAVP 0 101\n"
            + "c=IN IP6 2a03:2880:f22d:1c0::face:b00c\n"
            + "a=rtpmap:0 PCMU/8000\n"
            + "a=rtpmap:101 telephone-event/8000\n"
            + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3\n"
            + "a=ptime:20\n"
            + "a=sendrecv\n");
    private static final String CALL_ID = "4f1e2d3c5b6a@54.172.60.1";
    private static final String META_URI = "sip:+15557654321@wa.meta.vc;transport=tls";
    private static final DigestCredentials BUSINESS = new DigestCredentials("15550001111", "meta-Pa55");

    private final long[] now = {7_000_000};
    private final DigestVerifier metaVerifier = new DigestVerifier("wa.meta.vc", BUSINESS,
            new NonceService(new byte[32], Duration.ofSeconds(60), () -> now[0]),
            new ReplayGuard(Duration.ofSeconds(60), 1000, () -> now[0]));
    private B2buaFixture gw = gateway(null);

    private static B2buaFixture gateway(String businessNumber) {
        MediaPolicyConfig policy = MediaPolicyConfig.defaults("gw.example.com");
        return new B2buaFixture(RoutingPolicy.firstOf(List.of(
                new TwilioRouting(META::equals, "example.sip.twilio.com", -1, null, "gw.example.com",
                        new SdpRewriteHandler(new MediaPolicy(policy))),
                new MetaRouting(TWILIO::equals, "gw.example.com", businessNumber,
                        new SdpRewriteHandler(new MediaPolicy(policy.withSecureMedia(SecureMedia.REQUIRED))))
                        .withCredentials(null, "meta-Pa55"))));
    }

    @AfterEach
    void release() {
        gw.close();
    }

    /** Twilio's INVITE for {@code <Dial><Sip>sip:<user>@gw.example.com</Sip>}, with {@code offer}. */
    static String twilioInvite(String user, String offer) {
        return SipTestMessages.crlf("INVITE sip:" + user + "@gw.example.com SIP/2.0\n"
                + "Via: SIP/2.0/UDP 54.172.60.1:5060;branch=z9hG4bK-tw-1;rport\n"
                + "Max-Forwards: 70\n"
                + "From: \"+15550001111\" <sip:+15550001111@example.sip.twilio.com>;tag=tw-from\n"
                + "To: <sip:" + user + "@gw.example.com>\n"
                + "Call-ID: " + CALL_ID + "\n"
                + "CSeq: 101 INVITE\n"
                + "Contact: <sip:+15550001111@54.172.60.1:5060>\n"
                + "User-Agent: Twilio Gateway\n"
                + "X-Twilio-CallSid: CA0123456789abcdef0123456789abcdef\n"
                + "Content-Type: application/sdp\n"
                + "Content-Length: " + offer.length() + "\n\n") + offer;
    }

    private SipResponse metaChallenge(SipRequest invite) {
        SipResponseBuilder b = SipResponseBuilder.forRequest(invite, 407, null).toTag("meta-407");
        for (String challenge : metaVerifier.challenges(false)) {
            b.addHeader(SipHeaderName.PROXY_AUTHENTICATE, challenge);
        }
        return b.build(ALLOC);
    }

    @Test
    void twiliosInviteCallsTheWhatsAppUserAndAnswersMetasDoubleChallengeWithSha256() throws Exception {
        gw.fromCaller(twilioInvite("15557654321", TWILIO_OFFER), TWILIO);

        assertThat(gw.caller.startLines()).containsExactly("SIP/2.0 100 Trying");
        SipRequest invite = gw.calleeRequest("INVITE", 0);
        assertThat(invite.startLine()).isEqualTo("INVITE " + META_URI + " SIP/2.0");
        assertThat(gw.callee.targets()).containsExactly(META_URI);
        assertThat(invite.header(SipHeaderName.TO)).isEqualTo("<" + META_URI + ">");
        assertThat(invite.header(SipHeaderName.FROM)).startsWith("<sip:+15550001111@gw.example.com>;tag=");
        assertThat(invite.topVia().toString()).startsWith("SIP/2.0/TLS gw.example.com:5061;branch=z9hG4bK");
        assertThat(invite.header(SipHeaderName.CONTACT)).isEqualTo("<sip:gw.example.com:5061;transport=tls>");
        assertThat(invite.callId()).startsWith("gw0.").isNotEqualTo(CALL_ID);
        // Nothing of Twilio's own reaches Meta.
        assertThat(invite.toString()).doesNotContain("X-Twilio", "User-Agent", "example.sip.twilio.com", "tw-from");
        assertThat(invite.bodyAsString()).contains("m=audio 17400 RTP/SAVP 0 8 101", "a=crypto:1 ");

        gw.fromCallee(metaChallenge(invite));
        SipRequest answered = gw.calleeRequest("INVITE", 1);
        assertThat(answered.header(SipHeaderName.CSEQ)).isEqualTo("2 INVITE");
        String credentials = answered.header(SipHeaderName.PROXY_AUTHORIZATION);
        DigestAnswer digest = DigestAnswer.parse(credentials);
        assertThat(digest.algorithmToken()).isEqualTo("SHA-256");
        assertThat(digest.username()).isEqualTo("15550001111");
        // PEERS: Request-URI, To URI and digest uri agree, or Meta answers 403.
        assertThat(digest.uri()).isEqualTo(META_URI).isEqualTo(answered.requestUriText());
        assertThat(metaVerifier.verify("INVITE", answered.requestUriText(), credentials).isValid()).isTrue();

        gw.fromCallee(SipResponseBuilder.forRequest(answered, 200, null).toTag("meta")
                .addHeader(SipHeaderName.CONTACT, "<sip:+15557654321@wa.meta.vc;transport=tls;ob>")
                .body("application/sdp", META_ANSWER.getBytes(StandardCharsets.US_ASCII)).build(ALLOC));
        SipResponse ok = (SipResponse) gw.caller.last();
        assertThat(ok.startLine()).isEqualTo("SIP/2.0 200 OK");
        assertThat(ok.header(SipHeaderName.CONTACT)).isEqualTo("<sip:gw.example.com:5060;transport=udp>");
        assertThat(ok.bodyAsString()).contains("m=audio 40012 RTP/SAVP 0 101");
        gw.fromCaller(twilioInDialog("ACK", ok.header(SipHeaderName.TO), 101, ""), TWILIO);
        SipRequest ack = (SipRequest) gw.callee.last();
        assertThat(ack.startLine()).isEqualTo("ACK " + META_URI + ";ob SIP/2.0");
        assertThat(ack.header(SipHeaderName.CSEQ)).isEqualTo("2 ACK");

        // Twilio's session refresh never reaches Meta (PEERS: no re-INVITE towards Meta).
        gw.fromCaller(twilioInDialog("INVITE", ok.header(SipHeaderName.TO), 102, TWILIO_OFFER), TWILIO);
        SipResponse refresh = (SipResponse) gw.caller.last();
        assertThat(refresh.startLine()).isEqualTo("SIP/2.0 200 OK");
        assertThat(refresh.bodyAsString()).isEqualTo(ok.bodyAsString());
        assertThat(gw.callee.startLines()).filteredOn(l -> l.startsWith("INVITE")).hasSize(2);

        gw.fromCaller(twilioInDialog("BYE", ok.header(SipHeaderName.TO), 103, ""), TWILIO);
        SipRequest bye = gw.calleeRequest("BYE", 0);
        assertThat(bye.header(SipHeaderName.CSEQ)).isEqualTo("3 BYE");
        gw.fromCallee(B2buaFixture.respond(bye, 200, null));
        assertThat(gw.b2bua.calls().size()).isZero();
    }

    private static String twilioInDialog(String method, String to, int cseq, String body) {
        return SipTestMessages.crlf(method + " sip:gw.example.com:5060;transport=udp SIP/2.0\n"
                + "Via: SIP/2.0/UDP 54.172.60.1:5060;branch=z9hG4bK-tw-" + cseq + ";rport\n"
                + "Max-Forwards: 70\n"
                + "From: \"+15550001111\" <sip:+15550001111@example.sip.twilio.com>;tag=tw-from\n"
                + "To: " + to + "\n"
                + "Call-ID: " + CALL_ID + "\n"
                + "CSeq: " + cseq + " " + method + "\n"
                + (body.isEmpty() ? "" : "Content-Type: application/sdp\n")
                + "Content-Length: " + body.length() + "\n\n") + body;
    }

    @Test
    void theConfiguredBusinessNumberIsTheFromAndTheDigestUsername() throws Exception {
        gw.close();
        gw = gateway("15559990000");
        gw.fromCaller(twilioInvite("+15557654321", TWILIO_OFFER), TWILIO);

        SipRequest invite = gw.calleeRequest("INVITE", 0);
        assertThat(invite.startLine()).isEqualTo("INVITE " + META_URI + " SIP/2.0");
        assertThat(invite.header(SipHeaderName.FROM)).startsWith("<sip:+15559990000@gw.example.com>;tag=");
        gw.fromCallee(metaChallenge(invite));
        assertThat(DigestAnswer.parse(gw.calleeRequest("INVITE", 1).header(SipHeaderName.PROXY_AUTHORIZATION))
                .username()).isEqualTo("15559990000");
    }

    @Test
    void aPlainRtpOfferTowardsMetaIsRefused488() {
        gw.fromCaller(twilioInvite("15557654321", TWILIO_OFFER.replace("RTP/SAVP", "RTP/AVP")
                .replace("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:dHdpbGlvb2ZmZXJrZXltYXRlcmlhbDAxMjM0NTY3ODk5\r\n",
                        "")), TWILIO);

        assertThat(gw.caller.startLines()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 488 Not Acceptable Here");
        assertThat(gw.caller.last().header(SipHeaderName.WARNING)).contains("SRTP");
        assertThat(gw.callee.sent()).isEmpty();
    }

    @Test
    void metasRefusalReachesTwilioUnchanged() {
        gw.fromCaller(twilioInvite("15557654321", TWILIO_OFFER), TWILIO);
        gw.fromCallee(SipResponseBuilder.forRequest(gw.calleeRequest("INVITE", 0), 480, "No Answer")
                .toTag("meta").build(ALLOC));

        assertThat(gw.caller.startLines()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 480 No Answer");
        assertThat(gw.events).last().asString().endsWith(" rejected-480");
    }

    @Test
    void aRequestUriThatIsNoPhoneNumberIs404() {
        gw.fromCaller(twilioInvite("support", TWILIO_OFFER), TWILIO);

        assertThat(gw.caller.startLines()).containsExactly("SIP/2.0 404 Not a WhatsApp Number");
        assertThat(gw.callee.sent()).isEmpty();
    }

    @Test
    void anInviteFromNeitherSideIsForbidden() {
        gw.fromCaller(twilioInvite("15557654321", TWILIO_OFFER), B2buaFixture.address("127.0.0.9"));

        assertThat(gw.caller.startLines()).containsExactly("SIP/2.0 403 Forbidden");
        assertThat(gw.events).containsExactly("refused source");
    }
}
