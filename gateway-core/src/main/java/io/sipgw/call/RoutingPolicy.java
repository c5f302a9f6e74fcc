package io.sipgw.call;

import io.sipgw.sip.SipParseException;
import io.sipgw.sip.SipRequest;

import java.net.InetAddress;
import java.util.List;

/** Who may start a call and how the B2BUA bridges it. */
public interface RoutingPolicy {

    /** Whether an initial request from {@code source} may start a call; the others get 403 (never an open relay). */
    boolean admits(InetAddress source);

    /**
     * How to bridge {@code invite}, which came from an admitted {@code source}.
     *
     * @throws RouteRefusedException when the INVITE cannot be routed (the status and reason say why)
     * @throws SipParseException     when a header the route needs does not parse
     */
    Route route(SipRequest invite, InetAddress source) throws RouteRefusedException, SipParseException;

    /** The first of {@code policies} that admits a source routes its INVITEs. */
    static RoutingPolicy firstOf(List<RoutingPolicy> policies) {
        List<RoutingPolicy> all = List.copyOf(policies);
        return new RoutingPolicy() {
            @Override
            public boolean admits(InetAddress source) {
                return pick(source) != null;
            }

            @Override
            public Route route(SipRequest invite, InetAddress source) throws RouteRefusedException,
                    SipParseException {
                RoutingPolicy policy = pick(source);
                if (policy == null) {
                    throw new RouteRefusedException(403, null, "source not allowed");
                }
                return policy.route(invite, source);
            }

            private RoutingPolicy pick(InetAddress source) {
                for (RoutingPolicy policy : all) {
                    if (policy.admits(source)) {
                        return policy;
                    }
                }
                return null;
            }
        };
    }
}
