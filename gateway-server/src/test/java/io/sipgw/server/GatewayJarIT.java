package io.sipgw.server;

import static io.sipgw.testing.TestRequests.options;
import static io.sipgw.testing.TestRequests.via;
import static org.assertj.core.api.Assertions.assertThat;

import io.sipgw.testing.FreePorts;
import io.sipgw.testing.SipTestMessages;
import io.sipgw.testing.UdpSipClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as an operator runs it: {@code java -jar gateway-server.jar} with a minimal environment
 * starts, reports ready, answers OPTIONS over UDP and exits 0 on SIGTERM; a broken environment stops it at once.
 */
class GatewayJarIT {

    @TempDir
    Path workDir;

    @Test
    void startsAnswersOptionsOverUdpAndExitsZeroOnSigterm() throws Exception {
        int sipPort = FreePorts.tcpAndUdp();
        int adminPort = FreePorts.tcp();
        try (GatewayProcess gateway = new GatewayProcess(workDir, Map.of(
                "PUBLIC_HOST", "gw.example.com",
                "TWILIO_SIP_DOMAIN", "acme.sip.twilio.com",
                "PORT", Integer.toString(sipPort),
                "ADMIN_PORT", Integer.toString(adminPort),
                "BIND_ADDRESS", "127.0.0.1",
                "IO_THREADS", "1",
                "UDP_BUFFER_BYTES", "262144"))) {
            gateway.awaitReadyz(adminPort, 200);

            try (UdpSipClient client = new UdpSipClient()) {
                String answer = client.exchange(
                        options(via("UDP", "127.0.0.1:" + client.port(), "it1", ";rport"), "it1"), sipPort);
                assertThat(answer).startsWith("SIP/2.0 200 OK\r\n")
                        .contains("\r\nAllow: INVITE, ACK, BYE, CANCEL, OPTIONS\r\n");
            }

            gateway.terminate();
            assertThat(gateway.awaitExit()).as(gateway.output()).isZero();
            assertThat(gateway.output())
                    .contains("SIP over UDP on 127.0.0.1:" + sipPort)
                    .contains("SIP over TCP on 127.0.0.1:" + sipPort)
                    .contains("draining")
                    .contains("stopped")
                    .doesNotContain("LEAK:");
        }
    }

    /**
     * Twilio's UDP port is closed: the kernel answers the INVITE with ICMP port unreachable, and Meta gets 503 at
     * the INVITE's first retransmission (T1 = 500 ms), not 408 after Timer B (32 s).
     */
    @Test
    void anUnreachableTwilioOverUdpIs503ForMetaNotATimeout() throws Exception {
        int sipPort = FreePorts.tcpAndUdp();
        int adminPort = FreePorts.tcp();
        int closedPort = FreePorts.tcpAndUdp();
        try (GatewayProcess gateway = new GatewayProcess(workDir, Map.of(
                "PUBLIC_HOST", "127.0.0.1:" + sipPort,
                "TWILIO_SIP_DOMAIN", "127.0.0.1:" + closedPort,
                "TWILIO_TRANSPORT", "udp",
                "META_ALLOWED_CIDRS", "127.0.0.0/8",
                "PORT", Integer.toString(sipPort),
                "ADMIN_PORT", Integer.toString(adminPort),
                "BIND_ADDRESS", "127.0.0.1",
                "UDP_BUFFER_BYTES", "262144"))) {
            gateway.awaitReadyz(adminPort, 200);

            try (UdpSipClient meta = new UdpSipClient()) {
                String invite = SipTestMessages.META_INVITE.replace(
                        "SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-wa-7f3a91c2;rport",
                        "SIP/2.0/UDP 127.0.0.1:" + meta.port() + ";branch=z9hG4bK-icmp;rport");
                long sent = System.nanoTime();
                meta.send(invite, sipPort);
                String answer = meta.receive(5_000);
                while (answer != null && answer.startsWith("SIP/2.0 1")) {
                    answer = meta.receive(5_000);
                }
                long millis = (System.nanoTime() - sent) / 1_000_000;
                System.out.printf("503 to Meta %d ms after its INVITE%n", millis);
                assertThat(answer).as("the final response to the INVITE").startsWith("SIP/2.0 503 ");
            }

            gateway.terminate();
            assertThat(gateway.awaitExit()).as(gateway.output()).isZero();
            assertThat(gateway.output()).contains("ICMP port unreachable from UDP 127.0.0.1:" + closedPort)
                    .doesNotContain("LEAK:");
        }
    }

    @Test
    void aBrokenEnvironmentExitsNonZeroNamingTheProblem() throws Exception {
        try (GatewayProcess gateway = new GatewayProcess(workDir,
                Map.of("PORT", "not-a-port", "TWILIO_SIP_DOMAIN", "acme.sip.twilio.com"))) {
            assertThat(gateway.awaitExit()).isEqualTo(Main.EXIT_CONFIG);
            assertThat(gateway.output()).contains("PORT=\"not-a-port\"").contains("PUBLIC_HOST is missing");
        }
    }
}
