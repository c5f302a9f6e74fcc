package io.sipgw.pipeline;

import io.sipgw.testing.StreamSipClient;
import io.sipgw.transport.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.sipgw.testing.TestRequests.options;
import static io.sipgw.testing.TestRequests.via;
import static org.assertj.core.api.Assertions.assertThat;

/** The limits on open inbound connections, in total and per source address, on real sockets on loopback. */
class ConnectionLimiterTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final ConnectionRecorder listener = new ConnectionRecorder();
    private LoopbackGateway gateway;
    private PipelineSettings settings;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private LoopbackGateway start(PipelineSettings.Builder settings) throws Exception {
        this.settings = settings.listener(listener).build();
        gateway = TlsLoopbackGateways.start(this.settings);
        return gateway;
    }

    @Test
    void aConnectionBeyondTheSourceLimitIsClosedAtOnceAndCounted() throws Exception {
        int port = start(PipelineSettings.builder().maxConnectionsPerSource(2)).tcpPort();
        try (StreamSipClient first = StreamSipClient.tcp(LOOPBACK, port);
             StreamSipClient second = StreamSipClient.tcp(LOOPBACK, port);
             PeerSocket third = PeerSocket.connect(port);
             PeerSocket otherSource = PeerSocket.connect(InetAddress.getByName("127.0.0.2"), port)) {
            assertThat(first.exchange(options(via("TCP", "127.0.0.1", "a1", ""), "a1"))).startsWith("SIP/2.0 200");
            assertThat(second.exchange(options(via("TCP", "127.0.0.1", "a2", ""), "a2"))).startsWith("SIP/2.0 200");

            assertThat(third.closedWithin(2_000)).isTrue();
            assertThat(otherSource.isOpen()).isTrue();
            assertThat(listener.count("refused TCP source limit")).isEqualTo(1);
            assertThat(listener.count("opened TCP")).isEqualTo(3);
            assertThat(settings.connections().open()).isEqualTo(3);
        }
        assertThat(listener.await(events -> events.stream().filter("closed TCP"::equals).count() == 3)).isTrue();
        assertThat(settings.connections().open()).isZero();
    }

    @Test
    void aClosedConnectionMakesRoomForANewOneFromTheSameSource() throws Exception {
        int port = start(PipelineSettings.builder().maxConnectionsPerSource(1)).tcpPort();
        try (PeerSocket first = PeerSocket.connect(port)) {
            assertThat(first.isOpen()).isTrue();
        }
        assertThat(listener.await(events -> events.contains("closed TCP"))).isTrue();
        try (StreamSipClient again = StreamSipClient.tcp(LOOPBACK, port)) {
            assertThat(again.exchange(options(via("TCP", "127.0.0.1", "b1", ""), "b1"))).startsWith("SIP/2.0 200");
        }
        assertThat(listener.events()).doesNotContain("refused TCP source limit");
    }

    @Test
    void theTotalLimitCountsTcpAndTlsTogetherAndRefusesBeforeTheHandshake() throws Exception {
        start(PipelineSettings.builder().maxConnections(2));
        TestCertificates certificates = TestCertificates.shared();
        try (StreamSipClient tls = StreamSipClient.tls(LOOPBACK, gateway.tlsPort(),
                certificates.trustManagerFactory());
             PeerSocket tcp = PeerSocket.connect(InetAddress.getByName("127.0.0.2"), gateway.tcpPort());
             PeerSocket beyond = PeerSocket.connect(InetAddress.getByName("127.0.0.3"), gateway.tlsPort())) {
            assertThat(tcp.isOpen()).isTrue();
            // A ClientHello would be answered by a ServerHello; the refused connection ends without a byte.
            beyond.send("\u0016\u0003\u0001");
            assertThat(beyond.closedWithin(2_000)).isTrue();
            assertThat(tls.exchange(options(via("TLS", "127.0.0.1", "c1", ""), "c1"))).startsWith("SIP/2.0 200");
        }
        assertThat(listener.events()).contains("refused TLS total limit").doesNotContain("tls failure");
    }

    @Test
    void aRefusedSourceIsLoggedOncePerMinute() {
        AtomicLong now = new AtomicLong();
        ConnectionLimiter limiter = new ConnectionLimiter(1, 1, now::get);
        InetAddress source = InetAddress.getLoopbackAddress();

        assertThat(limiter.shouldLog(source)).isTrue();
        now.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertThat(limiter.shouldLog(source)).isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(limiter.shouldLog(source)).isTrue();
        assertThat(limiter.shouldLog(source)).isFalse();
    }

    @Test
    void countsAreKeptPerSourceAndInTotal() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(3, 2, System::nanoTime);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");

        assertThat(limiter.tryOpen(a)).isNull();
        assertThat(limiter.tryOpen(a)).isNull();
        assertThat(limiter.tryOpen(a)).isEqualTo(ConnectionLimiter.SOURCE_LIMIT);
        assertThat(limiter.tryOpen(b)).isNull();
        assertThat(limiter.tryOpen(b)).isEqualTo(ConnectionLimiter.TOTAL_LIMIT);
        assertThat(limiter.open()).isEqualTo(3);
        limiter.closed(a);
        assertThat(limiter.tryOpen(b)).isNull();
        assertThat(limiter.open()).isEqualTo(3);
    }
}
