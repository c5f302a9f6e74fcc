package io.sipgw.pipeline;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.sipgw.testing.StreamSipClient;
import io.sipgw.transport.TestCertificates;
import io.sipgw.transport.TlsContexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static io.sipgw.testing.TestRequests.options;
import static io.sipgw.testing.TestRequests.request;
import static io.sipgw.testing.TestRequests.via;
import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline on real TCP and TLS connections on 127.0.0.1: answers on the same connection, framing errors. */
class StreamPipelineTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final RecordingListener listener = new RecordingListener();
    private LoopbackGateway gateway;

    private LoopbackGateway start(SslProvider provider) throws Exception {
        TestCertificates certificates = TestCertificates.shared();
        SslContext tls = TlsContexts.forServer(certificates.certificateChain(), certificates.pkcs8Key(), provider);
        gateway = new LoopbackGateway(PipelineSettings.builder().listener(listener).build(), tls);
        return gateway;
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void optionsOverTcpIsAnsweredOnTheSameConnection() throws Exception {
        int port = start(TlsContexts.defaultProvider()).tcpPort();
        try (StreamSipClient client = StreamSipClient.tcp(LOOPBACK, port)) {
            // Sent-by names a port nobody listens on: over TCP the answer still takes the connection.
            String via = via("TCP", "client.invalid:5999", "t1", ";rport");

            String first = client.exchange(options(via, "t1"));
            String second = client.exchange(options(via("TCP", "client.invalid:5999", "t2", ""), "t2"));

            assertThat(first).startsWith("SIP/2.0 200 OK\r\n")
                    .contains("\r\nAllow: INVITE, ACK, BYE, CANCEL, OPTIONS\r\n")
                    .contains("\r\nAccept: application/sdp\r\n")
                    .contains("\r\nVia: " + via + "=" + client.port() + ";received=127.0.0.1\r\n");
            assertThat(second).startsWith("SIP/2.0 200 OK\r\n").contains("\r\nCall-ID: t2\r\n");
        }
        assertThat(listener.events()).containsExactly("in TCP OPTIONS", "out TCP 200", "in TCP OPTIONS",
                "out TCP 200");
    }

    @Test
    void aBadContentLengthOverTcpGets400AndTheConnectionIsClosed() throws Exception {
        int port = start(TlsContexts.defaultProvider()).tcpPort();
        try (StreamSipClient client = StreamSipClient.tcp(LOOPBACK, port)) {
            String bad = options(via("TCP", "127.0.0.1", "b1", ""), "b1")
                    .replace("Content-Length: 0", "Content-Length: ten");

            String answer = client.exchange(bad);

            assertThat(answer).startsWith("SIP/2.0 400 Bad Content-Length\r\n");
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(listener.events()).containsExactly("bad TCP Bad Content-Length answered", "out TCP 400");
    }

    @Test
    void inviteOverTcpIsAnswered503AndAnAckGetsNothing() throws Exception {
        int port = start(TlsContexts.defaultProvider()).tcpPort();
        try (StreamSipClient client = StreamSipClient.tcp(LOOPBACK, port)) {
            String via = via("TCP", "127.0.0.1", "i1", "");

            String answer = client.exchange(request("INVITE", via, "i1", null));
            client.send(request("ACK", via, "i1", "x"));
            String next = client.exchange(options(via("TCP", "127.0.0.1", "i2", ""), "i2"));

            assertThat(answer).startsWith("SIP/2.0 503 Service Unavailable\r\n").contains("\r\nRetry-After: 30\r\n");
            assertThat(next).contains("\r\nCall-ID: i2\r\n");
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void optionsOverTlsIsAnsweredWithAndWithoutAlpn(SslProvider provider) throws Exception {
        int port = start(provider).tlsPort();
        var trust = TestCertificates.shared().trustManagerFactory();
        try (StreamSipClient plain = StreamSipClient.tls(LOOPBACK, port, trust);
             StreamSipClient alpn = StreamSipClient.tls(LOOPBACK, port, trust, "sip")) {

            String viaPlain = via("TLS", "127.0.0.1:" + plain.port(), "s1", "");
            String answer = plain.exchange(options(viaPlain, "s1"));
            String alpnAnswer = alpn.exchange(options(via("TLS", "[::1]", "s2", ";rport"), "s2"));

            assertThat(answer).startsWith("SIP/2.0 200 OK\r\n").contains("\r\nVia: " + viaPlain + "\r\n")
                    .contains("\r\nAllow: INVITE, ACK, BYE, CANCEL, OPTIONS\r\n");
            assertThat(alpnAnswer).startsWith("SIP/2.0 200 OK\r\n")
                    .contains(";rport=" + alpn.port() + ";received=127.0.0.1\r\n");
            // The server selects no protocol, so a client offering "sip" still connects (and hears none back).
            assertThat(alpn.applicationProtocol()).isEmpty();
        }
    }

    @Test
    void aFailedTlsHandshakeIsReportedAndClosed() throws Exception {
        int port = start(TlsContexts.defaultProvider()).tlsPort();
        try (Socket socket = new Socket(LOOPBACK, port)) {
            socket.setSoTimeout(5_000);
            // Plain SIP on the TLS port is no TLS record.
            socket.getOutputStream().write(options(via("TCP", "127.0.0.1", "f1", ""), "f1")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(readToEnd(socket.getInputStream())).doesNotContain("SIP/2.0");
        }
        // Reported before the SslHandler closes the connection, so it is there by now.
        assertThat(listener.events()).containsExactly("tls failure NotSslRecordException");
    }

    @Test
    void aConnectionClosedBeforeTheHandshakeIsNoFailure() throws Exception {
        int port = start(TlsContexts.defaultProvider()).tlsPort();
        new Socket(LOOPBACK, port).close();
        // The next client's handshake succeeds and runs on the same event loop, after the first one's close.
        try (StreamSipClient client = StreamSipClient.tls(LOOPBACK, port,
                TestCertificates.shared().trustManagerFactory())) {
            client.exchange(options(via("TLS", "127.0.0.1", "c1", ""), "c1"));
        }
        assertThat(listener.events()).containsExactly("in TLS OPTIONS", "out TLS 200");
    }

    private static String readToEnd(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return ""; // reset by the server
        }
    }
}
