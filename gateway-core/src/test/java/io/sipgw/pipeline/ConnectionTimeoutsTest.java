package io.sipgw.pipeline;

import io.sipgw.testing.StreamSipClient;
import io.sipgw.transport.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;

import static io.sipgw.testing.TestRequests.options;
import static io.sipgw.testing.TestRequests.via;
import static org.assertj.core.api.Assertions.assertThat;

/** The TLS handshake timeout and the idle timeout of inbound connections, on real sockets on loopback. */
class ConnectionTimeoutsTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final ConnectionRecorder listener = new ConnectionRecorder();
    private LoopbackGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private LoopbackGateway start(PipelineSettings.Builder settings) throws Exception {
        gateway = TlsLoopbackGateways.start(settings.listener(listener).build());
        return gateway;
    }

    @Test
    void aTlsConnectionThatNeverCompletesItsHandshakeIsClosed() throws Exception {
        int port = start(PipelineSettings.builder().tlsHandshakeTimeout(Duration.ofMillis(300))).tlsPort();
        try (PeerSocket silent = PeerSocket.connect(port)) {
            assertThat(silent.closedWithin(3_000)).isTrue();
        }
        assertThat(listener.await(events -> events.contains("tls failure SslHandshakeTimeoutException"))).isTrue();
    }

    @Test
    void aConnectionSilentInBothDirectionsIsClosed() throws Exception {
        int port = start(PipelineSettings.builder().connectionIdleTimeout(Duration.ofMillis(300))).tcpPort();
        try (StreamSipClient client = StreamSipClient.tcp(LOOPBACK, port)) {
            assertThat(client.exchange(options(via("TCP", "127.0.0.1", "i1", ""), "i1"))).startsWith("SIP/2.0 200");

            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(listener.events()).contains("timed out TCP idle");
    }

    @Test
    void anIdleTlsConnectionIsClosedToo() throws Exception {
        start(PipelineSettings.builder().connectionIdleTimeout(Duration.ofMillis(300)));
        try (StreamSipClient client = StreamSipClient.tls(LOOPBACK, gateway.tlsPort(),
                TestCertificates.shared().trustManagerFactory())) {
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(listener.await(events -> events.contains("timed out TLS idle"))).isTrue();
    }

    @Test
    void crlfKeepAlivesKeepAConnectionOpen() throws Exception {
        int port = start(PipelineSettings.builder().connectionIdleTimeout(Duration.ofMillis(500))).tcpPort();
        try (PeerSocket peer = PeerSocket.connect(port)) {
            for (int i = 0; i < 8; i++) {
                peer.send("\r\n\r\n");
                Thread.sleep(200);
            }
            assertThat(peer.isOpen()).isTrue();
            assertThat(peer.closedWithin(3_000)).isTrue();
        }
        assertThat(listener.events()).containsOnlyOnce("timed out TCP idle");
    }
}
