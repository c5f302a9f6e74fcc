package io.sipgw.call;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How the gateway names itself on each leg.
 *
 * @param publicHost    the host of our From URI on the callee leg (PUBLIC_HOST)
 * @param viaTransport  the transport token of our Via on the callee leg ({@code UDP}, {@code TCP}, {@code TLS})
 * @param viaPort       the port of our Via sent-by and Contact on the callee leg
 * @param callerContact the Contact URI we give the caller (in our 1xx/2xx and in-dialog requests)
 * @param callerVia     the transport token of our Via on requests to the caller
 * @param callerViaPort the port of our Via sent-by on requests to the caller
 * @param ringTimeout   how long the callee may take to answer before the caller gets 408 and the callee a CANCEL
 */
public record CallSettings(String publicHost, String viaTransport, int viaPort, String callerContact,
                           String callerVia, int callerViaPort, Duration ringTimeout) {

    /** The ring timeout when none is configured: longer than Twilio's own default of 60 s for a dial. */
    public static final Duration DEFAULT_RING_TIMEOUT = Duration.ofSeconds(90);

    /** Checks that every component is present. */
    public CallSettings {
        Objects.requireNonNull(publicHost, "publicHost");
        Objects.requireNonNull(viaTransport, "viaTransport");
        Objects.requireNonNull(callerContact, "callerContact");
        Objects.requireNonNull(callerVia, "callerVia");
        if (ringTimeout.isNegative() || ringTimeout.isZero()) {
            throw new IllegalArgumentException("ring timeout must be positive: " + ringTimeout);
        }
    }

    /** Our Contact on the callee leg. */
    public String calleeContact() {
        return "sip:" + publicHost + ":" + viaPort + ";transport=" + viaTransport.toLowerCase(Locale.ROOT);
    }
}
