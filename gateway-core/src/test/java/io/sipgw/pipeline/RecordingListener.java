package io.sipgw.pipeline;

import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.transport.TransportKind;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Records what the pipeline reports, one short line per event, e.g. {@code "in UDP OPTIONS"}. */
final class RecordingListener implements SipTrafficListener {

    private final List<String> events = new ArrayList<>();

    @Override
    public synchronized void messageIn(TransportKind transport, InetSocketAddress remote, SipMessage message) {
        events.add("in " + transport + " " + name(message));
    }

    @Override
    public synchronized void messageOut(TransportKind transport, InetSocketAddress remote, SipMessage message) {
        events.add("out " + transport + " " + name(message));
    }

    @Override
    public synchronized void decodeFailure(TransportKind transport, InetSocketAddress remote, String reason,
                                           boolean answered) {
        events.add("bad " + transport + " " + reason + (answered ? " answered" : " dropped"));
    }

    @Override
    public synchronized void messageDropped(TransportKind transport, InetSocketAddress remote, SipMessage message,
                                            String reason) {
        events.add("dropped " + transport + " " + name(message) + " " + reason);
    }

    @Override
    public synchronized void tlsHandshakeFailure(InetSocketAddress remote, Throwable cause) {
        events.add("tls failure " + cause.getClass().getSimpleName());
    }

    @Override
    public synchronized void rateLimited(TransportKind transport, InetSocketAddress remote, boolean answered) {
        events.add("rate limited " + transport + (answered ? " answered" : " dropped"));
    }

    /** The events so far, in order. */
    synchronized List<String> events() {
        return List.copyOf(events);
    }

    private static String name(SipMessage message) {
        return message instanceof SipRequest ? ((SipRequest) message).method().name()
                : Integer.toString(((SipResponse) message).status());
    }
}
