package io.sipgw.transaction;

import io.sipgw.sip.SipResponse;

/**
 * What a client transaction tells its transaction user (the call layer); called on the event loop that owns the
 * transaction.
 */
public interface ClientTransactionListener {

    /**
     * A response for the TU: provisional and final ones, every 2xx to an INVITE including retransmissions and
     * 2xx from other forks (RFC 6026 section 7.2), but never a retransmitted non-2xx final response. The response
     * is borrowed: valid during this call only, {@code retain()} it to keep it.
     */
    void onResponse(SipResponse response);

    /** Timer B or F fired before a final response arrived (RFC 3261 sections 17.1.1.2 and 17.1.2.2). */
    void onTimeout();

    /** The request (or an ACK) could not be sent (RFC 3261 section 17.1.4); the transaction terminates. */
    void onTransportError(Throwable cause);

    /** The transaction ended and left its table; nothing more comes. */
    default void onTerminated() {
    }
}
