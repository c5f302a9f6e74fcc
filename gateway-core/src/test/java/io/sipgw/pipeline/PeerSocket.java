package io.sipgw.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain socket to the loopback gateway that writes exactly what a test says, when it says, and watches for EOF. */
final class PeerSocket implements AutoCloseable {

    private final Socket socket;

    private PeerSocket(Socket socket) {
        this.socket = socket;
    }

    /** Connects from {@code source} (a 127.0.0.0/8 address, so several sources exist on one host) to 127.0.0.1. */
    static PeerSocket connect(InetAddress source, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            return new PeerSocket(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Connects from 127.0.0.1. */
    static PeerSocket connect(int port) throws IOException {
        return connect(InetAddress.getLoopbackAddress(), port);
    }

    /** Writes {@code text} at once. */
    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Whether the gateway ends the connection (EOF or reset) within {@code millis}, skipping any data it sends. */
    boolean closedWithin(long millis) throws IOException {
        long end = System.currentTimeMillis() + millis;
        InputStream in = socket.getInputStream();
        try {
            while (true) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) left);
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Whether the gateway has not ended the connection: no EOF within 200 ms. */
    boolean isOpen() throws IOException {
        return !closedWithin(200);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
