package io.sipgw.transaction;

import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipMethod;
import io.sipgw.sip.SipParseException;
import io.sipgw.sip.Via;

import java.util.Locale;

/**
 * What identifies a transaction in its {@link TransactionTable}: the top Via branch, the sent-by of a server
 * transaction's request, and the method. The branch is compared as an opaque string, with or without the RFC 3261
 * magic cookie; RFC 2543 matching (by Request-URI, tags, Call-ID and CSeq) is not done.
 *
 * @param branch the top Via branch
 * @param sentBy the sent-by of the request's top Via (host in lower case, then {@code :port} when present), or
 *               {@code null} for a client transaction, which RFC 3261 section 17.1.3 matches without it
 * @param method the method of the request that created the transaction
 */
record TransactionKey(String branch, String sentBy, SipMethod method) {

    /** RFC 3261 section 17.1.3: a response matches by its top Via branch and its CSeq method. */
    static TransactionKey forClient(String branch, SipMethod method) {
        return branch == null || method == null ? null : new TransactionKey(branch, null, method);
    }

    /**
     * RFC 3261 section 17.2.3: a request matches by top Via branch, sent-by and method, an ACK the INVITE it
     * acknowledges; {@code null} when the request has no branch or a top Via that cannot be read.
     */
    static TransactionKey forServer(SipMessage request, SipMethod method) {
        String branch = request.topViaBranch();
        if (branch == null || method == null) {
            return null;
        }
        Via via;
        try {
            via = request.topVia();
        } catch (SipParseException e) {
            return null;
        }
        String host = via.host().toLowerCase(Locale.ROOT);
        return new TransactionKey(branch, via.port() < 0 ? host : host + ":" + via.port(),
                method == SipMethod.ACK ? SipMethod.INVITE : method);
    }
}
