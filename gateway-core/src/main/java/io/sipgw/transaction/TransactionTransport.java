package io.sipgw.transaction;

import io.sipgw.sip.SipMessage;

import java.util.function.Consumer;

/**
 * How a transaction reaches its peer, implemented by the pipeline over a flow: it sends a message and says whether
 * the transport is reliable, since only unreliable ones get retransmissions (RFC 3261 section 17).
 */
public interface TransactionTransport {

    /**
     * Sends {@code message}, taking over one reference to it, as {@code Channel.write} does. A failure to send, known
     * at once or later, is reported through {@code onFailure} on the event loop that owns the transaction (RFC 3261
     * sections 17.1.4 and 17.2.4); it may be called from within this method.
     */
    void send(SipMessage message, Consumer<Throwable> onFailure);

    /** Whether the transport is reliable (TCP, TLS): then no request or response is retransmitted. */
    boolean reliable();
}
