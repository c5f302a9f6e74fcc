package io.sipgw.transaction;

import io.sipgw.sip.SipRequest;

/**
 * What a server transaction tells its transaction user (the call layer); called on the event loop that owns the
 * transaction. Every method does nothing by default; the TU of an INVITE wants {@link #onAck} and
 * {@link #onAckTimeout}.
 */
public interface ServerTransactionListener {

    /** A listener that ignores everything, for transactions whose TU only answers (OPTIONS, BYE). */
    ServerTransactionListener IGNORE = new ServerTransactionListener() {
    };

    /**
     * The ACK for the 2xx this INVITE transaction sent (RFC 6026 section 7.1), the first one and its
     * retransmissions; the transaction has stopped retransmitting the 2xx. Borrowed: {@code retain()} it to keep it.
     */
    default void onAck(SipRequest ack) {
    }

    /**
     * No ACK came for the final response of this INVITE transaction: for a 3xx-6xx within Timer H (RFC 3261
     * section 17.2.1); for a 2xx within 64*T1, after which the session should be ended with a BYE (RFC 3261
     * section 13.3.1.4).
     */
    default void onAckTimeout() {
    }

    /**
     * A response could not be sent; the transaction stays in its state (RFC 6026 section 8.8, updating RFC 3261
     * section 17.2.4).
     */
    default void onTransportError(Throwable cause) {
    }

    /** The transaction ended and left its table; nothing more comes. */
    default void onTerminated() {
    }
}
