package io.sipgw.call;

import io.sipgw.auth.DigestCredentials;
import io.sipgw.sip.SipParseException;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipStatus;
import io.sipgw.sip.SipUri;

import java.net.InetAddress;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The business-initiated direction: an INVITE from Twilio's networks (TwiML {@code <Dial><Sip>}) calls the WhatsApp
 * user its Request-URI names, at {@code sip:+<E.164>@wa.meta.vc;transport=tls}, from
 * {@code sip:+<business>@<public host>}; Meta's 407 is answered with the business number (without {@code +}) as
 * username unless one is configured (PEERS: Request-URI, To and digest {@code uri} must agree).
 */
public final class MetaRouting implements RoutingPolicy {

    /** Meta's SIP domain for business-initiated calls (PEERS: always the domain, never an address). */
    public static final String META_DOMAIN = "wa.meta.vc";
    /** E.164 allows at most 15 digits (ITU-T E.164 section 6). */
    private static final int MAX_E164_DIGITS = 15;

    private final Predicate<InetAddress> twilioSources;
    private final String publicHost;
    private final String businessNumber;
    private final MediaBridge media;
    private String username;
    private String password;

    /**
     * @param twilioSources  the allow-list of Twilio's source networks
     * @param publicHost     the host of our From URI (the hostname configured for the number at Meta)
     * @param businessNumber the business number ({@code +} optional), or {@code null} to take the From user Twilio
     *                       sends
     * @param media          the media policy of offers towards Meta (SRTP only)
     */
    public MetaRouting(Predicate<InetAddress> twilioSources, String publicHost, String businessNumber,
                       MediaBridge media) {
        this.twilioSources = Objects.requireNonNull(twilioSources, "twilioSources");
        this.publicHost = Objects.requireNonNull(publicHost, "publicHost");
        this.businessNumber = businessNumber == null ? null : requireE164(businessNumber, "business number");
        this.media = Objects.requireNonNull(media, "media");
    }

    /**
     * Answers Meta's challenges with {@code password}, and {@code username} or else the business number without
     * {@code +}; without a password Meta's 407 ends the call with 403.
     */
    public MetaRouting withCredentials(String username, String password) {
        this.username = username;
        this.password = password;
        return this;
    }

    @Override
    public boolean admits(InetAddress source) {
        return twilioSources.test(source);
    }

    @Override
    public Route route(SipRequest invite, InetAddress source) throws RouteRefusedException, SipParseException {
        String user = e164(invite.requestUri().user());
        if (user == null) {
            throw new RouteRefusedException(SipStatus.NOT_FOUND, "Not a WhatsApp Number",
                    "Request-URI user " + invite.requestUri().user() + " is not an E.164 number");
        }
        String business = businessNumber != null ? businessNumber : e164(invite.from().uri().user());
        if (business == null) {
            throw new RouteRefusedException(SipStatus.FORBIDDEN, "No Business Number",
                    "set META_BUSINESS_NUMBER: the From user " + invite.from().uri().user()
                            + " is not an E.164 number");
        }
        SipUri callee = SipUri.of(user, META_DOMAIN).withParam("transport", "tls");
        SipUri from = SipUri.of(business, publicHost);
        DigestCredentials credentials = password == null ? null
                : new DigestCredentials(username != null ? username : business.substring(1), password);
        return new Route(Direction.BUSINESS_INITIATED, callee, from, media, null, null, credentials);
    }

    /** {@code number} as {@code +} and 1 to 15 digits, or {@code null} when it is no phone number. */
    static String e164(String number) {
        if (number == null) {
            return null;
        }
        String digits = number.startsWith("+") ? number.substring(1) : number;
        if (digits.isEmpty() || digits.length() > MAX_E164_DIGITS) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return "+" + digits;
    }

    private static String requireE164(String number, String what) {
        String e164 = e164(number);
        if (e164 == null) {
            throw new IllegalArgumentException(what + " is not an E.164 number: " + number);
        }
        return e164;
    }
}
