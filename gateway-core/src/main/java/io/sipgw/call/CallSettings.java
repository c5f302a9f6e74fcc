package io.sipgw.call;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How the gateway names itself to each peer, and how long a call may ring.
 *
 * @param metaSide    our Contact and Via towards Meta (the listener Meta connects to: TLS in production)
 * @param twilioSide  our Contact and Via towards Twilio (TWILIO_TRANSPORT)
 * @param ringTimeout how long the callee may take to answer before the caller gets 408 and the callee a CANCEL
 * @param capacity    how many calls and transactions the B2BUA holds before new calls get 503
 */
public record CallSettings(Presence metaSide, Presence twilioSide, Duration ringTimeout, CallCapacity capacity) {

    /** The ring timeout when none is configured: longer than Twilio's own default of 60 s for a dial. */
    public static final Duration DEFAULT_RING_TIMEOUT = Duration.ofSeconds(90);

    /** Checks that every component is present. */
    public CallSettings {
        Objects.requireNonNull(metaSide, "metaSide");
        Objects.requireNonNull(twilioSide, "twilioSide");
        Objects.requireNonNull(capacity, "capacity");
        if (ringTimeout.isNegative() || ringTimeout.isZero()) {
            throw new IllegalArgumentException("ring timeout must be positive: " + ringTimeout);
        }
    }

    /** Settings with the default {@link CallCapacity}. */
    public CallSettings(Presence metaSide, Presence twilioSide, Duration ringTimeout) {
        this(metaSide, twilioSide, ringTimeout, CallCapacity.defaults());
    }

    /** The same settings for one of {@code loops} event loops ({@link CallCapacity#perLoop}). */
    public CallSettings perLoop(int loops) {
        return new CallSettings(metaSide, twilioSide, ringTimeout, capacity.perLoop(loops));
    }

    /**
     * The usual presence: {@code sip:<host>:<port>;transport=<transport>} as Contact, the same transport, host and
     * port in the Via.
     */
    public static Presence presence(String host, int port, String transport) {
        return new Presence("sip:" + host + ":" + port + ";transport=" + transport.toLowerCase(Locale.ROOT),
                transport.toUpperCase(Locale.ROOT), host, port);
    }

    /** Our presence on the caller leg of a call going {@code direction}. */
    Presence callerSide(Direction direction) {
        return direction == Direction.USER_INITIATED ? metaSide : twilioSide;
    }

    /** Our presence on the callee leg of a call going {@code direction}. */
    Presence calleeSide(Direction direction) {
        if (direction == Direction.USER_INITIATED) {
            return twilioSide;
        }
        // We reach Meta over TLS only (PEERS), on a connection we open; its in-dialog requests come to our listener.
        return metaSide.viaTransport().equals("TLS") ? metaSide
                : new Presence(metaSide.contact(), "TLS", metaSide.viaHost(), metaSide.viaPort());
    }
}
