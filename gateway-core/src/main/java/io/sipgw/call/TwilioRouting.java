package io.sipgw.call;

import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipUri;

import java.net.InetAddress;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The user-initiated direction: INVITEs from Meta's networks go to {@code sip:<destination>@<Twilio SIP domain>},
 * the destination being the configured one or else the business number of Meta's Request-URI.
 */
public final class TwilioRouting implements RoutingPolicy {

    private final Predicate<InetAddress> metaSources;
    private final String domain;
    private final int port;
    private final String destination;

    /**
     * @param metaSources the allow-list of Meta's source networks
     * @param domain      the Twilio SIP domain (host of the callee URI)
     * @param port        the port of the callee URI, or -1 for none (RFC 3263 then chooses)
     * @param destination the user part of the callee URI, or {@code null} to keep the user of Meta's Request-URI
     */
    public TwilioRouting(Predicate<InetAddress> metaSources, String domain, int port, String destination) {
        this.metaSources = Objects.requireNonNull(metaSources, "metaSources");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.port = port;
        this.destination = destination;
    }

    @Override
    public boolean admits(InetAddress source) {
        return metaSources.test(source);
    }

    @Override
    public SipUri calleeUri(SipRequest invite) {
        String user = destination != null ? destination : invite.requestUri().user();
        SipUri uri = SipUri.of(user, domain);
        return port > 0 ? uri.withHostPort(uri.host(), port) : uri;
    }
}
