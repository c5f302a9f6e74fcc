package io.sipgw.call;

import io.sipgw.auth.DigestCredentials;
import io.sipgw.sip.SipParseException;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipUri;

import java.net.InetAddress;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The user-initiated direction: INVITEs from Meta's networks go to {@code sip:<destination>@<Twilio SIP domain>},
 * the destination being the configured one or else the business number of Meta's Request-URI; the callee leg is
 * from the caller's number at our public host.
 */
public final class TwilioRouting implements RoutingPolicy {

    private final Predicate<InetAddress> metaSources;
    private final String domain;
    private final int port;
    private final String destination;
    private final String publicHost;
    private final MediaBridge media;
    private CallerAuthentication metaAuth;
    private DigestCredentials metaCredentials;
    private DigestCredentials twilioCredentials;

    /**
     * @param metaSources the allow-list of Meta's source networks
     * @param domain      the Twilio SIP domain (host of the callee URI)
     * @param port        the port of the callee URI, or -1 for none (RFC 3263 then chooses)
     * @param destination the user part of the callee URI, or {@code null} to keep the user of Meta's Request-URI
     * @param publicHost  the host of our From URI towards Twilio
     * @param media       the media policy of offers towards Twilio
     */
    public TwilioRouting(Predicate<InetAddress> metaSources, String domain, int port, String destination,
                         String publicHost, MediaBridge media) {
        this.metaSources = Objects.requireNonNull(metaSources, "metaSources");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.port = port;
        this.destination = destination;
        this.publicHost = Objects.requireNonNull(publicHost, "publicHost");
        this.media = Objects.requireNonNull(media, "media");
    }

    /** Answers Twilio's 401/407 with {@code credentials} (its SIP Domain's credential list). */
    public TwilioRouting withTwilioCredentials(DigestCredentials credentials) {
        this.twilioCredentials = credentials;
        return this;
    }

    /**
     * Challenges Meta's INVITEs with {@code auth} before a call starts, and answers Meta's challenges to our
     * requests on its leg with {@code credentials}; either may be {@code null}.
     */
    public TwilioRouting withMeta(CallerAuthentication auth, DigestCredentials credentials) {
        this.metaAuth = auth;
        this.metaCredentials = credentials;
        return this;
    }

    @Override
    public boolean admits(InetAddress source) {
        return metaSources.test(source);
    }

    @Override
    public Route route(SipRequest invite, InetAddress source) throws SipParseException {
        String user = destination != null ? destination : invite.requestUri().user();
        SipUri uri = SipUri.of(user, domain);
        if (port > 0) {
            uri = uri.withHostPort(uri.host(), port);
        }
        SipUri from = SipUri.of(invite.from().uri().user(), publicHost);
        return new Route(Direction.USER_INITIATED, uri, from, media, metaAuth, metaCredentials, twilioCredentials);
    }
}
