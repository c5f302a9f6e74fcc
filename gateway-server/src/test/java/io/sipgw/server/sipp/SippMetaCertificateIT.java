package io.sipgw.server.sipp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meta's certificate is checked for wa.meta.vc even though META_SIP_PROXY sends the connection elsewhere: a TLS
 * edge whose certificate (from a CA the gateway trusts) names another host must fail the handshake, and Twilio
 * gets 503. Together with SippBusinessInitiatedIT, whose edge shows the wa.meta.vc certificate only to a client
 * that sends SNI wa.meta.vc, this shows both the name check and the SNI.
 */
class SippMetaCertificateIT extends SippTestBase {

    private MetaTlsEdge edge;
    private Path edgeDir;

    @Override
    protected Map<String, String> gatewayEnvironment() {
        if (MetaTlsEdge.stunnelExecutable().isEmpty()) {
            Sipp.unavailable("stunnel4 is not installed (Debian/Ubuntu: apt-get install -y stunnel4); the "
                    + "business-initiated SIPp tests need it for Meta's TLS");
        }
        try {
            edgeDir = Files.createTempDirectory("sipgw-meta-edge-wrong-name");
            // The SNI service answers wa.meta.vc with a certificate for another name.
            edge = MetaTlsEdge.start(edgeDir, Sipp.META_IP, "wa.meta.vc.example.net");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Meta's TLS edge", e);
        }
        return Map.of(
                "META_SIP_PROXY", edge.proxy(Sipp.META_IP),
                "TLS_CA_PATH", edge.caCertificate.toString(),
                "META_SIP_USERNAME", "15550001111",
                "META_SIP_PASSWORD", "wa-bus1ness-Pw",
                "META_BUSINESS_NUMBER", "+15550001111");
    }

    @AfterAll
    void stopEdge() throws Exception {
        if (edge != null) {
            edge.close();
        }
        Sipp.deleteRecursively(edgeDir);
    }

    @Test
    void aCertificateForAnotherNameIsRefusedAndTwilioGets503(@TempDir Path dir) throws Exception {
        run(dir, Sipp.scenario("twilio-uac-meta-unreachable.xml").name("twilio")
                .local(Sipp.TWILIO_IP, Sipp.freePort(Sipp.TWILIO_IP)).remote(gateway.sipAddress()));
        assertThat(gateway.output()).as("refused for the name, and nothing sent to Meta")
                .containsPattern("callee unreachable: .*certificate does not match wa\\.meta\\.vc")
                .doesNotContain("sent over TLS");
    }
}
