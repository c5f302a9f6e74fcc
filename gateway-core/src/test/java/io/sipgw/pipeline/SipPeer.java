package io.sipgw.pipeline;

import io.sipgw.testing.SipTestMessages;
import io.sipgw.testing.UdpSipClient;

import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLContext;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A UDP or TCP peer of the gateway (Meta or Twilio) on its own loopback address, reading messages as text. */
final class SipPeer implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 5_000;

    /** How the peer's bytes travel. */
    private interface Link extends AutoCloseable {
        void send(String text);

        /** The next message, or null after {@code millis}. */
        String receive(int millis);

        int port();

        /** Closes the connection of a listening stream peer; its next message waits for a new one. */
        default void drop() {
            throw new UnsupportedOperationException("only a listening stream peer has a connection to drop");
        }

        @Override
        void close();
    }

    private final Link link;
    private final String transport;
    /** Messages received but not yet asked for. */
    private final List<String> pending = new ArrayList<>();

    /** A UDP peer on {@code address} that sends to {@code gateway}. */
    SipPeer(String address, InetSocketAddress gateway) {
        this(udp(address, gateway), "UDP");
    }

    private SipPeer(Link link, String transport) {
        this.link = link;
        this.transport = transport;
    }

    /** A TCP peer connected from {@code address} to {@code gateway}. */
    static SipPeer tcp(String address, InetSocketAddress gateway) {
        return new SipPeer(new TcpLink(address, gateway), "TCP");
    }

    /** A TCP peer listening on {@code address} that the gateway connects to (Twilio over TCP). */
    static SipPeer tcpServer(String address) {
        return new SipPeer(new AcceptingLink(address, ServerSocketFactory.getDefault()), "TCP");
    }

    /** A TLS peer listening on {@code address} with the certificate of {@code tls} (Twilio over TLS). */
    static SipPeer tlsServer(String address, SSLContext tls) {
        return new SipPeer(new AcceptingLink(address, tls.getServerSocketFactory()), "TLS");
    }

    private static Link udp(String address, InetSocketAddress gateway) {
        UdpSipClient client;
        try {
            client = new UdpSipClient(InetAddress.getByName(address));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Link() {
            @Override
            public void send(String text) {
                client.sendTo(text, gateway);
            }

            @Override
            public String receive(int millis) {
                return client.receive(millis);
            }

            @Override
            public int port() {
                return client.port();
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    /** Closes the connection the gateway opened to this listening peer (a TCP reset, a restarted proxy). */
    void dropConnection() {
        link.drop();
    }

    /** The Via transport token of this peer. */
    String transport() {
        return transport;
    }

    int port() {
        return link.port();
    }

    /** Sends {@code text} (LF or CRLF line ends) to the gateway. */
    void send(String text) {
        link.send(SipTestMessages.crlf(text));
    }

    /** The first message whose start line begins with {@code start}, skipping others (retransmissions). */
    String expect(String start) {
        return expect(start, null);
    }

    /**
     * The first message whose start line begins with {@code start} and whose CSeq is {@code cseq} (any when
     * {@code null}), skipping others: a retransmitted 200 to an INVITE is not the 200 to a BYE.
     */
    String expect(String start, String cseq) {
        for (int i = 0; i < pending.size(); i++) {
            if (matches(pending.get(i), start, cseq)) {
                return pending.remove(i);
            }
        }
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            String text = receive((int) Math.max(1, deadline - System.currentTimeMillis()));
            if (text == null) {
                break;
            }
            if (matches(text, start, cseq)) {
                return text;
            }
            pending.add(text);
        }
        throw new AssertionError("no '" + start + "'" + (cseq == null ? "" : " for " + cseq) + " within "
                + TIMEOUT_MILLIS + " ms; got " + pending);
    }

    private static boolean matches(String message, String start, String cseq) {
        return message.startsWith(start) && (cseq == null || cseq.equals(header(message, "CSeq")));
    }

    /** Whether a message starting with {@code start} arrives within {@code millis}. */
    boolean receives(String start, int millis) {
        long deadline = System.currentTimeMillis() + millis;
        if (pending.stream().anyMatch(m -> m.startsWith(start))) {
            return true;
        }
        while (System.currentTimeMillis() < deadline) {
            String text = receive((int) Math.max(1, deadline - System.currentTimeMillis()));
            if (text == null) {
                return false;
            }
            if (text.startsWith(start)) {
                return true;
            }
        }
        return false;
    }

    private String receive(int millis) {
        return link.receive(millis);
    }

    /** The value of the first {@code name} header of {@code message}, or null. */
    static String header(String message, String name) {
        for (String line : message.split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** Every {@code name} header line value of {@code message}, in order. */
    static List<String> headers(String message, String name) {
        List<String> out = new ArrayList<>();
        for (String line : message.split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                out.add(line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    /** The body of {@code message}. */
    static String body(String message) {
        int end = message.indexOf("\r\n\r\n");
        return end < 0 ? "" : message.substring(end + 4);
    }

    /**
     * A response to {@code request} as a UAS sends it: Via, From, Call-ID, CSeq copied, To with {@code toTag}
     * (when it has none), then {@code extra} header lines and {@code body}.
     */
    static String respond(String request, String status, String toTag, String extra, String body) {
        StringBuilder sb = new StringBuilder("SIP/2.0 ").append(status).append("\r\n");
        for (String via : headers(request, "Via")) {
            sb.append("Via: ").append(via).append("\r\n");
        }
        String to = header(request, "To");
        if (toTag != null && !to.contains(";tag=")) {
            to = to + ";tag=" + toTag;
        }
        sb.append("From: ").append(header(request, "From")).append("\r\n")
                .append("To: ").append(to).append("\r\n")
                .append("Call-ID: ").append(header(request, "Call-ID")).append("\r\n")
                .append("CSeq: ").append(header(request, "CSeq")).append("\r\n")
                .append(extra);
        if (!body.isEmpty()) {
            sb.append("Content-Type: application/sdp\r\n");
        }
        return sb.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n")
                .append(body).toString();
    }

    @Override
    public void close() {
        link.close();
    }

    /** A TCP connection, framed by Content-Length (RFC 3261 section 18.3). */
    private static final class TcpLink extends StreamLink {

        private final Socket socket;

        TcpLink(String address, InetSocketAddress gateway) {
            try {
                socket = new Socket();
                socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
                socket.connect(gateway, TIMEOUT_MILLIS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        Socket socket(int millis) {
            return socket;
        }

        @Override
        public int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            closeQuietly(socket);
        }
    }

    /** The one connection the gateway opens to a listening peer, accepted when the peer first reads. */
    private static final class AcceptingLink extends StreamLink {

        private final ServerSocket server;
        private Socket socket;

        AcceptingLink(String address, ServerSocketFactory factory) {
            try {
                server = factory.createServerSocket(0, 1, InetAddress.getByName(address));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        Socket socket(int millis) throws IOException {
            if (socket == null) {
                server.setSoTimeout(millis);
                try {
                    socket = server.accept();
                } catch (SocketTimeoutException e) {
                    return null;
                }
            }
            return socket;
        }

        @Override
        public int port() {
            return server.getLocalPort();
        }

        @Override
        public void drop() {
            if (socket != null) {
                closeQuietly(socket);
                socket = null;
            }
        }

        @Override
        public void close() {
            if (socket != null) {
                closeQuietly(socket);
            }
            closeQuietly(server);
        }
    }

    /** A stream connection, framed by Content-Length (RFC 3261 section 18.3). */
    private abstract static class StreamLink implements Link {

        /** The connection, or null when none came within {@code millis}. */
        abstract Socket socket(int millis) throws IOException;

        @Override
        public void send(String text) {
            try {
                Socket socket = socket(TIMEOUT_MILLIS);
                if (socket == null) {
                    throw new AssertionError("no connection to send on");
                }
                socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String receive(int millis) {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            try {
                Socket socket = socket(millis);
                if (socket == null) {
                    return null;
                }
                InputStream in = socket.getInputStream();
                socket.setSoTimeout(millis);
                while (!head.toString(StandardCharsets.UTF_8).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return null;
                    }
                    head.write(b);
                    // Once the message has begun, the rest is there at once.
                    socket.setSoTimeout(TIMEOUT_MILLIS);
                }
                String text = head.toString(StandardCharsets.UTF_8);
                String length = header(text, "Content-Length");
                byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
                return text + new String(body, StandardCharsets.UTF_8);
            } catch (SocketTimeoutException e) {
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static void closeQuietly(Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                // The test is over; a socket that fails to close changes no assertion.
            }
        }
    }
}
