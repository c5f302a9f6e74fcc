package io.sipgw.transport;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time with the JDK's {@code keytool}: a self-signed CA and two server certificates
 * (RSA and EC) for {@code localhost}, {@code wa.meta.vc} (Meta's SIP domain, for business-initiated calls),
 * 127.0.0.1 and ::1 that it signed, written as PEM files.
 *
 * <p>keytool rather than BouncyCastle: it ships with every JDK, so tests need no extra dependency; it costs a
 * few seconds once per test JVM when {@link #shared()} is used.
 *
 * @param directory          where the files are
 * @param caCertificate      the CA certificate (PEM)
 * @param certificateChain   the RSA server certificate followed by the CA certificate (PEM)
 * @param pkcs8Key           the RSA server key as {@code PRIVATE KEY} (PKCS#8)
 * @param pkcs1Key           the same key as {@code RSA PRIVATE KEY} (PKCS#1)
 * @param ecCertificateChain the EC (P-256) server certificate followed by the CA certificate (PEM)
 * @param ecPkcs8Key         the EC server key as {@code PRIVATE KEY} (PKCS#8)
 * @param ecSec1Key          the same key as {@code EC PRIVATE KEY} (SEC1, with the curve named)
 * @param ca                 the CA certificate
 */
public record TestCertificates(Path directory, Path caCertificate, Path certificateChain, Path pkcs8Key,
                               Path pkcs1Key, Path ecCertificateChain, Path ecPkcs8Key, Path ecSec1Key,
                               X509Certificate ca) {

    /** The names the server certificates are valid for. */
    public static final String SUBJECT_ALT_NAMES = "dns:localhost,dns:wa.meta.vc,ip:127.0.0.1,ip:::1";

    private static final String PASSWORD = "changeit";

    /** Certificates generated once per test JVM in a temporary directory that is deleted when the JVM exits. */
    public static TestCertificates shared() {
        return Shared.INSTANCE;
    }

    /** Generates a fresh CA and server certificates into {@code directory}. */
    public static TestCertificates generate(Path directory) {
        try {
            Path caStore = directory.resolve("ca.p12");
            keytool(directory, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048",
                    "-dname", "CN=sipgw test CA", "-ext", "bc:c", "-validity", "7", "-keystore", caStore.toString());
            Path caPem = directory.resolve("ca.pem");
            keytool(directory, "-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(),
                    "-file", caPem.toString());
            String caText = Files.readString(caPem, StandardCharsets.US_ASCII);

            Path chain = directory.resolve("server-chain.pem");
            PrivateKey rsa = serverKeyPair(directory, "rsa", caStore, caText, chain, "-keyalg", "RSA",
                    "-keysize", "2048");
            Path pkcs8 = write(directory.resolve("server-key-pkcs8.pem"), "PRIVATE KEY", rsa.getEncoded());
            Path pkcs1 = write(directory.resolve("server-key-pkcs1.pem"), "RSA PRIVATE KEY",
                    innerKey(rsa.getEncoded()));

            Path ecChain = directory.resolve("server-ec-chain.pem");
            PrivateKey ec = serverKeyPair(directory, "ec", caStore, caText, ecChain, "-keyalg", "EC",
                    "-groupname", "secp256r1");
            Path ecPkcs8 = write(directory.resolve("server-ec-key-pkcs8.pem"), "PRIVATE KEY", ec.getEncoded());
            Path ecSec1 = write(directory.resolve("server-ec-key-sec1.pem"), "EC PRIVATE KEY", sec1(ec.getEncoded()));

            return new TestCertificates(directory, caPem, chain, pkcs8, pkcs1, ecChain, ecPkcs8, ecSec1,
                    parse(caText));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A trust manager factory that trusts exactly the test CA. */
    public TrustManagerFactory trustManagerFactory() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("sipgw-test-ca", ca);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JDK server context with the RSA server certificate and its chain, for peers on plain sockets. */
    public SSLContext serverSslContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", PemFiles.readPrivateKey(pkcs8Key, "key"), PASSWORD.toCharArray(),
                    PemFiles.readCertificates(certificateChain, "chain").toArray(new X509Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Generates a key pair, has the CA sign it for the test names, writes the chain and returns the key. */
    private static PrivateKey serverKeyPair(Path dir, String name, Path caStore, String caText, Path chain,
                                            String... keyOptions) throws IOException, GeneralSecurityException {
        Path store = dir.resolve(name + ".p12");
        List<String> generate = new ArrayList<>(List.of("-genkeypair", "-alias", name, "-dname", "CN=localhost",
                "-validity", "7", "-keystore", store.toString()));
        generate.addAll(List.of(keyOptions));
        keytool(dir, generate.toArray(String[]::new));
        Path request = dir.resolve(name + ".csr");
        keytool(dir, "-certreq", "-alias", name, "-keystore", store.toString(), "-file", request.toString());
        Path leaf = dir.resolve(name + ".pem");
        keytool(dir, "-gencert", "-alias", "ca", "-keystore", caStore.toString(), "-infile", request.toString(),
                "-outfile", leaf.toString(), "-rfc", "-validity", "7", "-ext", "SAN=" + SUBJECT_ALT_NAMES,
                "-ext", "KU=digitalSignature,keyEncipherment", "-ext", "EKU=serverAuth");
        Files.writeString(chain, Files.readString(leaf, StandardCharsets.US_ASCII) + caText,
                StandardCharsets.US_ASCII);

        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        return (PrivateKey) keyStore.getKey(name, PASSWORD.toCharArray());
    }

    /** The key octets of a PKCS#8 PrivateKeyInfo: for RSA, the PKCS#1 RSAPrivateKey (RFC 5208 section 5). */
    private static byte[] innerKey(byte[] pkcs8) {
        return Der.readWhole(pkcs8).children().get(2).expect(Der.OCTET_STRING, "privateKey").value();
    }

    /**
     * A SEC1 ECPrivateKey (RFC 5915 section 3) with the curve named in {@code [0]}, as OpenSSL writes it: the
     * JDK's PKCS#8 encoding keeps the curve only in the AlgorithmIdentifier, so it is copied in here.
     */
    private static byte[] sec1(byte[] pkcs8) {
        List<Der.Element> info = Der.readWhole(pkcs8).children();
        byte[] curve = info.get(1).children().get(1).expect(Der.OBJECT_IDENTIFIER, "named curve").encoded();
        List<Der.Element> key = Der.readWhole(innerKey(pkcs8)).children();
        return Der.encode(Der.SEQUENCE, key.get(0).encoded(), key.get(1).encoded(),
                Der.encode(Der.CONTEXT_0, curve));
    }

    private static Path write(Path path, String label, byte[] der) throws IOException {
        Files.writeString(path, PemFiles.toPem(label, der), StandardCharsets.US_ASCII);
        return path;
    }

    private static X509Certificate parse(String pem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static void keytool(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt"));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        // No input: a keytool that unexpectedly prompts reads end-of-file and fails instead of hanging.
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

    /** Lazy holder: the shared certificates are made on first use only. */
    private static final class Shared {
        static final TestCertificates INSTANCE = generateInTemporaryDirectory();

        private static TestCertificates generateInTemporaryDirectory() {
            try {
                Path dir = Files.createTempDirectory("sipgw-test-certs");
                TestCertificates certificates = generate(dir);
                dir.toFile().deleteOnExit();
                // Files registered after the directory are deleted before it (deleteOnExit runs in reverse order).
                try (var files = Files.list(dir)) {
                    files.forEach(file -> file.toFile().deleteOnExit());
                }
                return certificates;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
