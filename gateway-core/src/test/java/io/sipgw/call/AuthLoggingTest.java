package io.sipgw.call;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.sipgw.auth.DigestAlgorithm;
import io.sipgw.auth.DigestAnswer;
import io.sipgw.auth.DigestChallenge;
import io.sipgw.auth.DigestClient;
import io.sipgw.auth.DigestCredentials;
import io.sipgw.auth.DigestVerifier;
import io.sipgw.auth.FailureLimiter;
import io.sipgw.auth.NonceService;
import io.sipgw.auth.ReplayGuard;
import io.sipgw.pipeline.SdpRewriteHandler;
import io.sipgw.sdp.MediaPolicy;
import io.sipgw.sdp.MediaPolicyConfig;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipRequest;
import io.sipgw.testing.SipTestMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.sipgw.call.B2buaFixture.META;
import static io.sipgw.call.B2buaFixture.respond;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No password, HA1 or digest response reaches a log line at any level, while the gateway challenges Meta (right
 * and wrong answers) and answers Twilio's challenges (accepted and refused).
 */
class AuthLoggingTest {

    private static final DigestCredentials META_USER = new DigestCredentials("15550001111", "meta-Pa55-secret");
    private static final DigestCredentials TWILIO_USER = new DigestCredentials("gateway", "twilio-Pa55-secret");

    /** The gateway's own loggers, all of them, at TRACE (Netty's debug output would only drown the check). */
    private final Logger root = (Logger) LoggerFactory.getLogger("io.sipgw");
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Level rootLevel;
    private final long[] now = {9_000_000};
    private final DigestVerifier twilio = verifier("sip.twilio.com", TWILIO_USER);

    private DigestVerifier verifier(String realm, DigestCredentials credentials) {
        return new DigestVerifier(realm, credentials, new NonceService(new byte[32], Duration.ofSeconds(60),
                () -> now[0]), new ReplayGuard(Duration.ofSeconds(60), 100, () -> now[0]));
    }

    @BeforeEach
    void captureEverything() {
        rootLevel = root.getLevel();
        root.setLevel(Level.TRACE);
        logs.start();
        root.addAppender(logs);
        root.setAdditive(false);
    }

    @AfterEach
    void restore() {
        root.detachAppender(logs);
        root.setAdditive(true);
        root.setLevel(rootLevel);
    }

    @Test
    void noSecretIsLoggedAtAnyLevel() throws Exception {
        List<String> secrets = new ArrayList<>(List.of(META_USER.password(), TWILIO_USER.password()));
        for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
            secrets.add(algorithm.hashHex(META_USER.username() + ":gw.example.com:" + META_USER.password()));
            secrets.add(algorithm.hashHex(TWILIO_USER.username() + ":sip.twilio.com:" + TWILIO_USER.password()));
        }
        try (B2buaFixture gw = new B2buaFixture(new TwilioRouting(META::equals, "example.sip.twilio.com", -1,
                "support", "gw.example.com",
                new SdpRewriteHandler(new MediaPolicy(MediaPolicyConfig.defaults("gw.example.com"))))
                .withTwilioCredentials(TWILIO_USER)
                .withMeta(new CallerAuthentication("gw.example.com", verifier("gw.example.com", META_USER),
                        new FailureLimiter(1, Duration.ofMinutes(1), 10, () -> now[0])), META_USER))) {
            // Meta: no credentials (407), a wrong answer (403, which also trips the limit), then blocked.
            gw.fromCaller(SipTestMessages.META_INVITE, META);
            DigestChallenge challenge = DigestChallenge.parseAll(
                    gw.caller.last().headerValues(SipHeaderName.PROXY_AUTHENTICATE).get(0)).get(0);
            String wrong = DigestClient.authorization(challenge, new DigestCredentials("15550001111", "guess"),
                    "INVITE", "sip:+15550001111@gw.example.com;transport=tls", new byte[0], 1, null);
            secrets.add(DigestAnswer.parse(wrong).response());
            gw.fromCaller(withCredentials(2, "z9hG4bK-2", wrong), META);
            gw.fromCaller(withCredentials(3, "z9hG4bK-3", wrong), META);
            now[0] += Duration.ofMinutes(2).toMillis();
            // Then the right answer: the call starts, and Twilio challenges twice (the second is a refusal).
            String right = DigestClient.authorization(challenge, META_USER, "INVITE",
                    "sip:+15550001111@gw.example.com;transport=tls", new byte[0], 1, null);
            secrets.add(DigestAnswer.parse(right).response());
            gw.fromCaller(withCredentials(4, "z9hG4bK-4", right), META);
            gw.fromCaller(SipTestMessages.META_INVITE.replace("CSeq: 1 INVITE", "CSeq: 5 INVITE")
                    .replace("branch=z9hG4bK-wa-7f3a91c2", "branch=z9hG4bK-5"), META);
            String fresh = DigestClient.authorization(DigestChallenge.parseAll(gw.caller.last()
                            .headerValues(SipHeaderName.PROXY_AUTHENTICATE).get(1)).get(0), META_USER, "INVITE",
                    "sip:+15550001111@gw.example.com;transport=tls", new byte[0], 1, null);
            secrets.add(DigestAnswer.parse(fresh).response());
            gw.fromCaller(withCredentials(6, "z9hG4bK-6", fresh), META);
            SipRequest invite = gw.calleeRequest("INVITE", 0);
            gw.fromCallee(respond(invite, 407, "a", "Proxy-Authenticate", twilio.challenges(false).get(0)));
            SipRequest answered = gw.calleeRequest("INVITE", 1);
            secrets.add(DigestAnswer.parse(answered.header(SipHeaderName.PROXY_AUTHORIZATION)).response());
            gw.fromCallee(respond(answered, 407, "b", "Proxy-Authenticate", twilio.challenges(false).get(0)));
            assertThat(gw.caller.last().startLine()).isEqualTo("SIP/2.0 403 Forbidden");
        }

        assertThat(logs.list).as("log events").hasSizeGreaterThan(5);
        for (ILoggingEvent event : logs.list) {
            String text = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(text).as("log line").doesNotContain(secrets);
        }
    }

    private static String withCredentials(int cseq, String branch, String credentials) {
        return SipTestMessages.META_INVITE.replace("CSeq: 1 INVITE", "CSeq: " + cseq + " INVITE")
                .replace("branch=z9hG4bK-wa-7f3a91c2", "branch=" + branch)
                .replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nProxy-Authorization: " + credentials + "\r\n");
    }
}
