package io.sipgw.pipeline;

import io.sipgw.sip.SipMessage;
import io.sipgw.transport.TransportKind;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records the connection events and messages the pipeline reports, e.g. {@code "refused TCP source limit"}. */
final class ConnectionRecorder implements SipTrafficListener {

    private final List<String> events = new ArrayList<>();

    @Override
    public synchronized void messageIn(TransportKind transport, InetSocketAddress remote, SipMessage message) {
        events.add("in " + transport + " " + message.startLine().split(" ")[0]);
    }

    @Override
    public synchronized void connectionOpened(TransportKind transport, InetSocketAddress remote) {
        events.add("opened " + transport);
    }

    @Override
    public synchronized void connectionClosed(TransportKind transport, InetSocketAddress remote) {
        events.add("closed " + transport);
    }

    @Override
    public synchronized void connectionRefused(TransportKind transport, InetSocketAddress remote, String reason) {
        events.add("refused " + transport + " " + reason);
    }

    @Override
    public synchronized void connectionTimedOut(TransportKind transport, InetSocketAddress remote, String reason) {
        events.add("timed out " + transport + " " + reason);
    }

    @Override
    public synchronized void tlsHandshakeFailure(InetSocketAddress remote, Throwable cause) {
        events.add("tls failure " + cause.getClass().getSimpleName());
    }

    /** The events so far, in order. */
    synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** How many events so far are {@code event}. */
    synchronized long count(String event) {
        return events.stream().filter(event::equals).count();
    }

    /** Waits up to five seconds for the events to satisfy {@code condition}; whether they did. */
    boolean await(Predicate<List<String>> condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.test(events())) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
