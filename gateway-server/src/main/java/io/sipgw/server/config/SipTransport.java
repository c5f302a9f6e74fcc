package io.sipgw.server.config;

import java.util.Locale;

/** The SIP transport used towards a peer, as written in {@code TWILIO_TRANSPORT}. */
public enum SipTransport {
    UDP,
    TCP,
    TLS;

    /** The lower-case name used in configuration and in Via headers' transport token (lower-cased). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
