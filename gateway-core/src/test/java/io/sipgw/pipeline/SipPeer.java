package io.sipgw.pipeline;

import io.sipgw.testing.SipTestMessages;
import io.sipgw.testing.UdpSipClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A UDP peer of the gateway (Meta or Twilio) on its own loopback address, reading messages as text. */
final class SipPeer implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 5_000;

    private final UdpSipClient client;
    private final InetSocketAddress gateway;
    /** Messages received but not yet asked for. */
    private final List<String> pending = new ArrayList<>();

    SipPeer(String address, InetSocketAddress gateway) {
        this.gateway = gateway;
        try {
            client = new UdpSipClient(InetAddress.getByName(address));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return client.port();
    }

    /** Sends {@code text} (LF or CRLF line ends) to the gateway. */
    void send(String text) {
        client.sendTo(SipTestMessages.crlf(text), gateway);
    }

    /** The first message whose start line begins with {@code start}, skipping others (retransmissions). */
    String expect(String start) {
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).startsWith(start)) {
                return pending.remove(i);
            }
        }
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            String text = receive((int) Math.max(1, deadline - System.currentTimeMillis()));
            if (text == null) {
                break;
            }
            if (text.startsWith(start)) {
                return text;
            }
            pending.add(text);
        }
        throw new AssertionError("no '" + start + "' within " + TIMEOUT_MILLIS + " ms; got " + pending);
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
        return client.receive(millis);
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
        client.close();
    }
}
