package io.sipgw.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.NetUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Builds the TLS contexts of SIP over TLS: a server context from PEM files and a client context that verifies the
 * peer's certificate and host name and offers no ALPN.
 */
public final class TlsContexts {

    /** The protocol versions offered and accepted: TLS 1.3 and 1.2; older versions are refused. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** RFC 6125 section 6 host-name checks as done for HTTPS, which RFC 5922 section 7.2 also asks for SIP. */
    private static final String ENDPOINT_IDENTIFICATION = "HTTPS";

    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);
    private static final byte[] KEY_PROBE = "sipgw key check".getBytes(StandardCharsets.US_ASCII);

    private TlsContexts() {
    }

    /** BoringSSL through netty-tcnative when it loads on this platform, the JDK's TLS otherwise. */
    public static SslProvider defaultProvider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** A server context from PEM files, on the {@link #defaultProvider() default provider}. */
    public static SslContext forServer(Path certificateChain, Path privateKey) throws SSLException {
        return forServer(certificateChain, privateKey, defaultProvider());
    }

    /**
     * A server context from a PEM certificate chain (the server's certificate first) and an unencrypted PEM key
     * in PKCS#8, PKCS#1 (RSA) or SEC1 (EC) form. No client certificate is asked for (Meta presents none), and no
     * ALPN protocol is selected, so a client that offers ALPN still connects.
     *
     * @throws SSLException naming the file and what is wrong when a file is missing, unreadable, not PEM, or
     *                      the key does not belong to the first certificate
     */
    public static SslContext forServer(Path certificateChain, Path privateKey, SslProvider provider)
            throws SSLException {
        List<X509Certificate> chain = PemFiles.readCertificates(certificateChain, "TLS certificate chain file");
        PrivateKey key = PemFiles.readPrivateKey(privateKey, "TLS private key file");
        checkKeyMatches(key, chain.get(0), privateKey, certificateChain);
        SslContext context = SslContextBuilder.forServer(key, chain)
                .sslProvider(provider)
                .protocols(PROTOCOLS)
                .clientAuth(ClientAuth.NONE)
                .build();
        X509Certificate leaf = chain.get(0);
        log.info("TLS server context on {}: certificate '{}' valid until {}, {} certificate(s) in chain",
                provider, leaf.getSubjectX500Principal().getName(), leaf.getNotAfter().toInstant(), chain.size());
        return context;
    }

    /** A client context that trusts the JDK's default trust store (the {@code cacerts} of the running JRE). */
    public static SslContext forClient(SslProvider provider) throws SSLException {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init((KeyStore) null);
            return forClient(trust, provider);
        } catch (GeneralSecurityException e) {
            throw new SSLException("cannot load the JDK's default trust store: " + e.getMessage(), e);
        }
    }

    /**
     * A client context that trusts the JDK's default trust store and the CA certificates of the PEM file
     * {@code extraCas} (a private CA, or a test peer's).
     *
     * @throws SSLException naming the file when it cannot be read or holds no certificate
     */
    public static SslContext forClient(Path extraCas, SslProvider provider) throws SSLException {
        List<X509Certificate> extra = PemFiles.readCertificates(extraCas, "CA certificate file");
        try {
            TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jdk.init((KeyStore) null);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (TrustManager manager : jdk.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate ca : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("jdk-" + n++, ca);
                    }
                }
            }
            for (X509Certificate ca : extra) {
                store.setCertificateEntry("extra-" + n++, ca);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            log.info("TLS client trusts the JDK's trust store and {} certificate(s) from {}", extra.size(), extraCas);
            return forClient(trust, provider);
        } catch (GeneralSecurityException | IOException e) {
            throw new SSLException("cannot build a trust store with " + extraCas + ": " + e.getMessage(), e);
        }
    }

    /**
     * A client context that trusts what {@code trust} trusts, checks the server's host name, offers TLS 1.2 and
     * 1.3 and no ALPN (Meta rejects ALPN "sip" with a {@code no_application_protocol} alert). Create handlers
     * with {@link #newClientHandler} so that SNI and host-name verification are set for each peer.
     */
    public static SslContext forClient(TrustManagerFactory trust, SslProvider provider) throws SSLException {
        return SslContextBuilder.forClient()
                .sslProvider(provider)
                .trustManager(trust)
                .protocols(PROTOCOLS)
                .endpointIdentificationAlgorithm(ENDPOINT_IDENTIFICATION)
                .build();
    }

    /**
     * A client handler for a connection to {@code peerHost}: sends it as SNI (RFC 6066 section 3; not for IP
     * literals) and checks that the server's certificate is valid for it (RFC 5922 section 7.2). For a next hop
     * found through DNS, {@code peerHost} is the domain of the URI, not the SRV target (RFC 5922 section 4.1).
     */
    public static SslHandler newClientHandler(SslContext client, ByteBufAllocator alloc, String peerHost, int peerPort) {
        if (!client.isClient()) {
            throw new IllegalArgumentException("not a client context");
        }
        String host = stripTrailingDot(peerHost);
        SslHandler handler = client.newHandler(alloc, host, peerPort);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(ENDPOINT_IDENTIFICATION);
        if (!NetUtil.isValidIpV4Address(host) && !NetUtil.isValidIpV6Address(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        engine.setSSLParameters(parameters);
        return handler;
    }

    private static String stripTrailingDot(String host) {
        // An absolute name "example.com." is the same host, but SNI forbids the trailing dot (RFC 6066 section 3).
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** Signs and verifies a probe, so that a key from another pair fails at start-up and not in every handshake. */
    private static void checkKeyMatches(PrivateKey key, X509Certificate leaf, Path keyPath, Path chainPath)
            throws SSLException {
        boolean matches;
        try {
            String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(KEY_PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(KEY_PROBE);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // e.g. an EC key with an RSA certificate: initVerify refuses the certificate's key type.
            matches = false;
        }
        if (!matches) {
            throw new SSLException("TLS private key file " + keyPath + " does not belong to the first certificate in "
                    + chainPath + " ('" + leaf.getSubjectX500Principal().getName()
                    + "'); the chain must start with the server's own certificate");
        }
    }
}
