package io.sipgw.server.sipp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipgw.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meta's production transport: TLS to the gateway's TLS listener (USE_TLS=true, TLS_PORT, a test certificate
 * for gw.example.com). SIPp has no TLS, so Meta's SIPp speaks TCP to a stunnel4 client on 127.0.0.2 that
 * connects from 127.0.0.2 over TLS with SNI gw.example.com, verifying the certificate chain and name and
 * offering no ALPN, as Meta does; Twilio's side stays UDP.
 */
class SippMetaTlsIT extends SippTestBase {

    static final String GATEWAY_NAME = "gw.example.com";

    private MetaTlsEdge metaClient;
    private Path tlsDir;

    @Override
    protected Map<String, String> gatewayEnvironment() {
        if (MetaTlsEdge.stunnelExecutable().isEmpty()) {
            Sipp.unavailable("stunnel4 is not installed (Debian/Ubuntu: apt-get install -y stunnel4); the SIPp "
                    + "TLS tests need it");
        }
        try {
            Path dir = Files.createTempDirectory("sipgw-meta-tls");
            tlsDir = dir;
            Path ca = MetaTlsEdge.generateCertificates(dir, GATEWAY_NAME, "gw");
            int tlsPort = FreePorts.tcp();
            metaClient = MetaTlsEdge.client(dir, ca, Sipp.META_IP, GatewayProcess.HOST + ":" + tlsPort, GATEWAY_NAME);
            return Map.of(
                    "USE_TLS", "true",
                    "TLS_PORT", Integer.toString(tlsPort),
                    "TLS_CERT_PATH", dir.resolve("gw-chain.pem").toString(),
                    "TLS_KEY_PATH", dir.resolve("gw-key.pem").toString(),
                    // No port: the Contact for Meta then names TLS_PORT, the one for Twilio PORT.
                    "PUBLIC_HOST", GatewayProcess.HOST);
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare TLS for Meta", e);
        }
    }

    @AfterAll
    void stopMetaClient() throws Exception {
        if (metaClient != null) {
            metaClient.close();
        }
        Sipp.deleteRecursively(tlsDir);
    }

    /** Meta's SIPp over TCP to the stunnel client, which carries it over TLS to the gateway. */
    private Sipp.Builder metaOverTls(String scenario) {
        return meta(scenario).tcp().remote(Sipp.META_IP + ":" + metaClient.tlsPort);
    }

    private void runWithStunnelLog(Path dir, Sipp.Builder listener, Sipp.Builder caller) throws Exception {
        try {
            run(dir, listener, caller);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n---- stunnel log:\n" + Sipp.tail(metaClient.output(), 8000), e);
        }
    }

    @Test
    void answeredCallThatMetaHangsUp(@TempDir Path dir) throws Exception {
        runWithStunnelLog(dir, twilio("twilio-uas-answers.xml"), metaOverTls("meta-uac-hangs-up.xml"));
        // It really came over TLS, and the gateway's Contact for Meta names TLS.
        assertThat(gateway.output()).contains("received over TLS from " + Sipp.META_IP)
                .containsPattern("Contact: <sip:127\\.0\\.0\\.1:[0-9]+;transport=tls>");
    }

    @Test
    void answeredCallThatTwilioHangsUpReachesMetaOverItsTlsConnection(@TempDir Path dir) throws Exception {
        runWithStunnelLog(dir, twilio("twilio-uas-hangs-up.xml"), metaOverTls("meta-uac-callee-hangs-up.xml"));
    }
}
