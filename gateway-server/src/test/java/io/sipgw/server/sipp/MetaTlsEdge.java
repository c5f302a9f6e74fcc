package io.sipgw.server.sipp;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Meta's TLS edge for business-initiated calls, on loopback: a test CA and a certificate for {@code wa.meta.vc}
 * made at test time with the JDK's keytool (as gateway-core's {@code TestCertificates} does, with Meta's name),
 * and stunnel4 terminating TLS with it in front of a Meta-side SIPp listening on TCP. The gateway reaches it
 * through {@code META_SIP_PROXY} and trusts the CA through {@code TLS_CA_PATH}; SNI and the certificate check
 * stay for {@code wa.meta.vc}.
 */
final class MetaTlsEdge implements AutoCloseable {

    static final String META_HOST = "wa.meta.vc";
    private static final String PASSWORD = "changeit";

    final Path caCertificate;
    /** The port stunnel listens on: TLS (Meta's edge) or plain TCP for SIPp (Meta's client). */
    final int tlsPort;
    /** The TCP port of the SIPp behind Meta's edge; -1 for a client. */
    final int sippPort;
    private final Path log;
    private final Process stunnel;

    private MetaTlsEdge(Path caCertificate, int tlsPort, int sippPort, Path log, Process stunnel) {
        this.caCertificate = caCertificate;
        this.tlsPort = tlsPort;
        this.sippPort = sippPort;
        this.log = log;
        this.stunnel = stunnel;
    }

    static Optional<Path> stunnelExecutable() {
        for (String name : List.of("stunnel4", "stunnel")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Makes the certificates in {@code dir} and starts stunnel on {@code ip}: TLS port → SIPp's TCP port. The
     * certificate for {@code presentedName} (normally wa.meta.vc) is served only to a client that sends SNI
     * wa.meta.vc; without it the client gets a certificate for {@code no-sni.invalid} from the same CA, so a
     * gateway that forgot SNI fails its certificate check.
     */
    static MetaTlsEdge start(Path dir, String ip, String presentedName)
            throws IOException, InterruptedException, GeneralSecurityException {
        Path ca = generateCertificates(dir, presentedName, "wa");
        generateCertificates(dir, "no-sni.invalid", "nosni");
        int tlsPort = Sipp.freePort(ip);
        int sippPort = Sipp.freePort(ip);
        return stunnel(dir, ca, ip, tlsPort, sippPort, List.of(
                "[meta-edge]",
                "accept = " + ip + ":" + tlsPort,
                "connect = " + ip + ":" + sippPort,
                "cert = " + dir.resolve("nosni-chain.pem"),
                "key = " + dir.resolve("nosni-key.pem"),
                "[meta-edge-sni]",
                "sni = meta-edge:" + META_HOST,
                "connect = " + ip + ":" + sippPort,
                "cert = " + dir.resolve("wa-chain.pem"),
                "key = " + dir.resolve("wa-key.pem")));
    }

    /**
     * stunnel as Meta's TLS client towards the gateway's TLS listener: SIPp on TCP connects to
     * {@code ip:acceptPort}, stunnel connects from {@code ip} (so META_ALLOWED_CIDRS admits it) to
     * {@code gateway} over TLS with SNI {@code host}, checking the certificate chain against {@code ca} and the
     * name {@code host}, without ALPN, as Meta does.
     */
    static MetaTlsEdge client(Path dir, Path ca, String ip, String gateway, String host)
            throws IOException, InterruptedException {
        int acceptPort = Sipp.freePort(ip);
        return stunnel(dir, ca, ip, acceptPort, -1, List.of(
                "[meta-client]",
                "client = yes",
                "accept = " + ip + ":" + acceptPort,
                "connect = " + gateway,
                "local = " + ip,
                "sni = " + host,
                "verifyChain = yes",
                "CAfile = " + ca,
                "checkHost = " + host));
    }

    private static MetaTlsEdge stunnel(Path dir, Path ca, String ip, int listenPort, int sippPort,
                                       List<String> service) throws IOException, InterruptedException {
        Path log = dir.resolve("stunnel.log");
        Path config = dir.resolve("stunnel.conf");
        List<String> lines = new ArrayList<>(List.of("foreground = yes", "pid =", "debug = info",
                "output = " + log));
        lines.addAll(service);
        lines.add("");
        Files.writeString(config, String.join("\n", lines), StandardCharsets.US_ASCII);
        Process process = new ProcessBuilder(stunnelExecutable().orElseThrow().toString(), config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stunnel-stdout.log").toFile())
                .start();
        process.getOutputStream().close();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-stunnel"));
        MetaTlsEdge edge = new MetaTlsEdge(ca, listenPort, sippPort, log, process);
        try {
            edge.awaitListening(ip);
        } catch (AssertionError | IOException | InterruptedException e) {
            edge.close();
            throw e;
        }
        return edge;
    }

    /** host:port for META_SIP_PROXY. */
    String proxy(String ip) {
        return ip + ":" + tlsPort;
    }

    String output() {
        try {
            return (Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no stunnel log)");
        } catch (IOException e) {
            return "(stunnel log unreadable: " + e + ")";
        }
    }

    private void awaitListening(String ip) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!stunnel.isAlive()) {
                throw new AssertionError("stunnel exited with " + stunnel.exitValue() + ":\n" + output());
            }
            try (java.net.Socket probe = new java.net.Socket()) {
                probe.connect(new java.net.InetSocketAddress(ip, tlsPort), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("stunnel did not listen on " + ip + ":" + tlsPort + ":\n" + output());
    }

    @Override
    public void close() throws InterruptedException {
        if (stunnel.isAlive()) {
            stunnel.destroy();
            if (!stunnel.waitFor(5, TimeUnit.SECONDS)) {
                stunnel.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A CA ({@code ca.pem}, made once per directory) and a server certificate for {@code host} that it signed:
     * {@code <name>-chain.pem} (leaf then CA) and {@code <name>-key.pem} (PKCS#8).
     */
    static Path generateCertificates(Path dir, String host, String name) throws IOException, GeneralSecurityException {
        Path caStore = dir.resolve("ca.p12");
        Path caPem = dir.resolve("ca.pem");
        if (!Files.exists(caStore)) {
            keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048",
                    "-dname", "CN=sipgw SIPp test CA", "-ext", "bc:c", "-validity", "2",
                    "-keystore", caStore.toString());
            keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(),
                    "-file", caPem.toString());
        }

        Path store = dir.resolve(name + ".p12");
        keytool(dir, "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + host,
                "-validity", "2", "-keystore", store.toString());
        Path request = dir.resolve(name + ".csr");
        keytool(dir, "-certreq", "-alias", name, "-keystore", store.toString(), "-file", request.toString());
        Path leaf = dir.resolve(name + ".pem");
        keytool(dir, "-gencert", "-alias", "ca", "-keystore", caStore.toString(), "-infile", request.toString(),
                "-outfile", leaf.toString(), "-rfc", "-validity", "2", "-ext", "SAN=dns:" + host,
                "-ext", "KU=digitalSignature,keyEncipherment", "-ext", "EKU=serverAuth");
        Files.writeString(dir.resolve(name + "-chain.pem"), Files.readString(leaf, StandardCharsets.US_ASCII)
                + Files.readString(caPem, StandardCharsets.US_ASCII), StandardCharsets.US_ASCII);

        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        PrivateKey key = (PrivateKey) keyStore.getKey(name, PASSWORD.toCharArray());
        Files.writeString(dir.resolve(name + "-key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
        return caPem;
    }

    private static void keytool(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt"));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool timed out: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running keytool", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool failed (exit " + process.exitValue() + "): " + command + "\n" + output);
        }
    }
}
