package io.sipgw.transaction;

import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;

/** A server transaction of either kind, as {@link TransactionTable#matchRequest} finds it for a request. */
public sealed interface ServerTransaction permits ServerInviteTransaction, ServerNonInviteTransaction {

    /**
     * The request that created this transaction, retained by it: valid until the final response has been sent,
     * {@code null} after that (the transaction keeps only its key and that response).
     */
    SipRequest request();

    /**
     * A request the table matched to this transaction (RFC 3261 section 17.2.3): a retransmission, answered with the
     * last response, or an ACK; borrowed, not released here.
     */
    void receive(SipRequest request);

    /**
     * Sends a response from the TU, taking over one reference to it in every case.
     *
     * @return false, with the response released unsent, when the state accepts no such response (a final response
     *     was already sent, or the transaction terminated)
     */
    boolean respond(SipResponse response);

    /** Whether the transaction reached Terminated and left its table. */
    boolean isTerminated();
}
