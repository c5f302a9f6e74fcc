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

/** The message read timeout: a message must arrive whole within it once its first byte has, on real sockets. */
class SlowSenderGuardTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration TIMEOUT = Duration.ofMillis(1_500);

    private final ConnectionRecorder listener = new ConnectionRecorder();
    private LoopbackGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private LoopbackGateway start() throws Exception {
        gateway = TlsLoopbackGateways.start(
                PipelineSettings.builder().listener(listener).messageReadTimeout(TIMEOUT).build());
        return gateway;
    }

    @Test
    void aPeerSendingOneBytePerSecondIsCutOff() throws Exception {
        int port = start().tcpPort();
        String message = options(via("TCP", "127.0.0.1", "s1", ""), "s1");
        long started = System.nanoTime();
        int sent = 0;
        try (PeerSocket peer = PeerSocket.connect(port)) {
            boolean closed = false;
            while (!closed && sent < 8) {
                peer.send(message.substring(sent, sent + 1));
                sent++;
                closed = peer.closedWithin(1_000);
            }
            assertThat(closed).isTrue();
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(sent).isLessThan(5);
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(TIMEOUT.toMillis());
        assertThat(listener.await(events -> events.contains("closed TCP"))).isTrue();
        assertThat(listener.events()).containsExactly("opened TCP", "timed out TCP slow sender", "closed TCP");
    }

    @Test
    void aMessageInPiecesWithinTheTimeoutIsAnswered() throws Exception {
        int port = start().tcpPort();
        String message = options(via("TCP", "127.0.0.1", "s2", ""), "s2");
        try (StreamSipClient client = StreamSipClient.tcp(LOOPBACK, port)) {
            int third = message.length() / 3;
            client.send(message.substring(0, third));
            Thread.sleep(400);
            client.send(message.substring(third, 2 * third));
            Thread.sleep(400);
            client.send(message.substring(2 * third));

            assertThat(client.read()).startsWith("SIP/2.0 200");
        }
        assertThat(listener.events()).doesNotContain("timed out TCP slow sender");
    }

    @Test
    void keepAlivesAfterAMessageInTheSameSegmentStartNoClock() throws Exception {
        int port = start().tcpPort();
        try (StreamSipClient client = StreamSipClient.tcp(LOOPBACK, port)) {
            String first = options(via("TCP", "127.0.0.1", "s3", ""), "s3");
            String second = options(via("TCP", "127.0.0.1", "s4", ""), "s4");
            client.send("\r\n" + first + "\r\n" + second + "\r\n\r\n");
            assertThat(client.read()).contains("Call-ID: s3");
            assertThat(client.read()).contains("Call-ID: s4");

            Thread.sleep(TIMEOUT.toMillis() + 700);

            assertThat(client.exchange(options(via("TCP", "127.0.0.1", "s5", ""), "s5"))).contains("Call-ID: s5");
        }
        assertThat(listener.events()).doesNotContain("timed out TCP slow sender");
    }

    @Test
    void aMessageBegunInTheSegmentThatEndsAnotherIsTimed() throws Exception {
        int port = start().tcpPort();
        String first = options(via("TCP", "127.0.0.1", "s6", ""), "s6");
        String second = options(via("TCP", "127.0.0.1", "s7", ""), "s7");
        try (PeerSocket peer = PeerSocket.connect(port)) {
            peer.send(first + second.substring(0, 10));

            assertThat(peer.closedWithin(TIMEOUT.toMillis() + 2_000)).isTrue();
        }
        assertThat(listener.await(events -> events.contains("closed TCP"))).isTrue();
        assertThat(listener.events()).containsExactly("opened TCP", "in TCP OPTIONS", "timed out TCP slow sender",
                "closed TCP");
    }

    @Test
    void aSlowSenderOverTlsIsCutOffToo() throws Exception {
        start();
        try (StreamSipClient client = StreamSipClient.tls(LOOPBACK, gateway.tlsPort(),
                TestCertificates.shared().trustManagerFactory())) {
            client.send("OPTIONS sip:gw");

            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(listener.events()).contains("timed out TLS slow sender").doesNotContain("in TLS OPTIONS");
    }
}
