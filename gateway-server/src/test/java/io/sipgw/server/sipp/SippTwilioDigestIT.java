package io.sipgw.server.sipp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Twilio SIP Domain with a credential list challenges the gateway's INVITE with 407; the gateway answers with
 * TWILIO_SIP_USERNAME/TWILIO_SIP_PASSWORD and Meta sees an ordinary answered call (SIPp over UDP).
 */
class SippTwilioDigestIT extends SippTestBase {

    static final String USERNAME = "twilio-gw";
    static final String PASSWORD = "s3cret-Tw1lio";

    @Override
    protected Map<String, String> gatewayEnvironment() {
        return Map.of("TWILIO_SIP_USERNAME", USERNAME, "TWILIO_SIP_PASSWORD", PASSWORD);
    }

    @Test
    void proxyAuthenticationRequiredIsAnsweredWithTheTwilioCredentials(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-challenges-407.xml"), meta("meta-uac-hangs-up.xml"));

        // The scenario checked every field but the response itself: recompute it with the password.
        String logged = loggedProxyAuthorization(dir);
        Map<String, String> params = Digest.parameters(logged);
        assertThat(params).containsEntry("username", USERNAME).containsEntry("realm", "sip.twilio.com")
                .containsEntry("uri", "sip:+15550001111@" + Sipp.TWILIO_IP + ":" + twilioPort)
                .containsEntry("qop", "auth");
        assertThat(params.get("response")).as("digest response of %s", logged)
                .isEqualTo(Digest.expectedResponse(params, "INVITE", PASSWORD));
        assertThat(gateway.output()).as("the password never reaches the log").doesNotContain(PASSWORD);
    }

    @Test
    void unauthorizedIsAnsweredWithAnAuthorizationThatSippVerifies(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-challenges-401.xml"), meta("meta-uac-hangs-up.xml"));
        assertThat(Files.readString(dir.resolve("twilio-actions.log"), StandardCharsets.ISO_8859_1))
                .contains("verifyauth true");
    }

    @Test
    void aChallengedByeIsSentAgainWithCredentials(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-challenges-bye.xml"), meta("meta-uac-hangs-up.xml"));
        String logged = loggedProxyAuthorization(dir);
        Map<String, String> params = Digest.parameters(logged);
        assertThat(params).containsEntry("username", USERNAME).containsEntry("realm", "sip.twilio.com");
        assertThat(params.get("uri")).startsWith("sip:twilio@" + Sipp.TWILIO_IP + ":" + twilioPort + ";transport=");
        assertThat(params.get("response")).as("digest response of %s", logged)
                .isEqualTo(Digest.expectedResponse(params, "BYE", PASSWORD));
    }

    /** The Proxy-Authorization value the Twilio-side scenario wrote with a log action. */
    private static String loggedProxyAuthorization(Path dir) throws java.io.IOException {
        return Files.readAllLines(dir.resolve("twilio-actions.log"), StandardCharsets.ISO_8859_1).stream()
                .filter(line -> line.startsWith("Proxy-Authorization:"))
                .findFirst().orElseThrow(() -> new AssertionError("no Proxy-Authorization logged"))
                .substring("Proxy-Authorization:".length());
    }
}
