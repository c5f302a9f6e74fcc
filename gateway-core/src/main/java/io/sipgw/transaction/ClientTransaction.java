package io.sipgw.transaction;

import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;

/** A client transaction of either kind, as {@link TransactionTable#matchResponse} finds it for a response. */
public sealed interface ClientTransaction permits ClientInviteTransaction, ClientNonInviteTransaction {

    /**
     * The request this transaction sends, owned by it: valid until the final response has been handed to the
     * listener, {@code null} after that (the transaction keeps only what matches retransmissions).
     */
    SipRequest request();

    /** A response the table matched to this transaction (RFC 3261 section 17.1.3); borrowed, not released here. */
    void receive(SipResponse response);

    /** Whether the transaction reached Terminated and left its table. */
    boolean isTerminated();
}
