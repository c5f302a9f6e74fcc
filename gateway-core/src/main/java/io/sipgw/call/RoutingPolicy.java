package io.sipgw.call;

import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipUri;

import java.net.InetAddress;

/** Who may start a call and where the B2BUA sends it: the other side's Request-URI for a caller's INVITE. */
public interface RoutingPolicy {

    /** Whether an initial request from {@code source} may start a call; the others get 403 (never an open relay). */
    boolean admits(InetAddress source);

    /** The Request-URI (and To URI) of the callee-leg INVITE for the caller's {@code invite}. */
    SipUri calleeUri(SipRequest invite);
}
