package io.sipgw.transport;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsContextsTest {

    private final TestCertificates certs = TestCertificates.shared();

    static List<SslProvider> providers() {
        List<SslProvider> providers = new ArrayList<>(List.of(SslProvider.JDK));
        if (OpenSsl.isAvailable()) {
            providers.add(SslProvider.OPENSSL);
        }
        return providers;
    }

    static Stream<Arguments> serverAndClientProviders() {
        return providers().stream().flatMap(server -> providers().stream().map(client -> Arguments.of(server, client)));
    }

    @Test
    void boringSslIsAvailableOnLinuxX86() {
        // netty-tcnative-boringssl-static ships this platform: if it stops loading, the OpenSSL half of the
        // matrix below would silently vanish.
        if (System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64")) {
            assertThat(OpenSsl.isAvailable()).as("OpenSSL unavailable: %s", OpenSsl.unavailabilityCause()).isTrue();
            assertThat(TlsContexts.defaultProvider()).isEqualTo(SslProvider.OPENSSL);
        }
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("serverAndClientProviders")
    void clientHandshakesWithSniAndWithoutAlpn(SslProvider server, SslProvider client) throws Exception {
        SslContext alpnServer = alpnServer(server);
        SslContext clientContext = TlsContexts.forClient(certs.trustManagerFactory(), client);
        try (TlsLoopback loopback = new TlsLoopback(alpnServer)) {
            TlsLoopback.Handshake handshake = loopback.connect(
                    ch -> TlsContexts.newClientHandler(clientContext, ch.alloc(), "localhost", loopback.port()));

            assertThat(handshake.failure()).isNull();
            assertThat(handshake.protocol()).isIn(TlsContexts.PROTOCOLS);
            TlsLoopback.ServerSide serverSide = loopback.nextServerSide();
            assertThat(serverSide.serverNames())
                    .containsExactly(new SNIHostName("localhost"));
            // The server would have chosen "sip" had the client offered it (see the next test): it offered nothing.
            assertThat(serverSide.applicationProtocol()).isNullOrEmpty();
        }
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("serverAndClientProviders")
    void clientOfferingAlpnConnectsToServerWithoutAlpn(SslProvider server, SslProvider client) throws Exception {
        SslContext alpnClient = alpn(SslContextBuilder.forClient().trustManager(certs.trustManagerFactory()),
                client).build();
        try (TlsLoopback loopback = new TlsLoopback(
                TlsContexts.forServer(certs.certificateChain(), certs.pkcs8Key(), server))) {
            TlsLoopback.Handshake handshake = loopback.connect(
                    ch -> alpnClient.newHandler(ch.alloc(), "localhost", loopback.port()));

            assertThat(handshake.failure()).isNull();
            assertThat(loopback.nextServerSide().applicationProtocol()).isNullOrEmpty();
        }
        try (TlsLoopback loopback = new TlsLoopback(alpnServer(server))) {
            // Control: the same client against a server that speaks ALPN does negotiate "sip".
            assertThat(loopback.connect(ch -> alpnClient.newHandler(ch.alloc(), "localhost", loopback.port()))
                    .failure()).isNull();
            assertThat(loopback.nextServerSide().applicationProtocol()).isEqualTo("sip");
        }
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("serverAndClientProviders")
    void clientRefusesCertificateForAnotherHost(SslProvider server, SslProvider client) throws Exception {
        SslContext clientContext = TlsContexts.forClient(certs.trustManagerFactory(), client);
        try (TlsLoopback loopback = new TlsLoopback(
                TlsContexts.forServer(certs.certificateChain(), certs.pkcs8Key(), server))) {
            TlsLoopback.Handshake handshake = loopback.connect(
                    ch -> TlsContexts.newClientHandler(clientContext, ch.alloc(), "sip.example.org", loopback.port()));

            assertThat(handshake.failure()).isInstanceOf(SSLHandshakeException.class);
            assertThat(causes(handshake.failure())).anyMatch(m -> m.contains("sip.example.org"));
        }
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("serverAndClientProviders")
    void clientVerifiesIpLiteralAgainstIpSubjectAltNameAndSendsNoSni(SslProvider server, SslProvider client)
            throws Exception {
        SslContext clientContext = TlsContexts.forClient(certs.trustManagerFactory(), client);
        try (TlsLoopback loopback = new TlsLoopback(
                TlsContexts.forServer(certs.certificateChain(), certs.pkcs8Key(), server))) {
            assertThat(loopback.connect(
                    ch -> TlsContexts.newClientHandler(clientContext, ch.alloc(), "127.0.0.1", loopback.port()))
                    .failure()).isNull();
            assertThat(loopback.nextServerSide().serverNames())
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void clientWithDefaultTrustStoreRefusesTestCa(SslProvider provider) throws Exception {
        SslContext clientContext = TlsContexts.forClient(provider);
        try (TlsLoopback loopback = new TlsLoopback(
                TlsContexts.forServer(certs.certificateChain(), certs.pkcs8Key(), provider))) {
            TlsLoopback.Handshake handshake = loopback.connect(
                    ch -> TlsContexts.newClientHandler(clientContext, ch.alloc(), "localhost", loopback.port()));

            assertThat(handshake.failure()).isInstanceOf(SSLHandshakeException.class);
        }
    }

    static Stream<Arguments> keyForms() {
        TestCertificates certs = TestCertificates.shared();
        return providers().stream().flatMap(provider -> Stream.of(
                Arguments.of(provider, "RSA PKCS#8", certs.certificateChain(), certs.pkcs8Key()),
                Arguments.of(provider, "RSA PKCS#1", certs.certificateChain(), certs.pkcs1Key()),
                Arguments.of(provider, "EC PKCS#8", certs.ecCertificateChain(), certs.ecPkcs8Key()),
                Arguments.of(provider, "EC SEC1", certs.ecCertificateChain(), certs.ecSec1Key())));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("keyForms")
    void serverLoadsKeyAndHandshakes(SslProvider provider, String form, Path chain, Path key) throws Exception {
        assertThat(Files.readString(key)).startsWith(switch (form) {
            case "RSA PKCS#1" -> "-----BEGIN RSA PRIVATE KEY-----";
            case "EC SEC1" -> "-----BEGIN EC PRIVATE KEY-----";
            default -> "-----BEGIN PRIVATE KEY-----";
        });
        SslContext clientContext = TlsContexts.forClient(certs.trustManagerFactory(), provider);
        try (TlsLoopback loopback = new TlsLoopback(TlsContexts.forServer(chain, key, provider))) {
            assertThat(loopback.connect(
                    ch -> TlsContexts.newClientHandler(clientContext, ch.alloc(), "localhost", loopback.port()))
                    .failure()).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void serverRefusesTls11(SslProvider provider) throws Exception {
        try (TlsLoopback loopback = new TlsLoopback(
                TlsContexts.forServer(certs.certificateChain(), certs.pkcs8Key(), provider));
             Socket socket = new Socket("127.0.0.1", loopback.port())) {
            socket.setSoTimeout(5_000);
            // The JDK client cannot be made to offer TLS 1.1 (disabled in java.security), so offer it by hand.
            socket.getOutputStream().write(tls11ClientHello());
            socket.getOutputStream().flush();
            byte[] reply = readUntilClosed(socket.getInputStream());

            // No ServerHello but a fatal protocol_version alert: record type 21, level 2, description 70 (RFC 8446
            // section 6.2, RFC 5246 section 7.2).
            assertThat(reply).hasSize(7);
            assertThat(reply[0]).as("record type").isEqualTo((byte) 21);
            assertThat(reply[5]).as("alert level").isEqualTo((byte) 2);
            assertThat(reply[6]).as("alert description").isEqualTo((byte) 70);
        }
    }

    @Test
    void missingCertificateFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope/cert.pem");
        assertThatThrownBy(() -> TlsContexts.forServer(missing, certs.pkcs8Key()))
                .isInstanceOf(SSLException.class)
                .hasMessage("TLS certificate chain file " + missing + " does not exist");
    }

    @Test
    void missingKeyFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("key.pem");
        assertThatThrownBy(() -> TlsContexts.forServer(certs.certificateChain(), missing))
                .isInstanceOf(SSLException.class)
                .hasMessage("TLS private key file " + missing + " does not exist");
    }

    @Test
    void filesThatAreNotPemAreNamed(@TempDir Path dir) throws IOException {
        Path garbage = Files.write(dir.resolve("garbage.pem"), new byte[] {0x30, (byte) 0x82, 0x01, 0x0a, 0x02});
        assertThatThrownBy(() -> TlsContexts.forServer(garbage, certs.pkcs8Key()))
                .isInstanceOf(SSLException.class)
                .hasMessageStartingWith("TLS certificate chain file " + garbage + " is not a PEM certificate file");
        assertThatThrownBy(() -> TlsContexts.forServer(certs.certificateChain(), garbage))
                .hasMessageStartingWith("TLS private key file " + garbage + " is not a PEM private key file");
        // A certificate where the key should be: PEM, but no key in it.
        assertThatThrownBy(() -> TlsContexts.forServer(certs.certificateChain(), certs.certificateChain()))
                .hasMessageStartingWith("TLS private key file " + certs.certificateChain()
                        + " is not a PEM private key file");
        assertThatThrownBy(() -> TlsContexts.forServer(dir, certs.pkcs8Key()))
                .hasMessage("TLS certificate chain file " + dir + " is a directory, not a PEM file");
    }

    @Test
    void brokenPemContentIsNamed(@TempDir Path dir) throws IOException {
        Path badBase64 = Files.writeString(dir.resolve("bad.pem"),
                "-----BEGIN CERTIFICATE-----\nnot*base64!\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> TlsContexts.forServer(badBase64, certs.pkcs8Key()))
                .hasMessageStartingWith("TLS certificate chain file " + badBase64
                        + " has a 'CERTIFICATE' block that is not valid base64");
        Path notAKey = Files.writeString(dir.resolve("key.pem"), PemFiles.toPem("RSA PRIVATE KEY", new byte[] {5, 0}));
        assertThatThrownBy(() -> TlsContexts.forServer(certs.certificateChain(), notAKey))
                .hasMessageStartingWith("TLS private key file " + notAKey
                        + " holds a 'RSA PRIVATE KEY' block that is not a valid key");
        Path encrypted = Files.writeString(dir.resolve("enc.pem"), PemFiles.toPem("ENCRYPTED PRIVATE KEY",
                new byte[] {0x30, 0}));
        assertThatThrownBy(() -> TlsContexts.forServer(certs.certificateChain(), encrypted))
                .hasMessageStartingWith("TLS private key file " + encrypted + " holds an encrypted private key");
    }

    @Test
    void keyOfAnotherCertificateIsRefused() {
        assertThatThrownBy(() -> TlsContexts.forServer(certs.certificateChain(), certs.ecPkcs8Key()))
                .isInstanceOf(SSLException.class)
                .hasMessageStartingWith("TLS private key file " + certs.ecPkcs8Key()
                        + " does not belong to the first certificate in " + certs.certificateChain());
    }

    @Test
    void clientHandlerNeedsClientContext() throws Exception {
        SslContext server = TlsContexts.forServer(certs.certificateChain(), certs.pkcs8Key(), SslProvider.JDK);
        assertThatThrownBy(() -> TlsContexts.newClientHandler(server, null, "localhost", 5061))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A server that, unlike ours, selects ALPN "sip" when the client offers it. */
    private SslContext alpnServer(SslProvider provider) throws SSLException {
        return alpn(SslContextBuilder.forServer(PemFiles.readPrivateKey(certs.pkcs8Key(), "key"),
                PemFiles.readCertificates(certs.certificateChain(), "chain")), provider).build();
    }

    private static SslContextBuilder alpn(SslContextBuilder builder, SslProvider provider) {
        return builder.sslProvider(provider).protocols(TlsContexts.PROTOCOLS)
                .applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
                        SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, "sip"));
    }

    private static List<String> causes(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return messages;
    }

    /** A TLS record with a ClientHello whose highest version is TLS 1.1 and that has no extensions (RFC 4346). */
    private static byte[] tls11ClientHello() {
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        hello.write(3);
        hello.write(2); // client_version TLS 1.1
        hello.writeBytes(new byte[32]); // random
        hello.write(0); // empty session id
        int[] suites = {0xc013, 0xc014, 0x002f, 0x0035}; // ECDHE_RSA / RSA with AES_CBC_SHA
        hello.write(0);
        hello.write(suites.length * 2);
        for (int suite : suites) {
            hello.write(suite >> 8);
            hello.write(suite);
        }
        hello.write(1);
        hello.write(0); // null compression only
        byte[] body = hello.toByteArray();

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        int handshakeLength = body.length + 4;
        record.writeBytes(new byte[] {22, 3, 1, (byte) (handshakeLength >> 8), (byte) handshakeLength});
        record.writeBytes(new byte[] {1, 0, (byte) (body.length >> 8), (byte) body.length}); // client_hello
        record.writeBytes(body);
        return record.toByteArray();
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | SocketException e) {
            // a reset after the alert ends the reply as well
        }
        return out.toByteArray();
    }
}
