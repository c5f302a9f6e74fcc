package io.sipgw.call;

import io.sipgw.auth.DigestChallenge;
import io.sipgw.auth.DigestClient;
import io.sipgw.auth.DigestCredentials;
import io.sipgw.auth.DigestParseException;
import io.sipgw.auth.DigestVerifier;
import io.sipgw.auth.FailureLimiter;
import io.sipgw.auth.NonceService;
import io.sipgw.auth.ReplayGuard;
import io.sipgw.pipeline.SdpRewriteHandler;
import io.sipgw.sdp.MediaPolicy;
import io.sipgw.sdp.MediaPolicyConfig;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipMessage;
import io.sipgw.testing.SipTestMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.sipgw.call.B2buaFixture.META;
import static org.assertj.core.api.Assertions.assertThat;

/** The gateway challenging Meta's INVITEs (RFC 3261 section 22.3) before any call starts. */
class B2buaCallerAuthenticationTest {

    private static final DigestCredentials META_USER = new DigestCredentials("15550001111", "meta-Pa55");
    private static final int FAILURES_ALLOWED = 3;

    private final long[] now = {5_000_000};
    private final B2buaFixture gw = new B2buaFixture(new TwilioRouting(META::equals, "example.sip.twilio.com", -1,
            "support", "gw.example.com",
            new SdpRewriteHandler(new MediaPolicy(MediaPolicyConfig.defaults("gw.example.com"))))
            .withMeta(new CallerAuthentication("gw.example.com",
                    new DigestVerifier("gw.example.com", META_USER,
                            new NonceService(new byte[32], Duration.ofSeconds(60), () -> now[0]),
                            new ReplayGuard(Duration.ofSeconds(60), 1000, () -> now[0])),
                    new FailureLimiter(FAILURES_ALLOWED, Duration.ofMinutes(1), 100, () -> now[0])), null));

    @AfterEach
    void release() {
        gw.close();
    }

    /** Meta's INVITE with CSeq {@code cseq}, branch {@code branch} and, when given, a Proxy-Authorization. */
    private static String invite(int cseq, String branch, String proxyAuthorization) {
        String text = SipTestMessages.META_INVITE.replace("CSeq: 1 INVITE", "CSeq: " + cseq + " INVITE")
                .replace("branch=z9hG4bK-wa-7f3a91c2", "branch=" + branch);
        if (proxyAuthorization != null) {
            text = text.replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nProxy-Authorization: "
                    + proxyAuthorization + "\r\n");
        }
        return text;
    }

    /** What Meta answers to our 407, with {@code password}, for the challenge of {@code algorithm}. */
    private String answer(SipMessage challenge, String algorithm, String password) throws DigestParseException {
        for (String value : challenge.headerValues(SipHeaderName.PROXY_AUTHENTICATE)) {
            DigestChallenge c = DigestChallenge.parseAll(value).get(0);
            if (c.algorithmToken().equals(algorithm)) {
                return DigestClient.authorization(c, new DigestCredentials(META_USER.username(), password), "INVITE",
                        "sip:+15550001111@gw.example.com;transport=tls", new byte[0], 1, "0a4f113b");
            }
        }
        throw new AssertionError("no " + algorithm + " challenge");
    }

    @Test
    void anInviteWithoutCredentialsGets407WithSha256ThenMd5AndNothingStarts() throws Exception {
        gw.fromCaller(invite(1, "z9hG4bK-1", null), META);

        assertThat(gw.caller.startLines()).containsExactly("SIP/2.0 407 Proxy Authentication Required");
        List<String> challenges = gw.caller.last().headerValues(SipHeaderName.PROXY_AUTHENTICATE);
        assertThat(challenges).hasSize(2);
        DigestChallenge sha = DigestChallenge.parseAll(challenges.get(0)).get(0);
        DigestChallenge md5 = DigestChallenge.parseAll(challenges.get(1)).get(0);
        assertThat(sha.algorithmToken()).isEqualTo("SHA-256");
        assertThat(md5.algorithmToken()).isEqualTo("MD5");
        assertThat(sha.realm()).isEqualTo("gw.example.com");
        assertThat(sha.qopOptions()).containsExactly("auth");
        assertThat(gw.caller.last().toTag()).isNotNull();
        assertThat(gw.callee.sent()).isEmpty();
        assertThat(gw.b2bua.calls().size()).isZero();
        // The retransmitted INVITE gets the same 407, not a second challenge or a call.
        gw.fromCaller(invite(1, "z9hG4bK-1", null), META);
        assertThat(gw.caller.startLines()).hasSize(2).allMatch(l -> l.startsWith("SIP/2.0 407"));
    }

    @Test
    void theAnsweredChallengeStartsTheCallWithEitherAlgorithm() throws Exception {
        for (String algorithm : List.of("SHA-256", "MD5")) {
            gw.fromCaller(invite(1, "z9hG4bK-1" + algorithm, null), META);
            String credentials = answer(gw.caller.last(), algorithm, "meta-Pa55");
            gw.fromCaller(invite(2, "z9hG4bK-2" + algorithm, credentials), META);

            assertThat(gw.caller.last().startLine()).isEqualTo("SIP/2.0 100 Trying");
            assertThat(gw.callee.startLines()).containsExactly("INVITE sip:support@example.sip.twilio.com SIP/2.0");
            // Our credentials for Meta never travel on to Twilio.
            assertThat(gw.callee.last().header(SipHeaderName.PROXY_AUTHORIZATION)).isNull();
            gw.fromCallee(B2buaFixture.respond(gw.calleeRequest("INVITE", 0), 486, "tw"));
            gw.caller.close();
            gw.callee.close();
        }
    }

    @Test
    void aWrongPasswordIs403AndNothingReachesTwilio() throws Exception {
        gw.fromCaller(invite(1, "z9hG4bK-1", null), META);
        gw.fromCaller(invite(2, "z9hG4bK-2", answer(gw.caller.last(), "SHA-256", "wrong")), META);

        assertThat(gw.caller.startLines()).containsExactly("SIP/2.0 407 Proxy Authentication Required",
                "SIP/2.0 403 Forbidden");
        assertThat(gw.callee.sent()).isEmpty();
        assertThat(gw.events).containsExactly("refused auth");
    }

    @Test
    void aReplayedAnswerIsRefused() throws Exception {
        gw.fromCaller(invite(1, "z9hG4bK-1", null), META);
        String credentials = answer(gw.caller.last(), "MD5", "meta-Pa55");
        gw.fromCaller(invite(2, "z9hG4bK-2", credentials), META);
        gw.fromCallee(B2buaFixture.respond(gw.calleeRequest("INVITE", 0), 486, "tw"));
        gw.callee.close();

        // The same credentials on a new transaction (not a retransmission: another branch) are a replay.
        gw.fromCaller(invite(3, "z9hG4bK-3", credentials), META);
        assertThat(gw.caller.last().startLine()).isEqualTo("SIP/2.0 403 Forbidden");
        assertThat(gw.callee.sent()).isEmpty();
    }

    @Test
    void anExpiredNonceEarnsAStaleChallengeNotARefusal() throws Exception {
        gw.fromCaller(invite(1, "z9hG4bK-1", null), META);
        String credentials = answer(gw.caller.last(), "SHA-256", "meta-Pa55");
        now[0] += Duration.ofMinutes(2).toMillis();
        gw.fromCaller(invite(2, "z9hG4bK-2", credentials), META);

        assertThat(gw.caller.last().startLine()).isEqualTo("SIP/2.0 407 Proxy Authentication Required");
        assertThat(gw.caller.last().headerValues(SipHeaderName.PROXY_AUTHENTICATE).get(0)).contains("stale=true");
        assertThat(gw.events).isEmpty();
    }

    @Test
    void tooManyFailuresFromOneSourceRefuseItWithoutACheck() throws Exception {
        gw.fromCaller(invite(1, "z9hG4bK-0", null), META);
        String wrong = answer(gw.caller.last(), "MD5", "guess");
        for (int i = 1; i <= FAILURES_ALLOWED + 2; i++) {
            gw.fromCaller(invite(i + 1, "z9hG4bK-" + i, wrong), META);
        }
        assertThat(gw.events).containsExactly("refused auth", "refused auth", "refused auth-limit",
                "refused auth-limit", "refused auth-limit");
        // Even the right password waits for the window to pass.
        gw.fromCaller(invite(20, "z9hG4bK-20", null), META);
        assertThat(gw.caller.last().startLine()).isEqualTo("SIP/2.0 403 Forbidden");
        now[0] += Duration.ofMinutes(2).toMillis();
        gw.fromCaller(invite(21, "z9hG4bK-21", null), META);
        assertThat(gw.caller.last().startLine()).isEqualTo("SIP/2.0 407 Proxy Authentication Required");
        assertThat(gw.callee.sent()).isEmpty();
    }
}
