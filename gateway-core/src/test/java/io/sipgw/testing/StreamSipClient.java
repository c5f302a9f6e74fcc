package io.sipgw.testing;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;

/** A TCP or TLS peer on loopback that writes text and reads whole SIP messages framed by Content-Length. */
public final class StreamSipClient implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 5_000;
    private static final int CRLFCRLF = 0x0D0A0D0A;

    private final Socket socket;
    private final InputStream in;

    private StreamSipClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(TIMEOUT_MILLIS);
        this.in = socket.getInputStream();
    }

    /** A plain TCP connection to {@code port} on {@code address}, a loopback address. */
    public static StreamSipClient tcp(InetAddress address, int port) {
        requireLoopback(address);
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(address, port), TIMEOUT_MILLIS);
            return new StreamSipClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A TLS connection to {@code port} on {@code address} that trusts {@code trust}, checks the server's
     * certificate for that address, and offers the ALPN protocols given (none: no ALPN extension); the handshake
     * is done when this returns.
     */
    public static StreamSipClient tls(InetAddress address, int port, TrustManagerFactory trust,
                                      String... alpnProtocols) {
        requireLoopback(address);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress(address, port), TIMEOUT_MILLIS);
            SSLSocket socket = (SSLSocket) context.getSocketFactory()
                    .createSocket(plain, address.getHostAddress(), port, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (alpnProtocols.length > 0) {
                parameters.setApplicationProtocols(alpnProtocols);
            }
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.startHandshake();
            return new StreamSipClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void requireLoopback(InetAddress address) {
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("tests stay on loopback: " + address);
        }
    }

    /** The local port of the connection. */
    public int port() {
        return socket.getLocalPort();
    }

    /** The ALPN protocol the server chose: empty when none. */
    public String applicationProtocol() {
        String p = ((SSLSocket) socket).getApplicationProtocol();
        return p == null ? "" : p;
    }

    /** Writes {@code text}. */
    public void send(String text) {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes}. */
    public void send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code text} and reads the answer. */
    public String exchange(String text) {
        send(text);
        return read();
    }

    /** Reads one message: the head up to the blank line, then as many body bytes as Content-Length says. */
    public String read() {
        try {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last4 = 0;
            while (last4 != CRLFCRLF) {
                int b = in.read();
                if (b < 0) {
                    throw new AssertionError("connection closed after " + head.size() + " bytes: " + head);
                }
                head.write(b);
                last4 = last4 << 8 | b;
            }
            String text = head.toString(StandardCharsets.UTF_8);
            byte[] body = in.readNBytes(contentLength(text));
            return text + new String(body, StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no message within " + TIMEOUT_MILLIS + " ms", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the peer closes the connection (end of stream or reset) within a few seconds, skipping data. */
    public boolean closedByPeer() {
        try {
            while (in.read() >= 0) {
                // Skips what is still in flight before the end of the stream.
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:") || lower.startsWith("l:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
