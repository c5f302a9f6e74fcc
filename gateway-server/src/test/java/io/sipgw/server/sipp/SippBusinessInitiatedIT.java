package io.sipgw.server.sipp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Business-initiated calls (Twilio → gateway → WhatsApp user): the Twilio side is a SIPp caller over UDP from
 * 127.0.0.3; the gateway calls {@code sip:+<user>@wa.meta.vc;transport=tls} over TLS to META_SIP_PROXY, where
 * stunnel4 presents a test certificate for wa.meta.vc (CA in TLS_CA_PATH) in front of the Meta-side SIPp on TCP,
 * which challenges with 407 like Meta (SHA-256 then MD5).
 */
class SippBusinessInitiatedIT extends SippTestBase {

    static final String USERNAME = "15550001111";
    static final String PASSWORD = "wa-bus1ness-Pw";

    private MetaTlsEdge edge;
    private Path edgeDir;

    @Override
    protected Map<String, String> gatewayEnvironment() {
        if (MetaTlsEdge.stunnelExecutable().isEmpty()) {
            Sipp.unavailable("stunnel4 is not installed (Debian/Ubuntu: apt-get install -y stunnel4); the "
                    + "business-initiated SIPp tests need it for Meta's TLS");
        }
        try {
            edgeDir = Files.createTempDirectory("sipgw-meta-edge");
            edge = MetaTlsEdge.start(edgeDir, Sipp.META_IP, MetaTlsEdge.META_HOST);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Meta's TLS edge", e);
        }
        return Map.of(
                "META_SIP_PROXY", edge.proxy(Sipp.META_IP),
                "TLS_CA_PATH", edge.caCertificate.toString(),
                "META_SIP_USERNAME", USERNAME,
                "META_SIP_PASSWORD", PASSWORD,
                "META_BUSINESS_NUMBER", "+" + USERNAME);
    }

    @AfterAll
    void stopEdge() throws Exception {
        if (edge != null) {
            edge.close();
        }
        Sipp.deleteRecursively(edgeDir);
    }

    private Sipp.Builder metaCallee(String scenario) {
        return Sipp.scenario(scenario).name("meta").local(Sipp.META_IP, edge.sippPort).tcp();
    }

    private Sipp.Builder twilioCaller(String scenario) {
        return Sipp.scenario(scenario).name("twilio").local(Sipp.TWILIO_IP, Sipp.freePort(Sipp.TWILIO_IP))
                .remote(gateway.sipAddress());
    }

    @Test
    void twilioCallsAWhatsAppUserOverTlsAndAnswersMetasSha256Challenge(@TempDir Path dir) throws Exception {
        runWithStunnelLog(dir, metaCallee("meta-uas-challenges-407.xml"), twilioCaller("twilio-uac-calls-whatsapp.xml"));

        // The scenario checked the fields; recompute the SHA-256 response with the password.
        String logged = Files.readAllLines(dir.resolve("meta-actions.log"), StandardCharsets.ISO_8859_1).stream()
                .filter(line -> line.startsWith("Proxy-Authorization:"))
                .findFirst().orElseThrow(() -> new AssertionError("no Proxy-Authorization logged"))
                .substring("Proxy-Authorization:".length());
        Map<String, String> params = Digest.parameters(logged);
        assertThat(params).containsEntry("username", USERNAME).containsEntry("realm", "wa.meta.vc")
                .containsEntry("uri", "sip:+15557654321@wa.meta.vc;transport=tls")
                .containsEntry("algorithm", "SHA-256").containsEntry("qop", "auth")
                .containsEntry("opaque", "wa-opaque-1");
        assertThat(params.get("response")).as("digest response of %s", logged)
                .isEqualTo(Digest.expectedResponse(params, "INVITE", PASSWORD));
        assertThat(gateway.output()).as("the password never reaches the log").doesNotContain(PASSWORD);
    }

    @Test
    void theWhatsAppUserHangsUpAndTwilioGetsTheBye(@TempDir Path dir) throws Exception {
        runWithStunnelLog(dir, metaCallee("meta-uas-answers-hangs-up.xml"),
                twilioCaller("twilio-uac-calls-whatsapp-callee-hangs-up.xml"));
    }

    @Test
    void twilioCancelsWhileTheWhatsAppUserRings(@TempDir Path dir) throws Exception {
        runWithStunnelLog(dir, metaCallee("meta-uas-rings-cancelled.xml"), twilioCaller("twilio-uac-cancels-whatsapp.xml"));
    }

    @Test
    void theAckAndByeToMetaFollowMetasRecordRoutesReversed(@TempDir Path dir) throws Exception {
        runWithStunnelLog(dir, metaCallee("meta-uas-record-routes.xml"), twilioCaller("twilio-uac-calls-whatsapp.xml"));
    }

    @Test
    void theWhatsAppUserDeclinesAndTwilioGets486(@TempDir Path dir) throws Exception {
        runWithStunnelLog(dir, metaCallee("meta-uas-declines.xml"), twilioCaller("twilio-uac-declined.xml"));
    }

    @Test
    void aReInviteFromTwilioIsAnsweredByTheGatewayAndNeverReachesMeta(@TempDir Path dir) throws Exception {
        runWithStunnelLog(dir, metaCallee("meta-uas-answers-expects-bye.xml"),
                twilioCaller("twilio-uac-calls-whatsapp-reinvites.xml"));
    }

    private void runWithStunnelLog(Path dir, Sipp.Builder listener, Sipp.Builder caller) throws Exception {
        try {
            run(dir, listener, caller);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n---- stunnel log:\n" + Sipp.tail(edge.output(), 8000), e);
        }
    }
}
