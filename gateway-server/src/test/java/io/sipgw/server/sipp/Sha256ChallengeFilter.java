package io.sipgw.server.sipp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A UDP relay on Meta's address between a Meta-side SIPp and the gateway that removes {@code SHA-256}
 * {@code Proxy-Authenticate} headers from the gateway's 407s and passes everything else unchanged, because
 * SIPp 3.6 answers only MD5 challenges and only looks at the first {@code Proxy-Authenticate} (with SHA-256
 * first it exits with "createAuthHeader: authentication must use MD5 or AKAv1-MD5"). The 407s as the gateway
 * sent them are kept for the test's own checks.
 */
final class Sha256ChallengeFilter implements AutoCloseable {

    private static final Pattern SHA256_CHALLENGE = Pattern.compile(
            "(?im)^Proxy-Authenticate:[^\\r\\n]*algorithm=\"?SHA-256\"?[^\\r\\n]*\\r\\n");

    private final DatagramSocket facingSipp;
    private final DatagramSocket facingGateway;
    private final SocketAddress gateway;
    private final List<String> originalChallenges = new CopyOnWriteArrayList<>();
    private volatile SocketAddress sipp;
    private final Thread up;
    private final Thread down;

    Sha256ChallengeFilter(String ip, InetSocketAddress gateway) throws SocketException, IOException {
        InetAddress address = InetAddress.getByName(ip);
        this.facingSipp = new DatagramSocket(new InetSocketAddress(address, 0));
        this.facingGateway = new DatagramSocket(new InetSocketAddress(address, 0));
        this.gateway = gateway;
        this.up = new Thread(this::relayUp, "sha256-filter-up");
        this.down = new Thread(this::relayDown, "sha256-filter-down");
        up.setDaemon(true);
        down.setDaemon(true);
        up.start();
        down.start();
    }

    /** host:port SIPp sends to. */
    String address() {
        return facingSipp.getLocalAddress().getHostAddress() + ":" + facingSipp.getLocalPort();
    }

    /** Every 407 the gateway sent, before filtering. */
    List<String> originalChallenges() {
        return originalChallenges;
    }

    private void relayUp() {
        byte[] buffer = new byte[65535];
        while (!facingSipp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                facingSipp.receive(packet);
                sipp = packet.getSocketAddress();
                facingGateway.send(new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(),
                        gateway));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relayDown() {
        byte[] buffer = new byte[65535];
        while (!facingGateway.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                facingGateway.receive(packet);
                String message = new String(packet.getData(), packet.getOffset(), packet.getLength(),
                        StandardCharsets.ISO_8859_1);
                if (message.startsWith("SIP/2.0 407 ")) {
                    originalChallenges.add(message);
                    // The header part only: a 407 has no body, and the filter must not touch one anyway.
                    int end = message.indexOf("\r\n\r\n");
                    String head = end < 0 ? message : message.substring(0, end + 2);
                    message = SHA256_CHALLENGE.matcher(head).replaceAll("") + (end < 0 ? "" : message.substring(end + 2));
                }
                SocketAddress to = sipp;
                if (to != null) {
                    byte[] out = message.getBytes(StandardCharsets.ISO_8859_1);
                    facingSipp.send(new DatagramPacket(out, out.length, to));
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        facingSipp.close();
        facingGateway.close();
        up.join(5000);
        down.join(5000);
    }
}
