package io.sipgw.server;

import static io.sipgw.testing.TestRequests.options;
import static io.sipgw.testing.TestRequests.request;
import static io.sipgw.testing.TestRequests.via;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.sipgw.server.config.ConfigLoader;
import io.sipgw.testing.FreePorts;
import io.sipgw.testing.StreamSipClient;
import io.sipgw.testing.SipTestMessages;
import io.sipgw.testing.UdpSipClient;
import io.sipgw.transport.TestCertificates;
import io.sipgw.transport.TransportKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listeners bound from configuration on loopback, with the metrics adapter behind them. */
class SipListenersTest {

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

    private SipListeners start(Map<String, String> overrides) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of(
                "PUBLIC_HOST", "gw.example.com",
                "TWILIO_SIP_DOMAIN", "acme.sip.twilio.com",
                "BIND_ADDRESS", "127.0.0.1",
                "ADMIN_PORT", "0",
                "IO_THREADS", "2",
                "UDP_BUFFER_BYTES", "262144"));
        env.putAll(overrides);
        listeners = new SipListeners(ConfigLoader.fromMap(env).load(), new MetricsTrafficListener(metrics));
        listeners.start();
        return listeners;
    }

    private static Map<String, String> tls(int port) {
        TestCertificates certificates = TestCertificates.shared();
        return Map.of("PORT", Integer.toString(port), "USE_TLS", "true",
                "TLS_CERT_PATH", certificates.certificateChain().toString(),
                "TLS_KEY_PATH", certificates.pkcs1Key().toString());
    }

    private static String udpOptions(UdpSipClient client, int port, String callId) {
        return client.exchange(options(via("UDP", "127.0.0.1:" + client.port(), callId, ";rport"), callId), port);
    }

    @Test
    void udpAndTcpListenOnPortAndAnswerOptions() throws Exception {
        int port = FreePorts.tcpAndUdp();
        start(Map.of("PORT", Integer.toString(port)));

        try (UdpSipClient udp = new UdpSipClient(); StreamSipClient tcp = StreamSipClient.tcp(LOOPBACK, port)) {
            assertThat(udpOptions(udp, port, "u1")).startsWith("SIP/2.0 200 OK\r\n");
            assertThat(tcp.exchange(options(via("TCP", "127.0.0.1", "t1", ""), "t1"))).startsWith("SIP/2.0 200 OK\r\n");
        }
        assertThat(listeners.boundAddresses()).containsOnlyKeys(TransportKind.UDP, TransportKind.TCP)
                .containsEntry(TransportKind.UDP, new InetSocketAddress(LOOPBACK, port))
                .containsEntry(TransportKind.TCP, new InetSocketAddress(LOOPBACK, port));
    }

    @Test
    void everyEventLoopGetsAUdpSocketOnTheSamePort() throws Exception {
        int port = FreePorts.tcpAndUdp();
        start(Map.of("PORT", Integer.toString(port)));

        // Many source ports, so the kernel's SO_REUSEPORT hash spreads them over both sockets: all are answered.
        for (int i = 0; i < 8; i++) {
            try (UdpSipClient udp = new UdpSipClient()) {
                assertThat(udpOptions(udp, port, "spread" + i)).startsWith("SIP/2.0 200 OK\r\n");
            }
        }
        if (Epoll.isAvailable() && Files.isReadable(Path.of("/proc/net/udp6"))) {
            // Linux lists the sockets by local address (epoll's are IPv6 sockets, the address IPv4-mapped).
            String localPort = String.format(":%04X ", port);
            long sockets = 0;
            for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
                sockets += Files.readAllLines(Path.of(table)).stream().filter(l -> l.contains(localPort)).count();
            }
            assertThat(sockets).isEqualTo(2);
        }
    }

    @Test
    void tlsTakesPortWhenTlsPortIsNotSetAndPlainTcpIsOff() throws Exception {
        int port = FreePorts.tcpAndUdp();
        start(tls(port));

        try (StreamSipClient client = StreamSipClient.tls(LOOPBACK, port,
                TestCertificates.shared().trustManagerFactory());
             UdpSipClient udp = new UdpSipClient()) {
            assertThat(client.exchange(options(via("TLS", "127.0.0.1", "s1", ""), "s1")))
                    .startsWith("SIP/2.0 200 OK\r\n");
            assertThat(udpOptions(udp, port, "u2")).startsWith("SIP/2.0 200 OK\r\n");
        }
        // Plain SIP on that port meets the TLS server, which takes it for a bad handshake.
        assertThat(plainTextAnswer(port)).doesNotContain("SIP/2.0");
        assertThat(listeners.boundAddresses()).containsOnlyKeys(TransportKind.UDP, TransportKind.TLS)
                .containsEntry(TransportKind.TLS, new InetSocketAddress(LOOPBACK, port));
        assertThat(metrics.scrape())
                .contains("sipgw_tls_handshake_failures_total{reason=\"notsslrecordexception\",side=\"server\"} 1.0");
    }

    @Test
    void tlsPortGivesTlsItsOwnPortAndLeavesTcpOnPort() throws Exception {
        int port = FreePorts.tcpAndUdp();
        int tlsPort = FreePorts.tcp();
        Map<String, String> env = new HashMap<>(tls(port));
        env.put("TLS_PORT", Integer.toString(tlsPort));
        start(env);

        try (StreamSipClient secure = StreamSipClient.tls(LOOPBACK, tlsPort,
                TestCertificates.shared().trustManagerFactory());
             StreamSipClient plain = StreamSipClient.tcp(LOOPBACK, port)) {
            assertThat(secure.exchange(options(via("TLS", "127.0.0.1", "s2", ""), "s2")))
                    .startsWith("SIP/2.0 200 OK\r\n");
            assertThat(plain.exchange(options(via("TCP", "127.0.0.1", "t2", ""), "t2")))
                    .startsWith("SIP/2.0 200 OK\r\n");
        }
        assertThat(listeners.boundAddresses()).containsOnlyKeys(TransportKind.values())
                .containsEntry(TransportKind.TLS, new InetSocketAddress(LOOPBACK, tlsPort));
    }

    @Test
    void ipv6LoopbackIsServedAndReceivedIsLeftOutForTheSameAddress() throws Exception {
        InetAddress ipv6 = InetAddress.getByName("::1");
        assumeTrue(canBind(ipv6), "no IPv6 loopback on this host");
        int port = FreePorts.tcpAndUdp();
        start(Map.of("PORT", Integer.toString(port), "BIND_ADDRESS", "::1"));

        try (UdpSipClient udp = new UdpSipClient(ipv6)) {
            String via = via("UDP", "[::1]:" + udp.port(), "v6", "");
            String answer = udp.exchange(options(via, "v6"), port);

            assertThat(answer).startsWith("SIP/2.0 200 OK\r\n").contains("\r\nVia: " + via + "\r\n");
        }
        assertThat(listeners.boundAddresses().get(TransportKind.UDP).getAddress()).isInstanceOf(Inet6Address.class);
    }

    @Test
    void trafficIsCountedInTheMetrics() throws Exception {
        int port = FreePorts.tcpAndUdp();
        start(Map.of("PORT", Integer.toString(port)));

        try (UdpSipClient udp = new UdpSipClient()) {
            udpOptions(udp, port, "m1");
            udp.exchange(request("INVITE", via("UDP", "127.0.0.1:" + udp.port(), "m2", ""), "m2", null), port);
            udp.exchange(options(via("UDP", "127.0.0.1:" + udp.port(), "m3", ""), "m3").replace("Call-ID: m3\r\n", ""),
                    port);
        }

        assertThat(metrics.scrape())
                .contains("sipgw_sip_messages_received_total{message=\"OPTIONS\",transport=\"udp\"} 1.0")
                .contains("sipgw_sip_messages_received_total{message=\"INVITE\",transport=\"udp\"} 1.0")
                .contains("sipgw_sip_messages_sent_total{message=\"2xx\",transport=\"udp\"} 1.0")
                // The INVITE comes from outside META_ALLOWED_CIDRS (403), the request without Call-ID is a 400.
                .contains("sipgw_sip_messages_sent_total{message=\"4xx\",transport=\"udp\"} 2.0")
                .contains("sipgw_sip_parse_failures_total{reason=\"missing_call_id\",transport=\"udp\"} 1.0");
    }

    @Test
    void anInviteFromMetasNetworksIsBridgedToTheTwilioDomain() throws Exception {
        int port = FreePorts.tcpAndUdp();
        try (UdpSipClient twilio = new UdpSipClient(InetAddress.getByName("127.0.0.3"));
             UdpSipClient meta = new UdpSipClient()) {
            start(Map.of("PORT", Integer.toString(port), "META_ALLOWED_CIDRS", "127.0.0.1/32",
                    "TWILIO_SIP_DOMAIN", "127.0.0.3:" + twilio.port(), "TWILIO_DESTINATION", "support",
                    "TWILIO_TRANSPORT", "udp"));
            String invite = SipTestMessages.META_INVITE.replace(
                    "SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-wa-7f3a91c2;rport",
                    "SIP/2.0/UDP 127.0.0.1:" + meta.port() + ";branch=z9hG4bK-bridged;rport");

            assertThat(meta.exchange(invite, port)).startsWith("SIP/2.0 100 Trying\r\n");
            String forwarded = twilio.receive();
            assertThat(forwarded).startsWith("INVITE sip:support@127.0.0.3:" + twilio.port() + " SIP/2.0\r\n")
                    .contains("\r\nx-wa-meta-wacid: ").doesNotContain("outgoing:wacid", "opus");
            assertThat(listeners.activeCalls()).isEqualTo(1);
        }
    }

    @Test
    void drainingAnswersNewInvites503WithRetryAfterAndCompletesAtOnce() throws Exception {
        int port = FreePorts.tcpAndUdp();
        start(Map.of("PORT", Integer.toString(port)));

        assertThat(listeners.drain().toCompletableFuture().get(1, TimeUnit.SECONDS)).isNull();

        try (UdpSipClient udp = new UdpSipClient()) {
            String answer = udp.exchange(request("INVITE", via("UDP", "127.0.0.1:" + udp.port(), "d1", ""), "d1",
                    null), port);
            assertThat(answer).startsWith("SIP/2.0 503 Service Unavailable\r\n").contains("\r\nRetry-After: 30\r\n");
            assertThat(udpOptions(udp, port, "d2")).startsWith("SIP/2.0 200 OK\r\n");
        }
        assertThat(listeners.activeCalls()).isZero();
    }

    @Test
    void aTakenPortFailsTheStartNamingTheListenerAndLeavesNothingBound() throws Exception {
        int port = FreePorts.tcpAndUdp();
        try (ServerSocket taken = new ServerSocket(port, 1, LOOPBACK)) {
            assertThatThrownBy(() -> start(Map.of("PORT", Integer.toString(port))))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("SIP over TCP cannot listen on 127.0.0.1:" + port + ": ");
        }
        assertThat(listeners.boundAddresses()).isEmpty();
        // The UDP sockets bound before the failure were closed again.
        try (DatagramSocket free = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
            assertThat(free.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aKeyThatIsNotPemFailsTheStart(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("key.pem"), "not a key");
        Map<String, String> env = new HashMap<>(tls(FreePorts.tcpAndUdp()));
        env.put("TLS_KEY_PATH", notPem.toString());

        assertThatThrownBy(() -> start(env)).isInstanceOf(IOException.class).hasMessageContaining(notPem.toString());
        assertThat(listeners.boundAddresses()).isEmpty();
    }

    private static boolean canBind(InetAddress address) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String plainTextAnswer(int port) throws IOException {
        try (Socket socket = new Socket(LOOPBACK, port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(options(via("TCP", "127.0.0.1", "p1", ""), "p1")
                    .getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException reset) {
            return "";
        }
    }
}
