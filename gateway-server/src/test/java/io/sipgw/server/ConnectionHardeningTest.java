package io.sipgw.server;

import static io.sipgw.testing.TestRequests.options;
import static io.sipgw.testing.TestRequests.via;
import static org.assertj.core.api.Assertions.assertThat;

import io.sipgw.server.config.ConfigLoader;
import io.sipgw.testing.FreePorts;
import io.sipgw.testing.StreamSipClient;
import io.sipgw.transport.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection bounds read from configuration reach the listeners, and their metrics are published. */
class ConnectionHardeningTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final GatewayMetrics metrics = new GatewayMetrics();
    private SipListeners listeners;

    @AfterEach
    void stop() {
        if (listeners != null) {
            listeners.stop();
        }
        metrics.close();
    }

    private int start(Map<String, String> overrides) throws IOException {
        int port = FreePorts.tcpAndUdp();
        Map<String, String> env = new HashMap<>(Map.of(
                "PUBLIC_HOST", "gw.example.com",
                "TWILIO_SIP_DOMAIN", "acme.sip.twilio.com",
                "BIND_ADDRESS", "127.0.0.1",
                "ADMIN_PORT", "0",
                "IO_THREADS", "1",
                "UDP_BUFFER_BYTES", "262144",
                "PORT", Integer.toString(port)));
        env.putAll(overrides);
        listeners = new SipListeners(ConfigLoader.fromMap(env).load(), new MetricsTrafficListener(metrics));
        listeners.start();
        return port;
    }

    @Test
    void aSourceBeyondItsLimitIsRefusedAndCounted() throws Exception {
        int port = start(Map.of("MAX_CONNECTIONS_PER_SOURCE", "1"));
        try (StreamSipClient first = StreamSipClient.tcp(LOOPBACK, port);
             StreamSipClient second = StreamSipClient.tcp(LOOPBACK, port)) {
            assertThat(first.exchange(options(via("TCP", "127.0.0.1", "h1", ""), "h1"))).startsWith("SIP/2.0 200");

            assertThat(second.closedByPeer()).isTrue();
            assertThat(metrics.scrape())
                    .contains("sipgw_connections_refused_total{reason=\"source_limit\",transport=\"tcp\"} 1.0")
                    .contains("sipgw_connections_open{transport=\"tcp\"} 1.0");
        }
        assertThat(eventually(() -> metrics.scrape().contains("sipgw_connections_open{transport=\"tcp\"} 0.0")))
                .isTrue();
    }

    @Test
    void aSlowSenderIsCutOffAndCounted() throws Exception {
        int port = start(Map.of("MESSAGE_READ_TIMEOUT", "300ms"));
        try (StreamSipClient slow = StreamSipClient.tcp(LOOPBACK, port)) {
            slow.send("OPTIONS sip:gw");

            assertThat(slow.closedByPeer()).isTrue();
        }
        assertThat(metrics.scrape())
                .contains("sipgw_connections_timeouts_total{reason=\"slow_sender\",transport=\"tcp\"} 1.0");
    }

    @Test
    void anIdleConnectionIsClosedAndCounted() throws Exception {
        int port = start(Map.of("CONNECTION_IDLE_TIMEOUT", "300ms"));
        try (StreamSipClient idle = StreamSipClient.tcp(LOOPBACK, port)) {
            assertThat(idle.closedByPeer()).isTrue();
        }
        assertThat(metrics.scrape())
                .contains("sipgw_connections_timeouts_total{reason=\"idle\",transport=\"tcp\"} 1.0");
    }

    @Test
    void aStalledTlsHandshakeIsCutOffAndCounted() throws Exception {
        TestCertificates certificates = TestCertificates.shared();
        int port = start(Map.of("USE_TLS", "true", "TLS_HANDSHAKE_TIMEOUT", "300ms",
                "TLS_CERT_PATH", certificates.certificateChain().toString(),
                "TLS_KEY_PATH", certificates.pkcs1Key().toString()));
        // A plain TCP connection to the TLS port that never sends a ClientHello.
        try (StreamSipClient stalled = StreamSipClient.tcp(LOOPBACK, port)) {
            assertThat(stalled.closedByPeer()).isTrue();
        }
        assertThat(eventually(() -> metrics.scrape().contains(
                "sipgw_tls_handshake_failures_total{reason=\"sslhandshaketimeoutexception\",side=\"server\"} 1.0")))
                .isTrue();
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
