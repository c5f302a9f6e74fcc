package io.sipgw.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A UDP peer on a loopback address with an ephemeral port; every receive gives up after a few seconds. */
public final class UdpSipClient implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 5_000;

    private final DatagramSocket socket;

    /** A client on 127.0.0.1. */
    public UdpSipClient() {
        this(InetAddress.getLoopbackAddress());
    }

    /** A client on {@code address}, which must be a loopback address. */
    public UdpSipClient(InetAddress address) {
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("tests stay on loopback: " + address);
        }
        try {
            socket = new DatagramSocket(new InetSocketAddress(address, 0));
            socket.setSoTimeout(TIMEOUT_MILLIS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port this client sends from. */
    public int port() {
        return socket.getLocalPort();
    }

    /** Sends {@code text} as one datagram to {@code port} on this client's address. */
    public void send(String text, int port) {
        send(text.getBytes(StandardCharsets.UTF_8), port);
    }

    /** Sends {@code bytes} as one datagram to {@code port} on this client's address. */
    public void send(byte[] bytes, int port) {
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(socket.getLocalAddress(), port)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code text} as one datagram to {@code to}, e.g. a gateway on another loopback address. */
    public void sendTo(String text, InetSocketAddress to) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next datagram as text; fails when none arrives within a few seconds. */
    public String receive() {
        String text = receive(TIMEOUT_MILLIS);
        if (text == null) {
            throw new AssertionError("no datagram within " + TIMEOUT_MILLIS + " ms on port " + port());
        }
        return text;
    }

    /** The next datagram as text, or {@code null} when none arrives within {@code millis}. */
    public String receive(int millis) {
        byte[] buffer = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.setSoTimeout(millis);
            socket.receive(packet);
            return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code text} to {@code port} and returns the answer. */
    public String exchange(String text, int port) {
        send(text, port);
        return receive();
    }

    @Override
    public void close() {
        socket.close();
    }
}
