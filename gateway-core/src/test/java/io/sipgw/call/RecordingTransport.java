package io.sipgw.call;

import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipUri;
import io.sipgw.transaction.TransactionTransport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** One side of a call in a unit test: keeps what the B2BUA sends it, until {@link #close()} releases it all. */
final class RecordingTransport implements TransactionTransport, CallTransport, AutoCloseable {

    private final List<SipMessage> sent = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();

    @Override
    public void send(SipMessage message, Consumer<Throwable> onFailure) {
        sent.add(message);
    }

    @Override
    public boolean reliable() {
        // Reliable: no retransmissions to wade through.
        return true;
    }

    @Override
    public TransactionTransport towards(SipUri target) {
        targets.add(target.toString());
        return this;
    }

    List<SipMessage> sent() {
        return sent;
    }

    List<String> targets() {
        return targets;
    }

    /** The start lines of what was sent, in order. */
    List<String> startLines() {
        return sent.stream().map(SipMessage::startLine).toList();
    }

    SipMessage last() {
        return sent.get(sent.size() - 1);
    }

    @Override
    public void close() {
        sent.forEach(SipMessage::release);
        sent.clear();
    }
}
