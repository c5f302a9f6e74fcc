package io.sipgw.transaction;

import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A transport that keeps what it is given with the time it was sent, and fails sends on request. */
final class RecordingTransport implements TransactionTransport, AutoCloseable {

    /** One message sent, at a time of the manual clock. */
    record Sent(long atMillis, SipMessage message) {
    }

    private final boolean reliable;
    private final ManualTimerService clock;
    private final List<Sent> sent = new ArrayList<>();
    private Throwable failNow;
    private Consumer<Throwable> lastFailureHandler;

    RecordingTransport(boolean reliable, ManualTimerService clock) {
        this.reliable = reliable;
        this.clock = clock;
    }

    @Override
    public void send(SipMessage message, Consumer<Throwable> onFailure) {
        lastFailureHandler = onFailure;
        if (failNow != null) {
            message.release();
            onFailure.accept(failNow);
            return;
        }
        sent.add(new Sent(clock.now().toMillis(), message));
    }

    @Override
    public boolean reliable() {
        return reliable;
    }

    /** Every later send fails at once, from within {@code send}, with {@code cause}. */
    void failSends(Throwable cause) {
        failNow = cause;
    }

    /** Reports {@code cause} for the last send, as a write that fails later does. */
    void failLastSendLater(Throwable cause) {
        lastFailureHandler.accept(cause);
    }

    List<Sent> sent() {
        return sent;
    }

    int count() {
        return sent.size();
    }

    SipMessage last() {
        return sent.get(sent.size() - 1).message();
    }

    /** The times of the sends, in milliseconds of the manual clock. */
    List<Long> times() {
        return sent.stream().map(Sent::atMillis).toList();
    }

    /** The start lines of what was sent, e.g. {@code "SIP/2.0 180 Ringing"}. */
    List<String> startLines() {
        return sent.stream().map(s -> s.message().startLine()).toList();
    }

    /** The statuses of the responses sent. */
    List<Integer> statuses() {
        return sent.stream().map(s -> ((SipResponse) s.message()).status()).toList();
    }

    @Override
    public void close() {
        for (Sent s : sent) {
            s.message().release();
        }
        sent.clear();
    }
}
