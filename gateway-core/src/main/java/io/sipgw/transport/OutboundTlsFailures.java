package io.sipgw.transport;

import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.NetUtil;

import javax.net.ssl.SSLHandshakeException;
import java.net.InetSocketAddress;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;

/**
 * Turns a failed TLS client handshake into an exception whose message says what an operator must fix: an untrusted
 * certificate, a certificate for another host name, an expired one, or a timeout.
 */
final class OutboundTlsFailures {

    private OutboundTlsFailures() {
    }

    /**
     * An {@link SSLHandshakeException} such as {@code "TLS handshake with wa.meta.vc at 157.240.1.1:5061 failed:
     * certificate for wa.meta.vc not trusted: PKIX path building failed: ..."}, caused by {@code failure}.
     * The JDK and OpenSSL providers report the same trust manager exception somewhere in the cause chain, so the
     * chain is searched rather than the top message read.
     */
    static SSLHandshakeException describe(Throwable failure, String serverName, InetSocketAddress address) {
        String prefix = "TLS handshake with " + serverName + " at " + NetUtil.toSocketAddressString(address)
                + " failed: ";
        SSLHandshakeException described = new SSLHandshakeException(prefix + problem(failure, serverName));
        described.initCause(failure);
        return described;
    }

    private static String problem(Throwable failure, String serverName) {
        Throwable expired = find(failure, CertificateExpiredException.class);
        if (expired != null) {
            return "certificate for " + serverName + " expired: " + expired.getMessage();
        }
        Throwable notYetValid = find(failure, CertificateNotYetValidException.class);
        if (notYetValid != null) {
            return "certificate for " + serverName + " not yet valid: " + notYetValid.getMessage();
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // The JDK's host name check (RFC 6125 as done for HTTPS) throws a bare CertificateException.
            if (t instanceof CertificateException && isHostnameMismatch(t.getMessage())) {
                return "certificate does not match " + serverName + " (hostname mismatch): " + t.getMessage();
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException
                    || (t instanceof CertificateException && t.getMessage() != null
                    && t.getMessage().startsWith("PKIX path"))) {
                return "certificate for " + serverName + " not trusted: " + t.getMessage();
            }
        }
        Throwable timeout = find(failure, SslHandshakeTimeoutException.class);
        if (timeout != null) {
            return "timed out: " + timeout.getMessage();
        }
        return String.valueOf(rootCause(failure).getMessage());
    }

    private static boolean isHostnameMismatch(String message) {
        return message != null
                && (message.startsWith("No subject alternative") || message.startsWith("No name matching"));
    }

    private static Throwable find(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
