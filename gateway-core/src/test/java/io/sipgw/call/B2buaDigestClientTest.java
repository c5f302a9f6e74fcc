package io.sipgw.call;

import io.sipgw.auth.DigestCredentials;
import io.sipgw.auth.DigestVerifier;
import io.sipgw.auth.NonceService;
import io.sipgw.auth.ReplayGuard;
import io.sipgw.pipeline.SdpRewriteHandler;
import io.sipgw.sdp.MediaPolicy;
import io.sipgw.sdp.MediaPolicyConfig;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.testing.SipTestMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.sipgw.call.B2buaFixture.META;
import static io.sipgw.call.B2buaFixture.respond;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway answering Twilio's digest challenges on the callee leg (RFC 3261 section 22.2): Twilio here is an
 * in-JVM verifier with its own nonces, so an answer only passes when it is a correct digest.
 */
class B2buaDigestClientTest {

    private static final String CALLER_CALL_ID = "outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3";
    private static final DigestCredentials TWILIO_USER = new DigestCredentials("gateway", "s3cret-Twilio");

    private final long[] now = {1_000_000};
    private final DigestVerifier twilioVerifier = new DigestVerifier("sip.twilio.com", TWILIO_USER,
            new NonceService(new byte[32], Duration.ofSeconds(30), () -> now[0]),
            new ReplayGuard(Duration.ofSeconds(30), 1000, () -> now[0]));
    private B2buaFixture gw = withCredentials(TWILIO_USER);

    private static B2buaFixture withCredentials(DigestCredentials credentials) {
        return new B2buaFixture(new TwilioRouting(META::equals, "example.sip.twilio.com", -1, "support",
                "gw.example.com", new SdpRewriteHandler(new MediaPolicy(MediaPolicyConfig.defaults("gw.example.com"))))
                .withTwilioCredentials(credentials));
    }

    @AfterEach
    void release() {
        gw.close();
    }

    /** Twilio's MD5 challenge (PEERS: realm sip.twilio.com, qop auth), optionally stale. */
    private String challenge(boolean stale) {
        List<String> both = twilioVerifier.challenges(stale);
        return both.get(both.size() - 1);
    }

    private String verify(SipRequest request, String header) {
        DigestVerifier.Outcome outcome = twilioVerifier.verify(request.method().toString(),
                request.requestUriText(), request.header(header));
        return outcome.status() + (outcome.reason() == null ? "" : ": " + outcome.reason());
    }

    @Test
    void a407IsAnsweredWithProxyAuthorizationOnANewInviteAndTheCallCompletes() {
        gw.fromCaller(SipTestMessages.META_INVITE, META);
        SipRequest first = gw.calleeRequest("INVITE", 0);
        gw.fromCallee(respond(first, 407, "tw-407", "Proxy-Authenticate", challenge(false)));

        // RFC 3261 17.1.1.3: the transaction ACKs the 407 itself; then the INVITE again with credentials.
        assertThat(gw.callee.startLines()).containsExactly(
                "INVITE sip:support@example.sip.twilio.com SIP/2.0",
                "ACK sip:support@example.sip.twilio.com SIP/2.0",
                "INVITE sip:support@example.sip.twilio.com SIP/2.0");
        SipRequest second = gw.calleeRequest("INVITE", 1);
        assertThat(second.header(SipHeaderName.CSEQ)).isEqualTo("2 INVITE");
        assertThat(second.callId()).isEqualTo(first.callId());
        assertThat(second.fromTag()).isEqualTo(first.fromTag());
        assertThat(second.topViaBranch()).isNotEqualTo(first.topViaBranch());
        assertThat(second.header(SipHeaderName.TO)).isEqualTo(first.header(SipHeaderName.TO));
        assertThat(second.bodyAsString()).isEqualTo(first.bodyAsString());
        assertThat(second.header(SipHeaderName.AUTHORIZATION)).isNull();
        assertThat(verify(second, "Proxy-Authorization")).isEqualTo("VALID");
        // Meta never hears of the challenge.
        assertThat(gw.caller.startLines()).containsExactly("SIP/2.0 100 Trying");

        gw.fromCallee(respond(second, 200, "tw"));
        assertThat(gw.caller.startLines()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 200 OK");
        String to = gw.caller.last().header(SipHeaderName.TO);
        gw.fromCaller(inDialog("ACK", to, 1), META);
        SipRequest ack = (SipRequest) gw.callee.last();
        assertThat(ack.startLine()).isEqualTo("ACK sip:172.18.0.1:5060 SIP/2.0");
        assertThat(ack.header(SipHeaderName.CSEQ)).isEqualTo("2 ACK");
    }

    @Test
    void a401IsAnsweredWithAuthorization() {
        gw.fromCaller(SipTestMessages.META_INVITE, META);
        gw.fromCallee(respond(gw.calleeRequest("INVITE", 0), 401, "tw-401", "WWW-Authenticate", challenge(false)));

        SipRequest second = gw.calleeRequest("INVITE", 1);
        assertThat(second.header(SipHeaderName.PROXY_AUTHORIZATION)).isNull();
        assertThat(verify(second, "Authorization")).isEqualTo("VALID");
        gw.fromCallee(respond(second, 486, "tw"));
        assertThat(gw.caller.startLines()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 486 Busy Here");
    }

    @Test
    void aSecondChallengeAfterOurCredentialsIs403ForMetaAndNoThirdInvite() {
        gw.fromCaller(SipTestMessages.META_INVITE, META);
        gw.fromCallee(respond(gw.calleeRequest("INVITE", 0), 407, "a", "Proxy-Authenticate", challenge(false)));
        gw.fromCallee(respond(gw.calleeRequest("INVITE", 1), 407, "b", "Proxy-Authenticate", challenge(false)));

        assertThat(gw.callee.startLines()).filteredOn(l -> l.startsWith("INVITE")).hasSize(2);
        assertThat(gw.caller.startLines()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 403 Forbidden");
        assertThat(gw.caller.last().header(SipHeaderName.PROXY_AUTHENTICATE)).isNull();
        assertThat(gw.events).last().asString().endsWith(" rejected-407");
        assertThat(gw.b2bua.calls().size()).isZero();
    }

    @Test
    void aStaleNonceIsAnsweredOnceMoreWithTheNewNonce() {
        gw.fromCaller(SipTestMessages.META_INVITE, META);
        gw.fromCallee(respond(gw.calleeRequest("INVITE", 0), 407, "a", "Proxy-Authenticate", challenge(false)));
        gw.fromCallee(respond(gw.calleeRequest("INVITE", 1), 407, "b", "Proxy-Authenticate", challenge(true)));

        SipRequest third = gw.calleeRequest("INVITE", 2);
        assertThat(third.header(SipHeaderName.CSEQ)).isEqualTo("3 INVITE");
        assertThat(verify(third, "Proxy-Authorization")).isEqualTo("VALID");
        // Only once: a further stale challenge is a refusal.
        gw.fromCallee(respond(third, 407, "c", "Proxy-Authenticate", challenge(true)));
        assertThat(gw.callee.startLines()).filteredOn(l -> l.startsWith("INVITE")).hasSize(3);
        assertThat(gw.caller.startLines()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 403 Forbidden");
    }

    @Test
    void withoutCredentialsA407Is403ForMeta() {
        gw.close();
        gw = withCredentials(null);
        gw.fromCaller(SipTestMessages.META_INVITE, META);
        gw.fromCallee(respond(gw.calleeRequest("INVITE", 0), 407, "a", "Proxy-Authenticate", challenge(false)));

        assertThat(gw.callee.startLines()).filteredOn(l -> l.startsWith("INVITE")).hasSize(1);
        assertThat(gw.caller.startLines()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 403 Forbidden");
    }

    @Test
    void aChallengeWithOnlyAnUnknownAlgorithmIs403ForMeta() {
        gw.fromCaller(SipTestMessages.META_INVITE, META);
        gw.fromCallee(respond(gw.calleeRequest("INVITE", 0), 407, "a", "Proxy-Authenticate",
                "Digest realm=\"sip.twilio.com\", nonce=\"abc\", algorithm=SHA-1024, qop=\"auth\""));

        assertThat(gw.callee.startLines()).filteredOn(l -> l.startsWith("INVITE")).hasSize(1);
        assertThat(gw.caller.startLines()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 403 Forbidden");
    }

    @Test
    void aCancelWhileTheChallengeIsInFlightSendsNoSecondInvite() {
        gw.fromCaller(SipTestMessages.META_INVITE, META);
        gw.fromCaller(SipTestMessages.META_INVITE.replace("INVITE sip:", "CANCEL sip:")
                .replace("CSeq: 1 INVITE", "CSeq: 1 CANCEL"), META);
        gw.fromCallee(respond(gw.calleeRequest("INVITE", 0), 407, "a", "Proxy-Authenticate", challenge(false)));

        assertThat(gw.callee.startLines()).filteredOn(l -> l.startsWith("INVITE")).hasSize(1);
        assertThat(gw.caller.startLines()).contains("SIP/2.0 487 Request Terminated");
        assertThat(gw.b2bua.calls().size()).isZero();
    }

    @Test
    void aByeChallengedByTwilioIsSentAgainWithCredentials() {
        gw.fromCaller(SipTestMessages.META_INVITE, META);
        gw.fromCallee(respond(gw.calleeRequest("INVITE", 0), 200, "tw"));
        String to = gw.caller.last().header(SipHeaderName.TO);
        gw.fromCaller(inDialog("ACK", to, 1), META);
        gw.fromCaller(inDialog("BYE", to, 2), META);

        SipRequest bye = gw.calleeRequest("BYE", 0);
        gw.fromCallee(respond(bye, 401, null, "WWW-Authenticate", challenge(false)));
        SipRequest again = gw.calleeRequest("BYE", 1);
        assertThat(again.header(SipHeaderName.CSEQ)).isEqualTo("3 BYE");
        assertThat(again.topViaBranch()).isNotEqualTo(bye.topViaBranch());
        assertThat(verify(again, "Authorization")).isEqualTo("VALID");
        gw.fromCallee(respond(again, 200, null));
        assertThat(gw.b2bua.calls().size()).isZero();
    }

    private static String inDialog(String method, String to, int cseq) {
        return SipTestMessages.crlf(method + " sip:gw.example.com:5061;transport=tls SIP/2.0\n"
                + "Via: SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-" + method + cseq + "\n"
                + "Max-Forwards: 70\n"
                + "From: \"15557654321\" <sip:+15557654321@wa.meta.vc>;tag=wa-3b8f21\n"
                + "To: " + to + "\n"
                + "Call-ID: " + CALLER_CALL_ID + "\n"
                + "CSeq: " + cseq + " " + method + "\n"
                + "Content-Length: 0\n\n");
    }
}
