package io.sipgw.call;

import io.sipgw.sip.SipUri;
import io.sipgw.transaction.TransactionTransport;

/** How the B2BUA reaches the callee side: a transport towards a URI (the next hop of RFC 3261 section 8.1.2). */
public interface CallTransport {

    /** The transport for requests to {@code target}, the first Route or else the Request-URI. */
    TransactionTransport towards(SipUri target);
}
