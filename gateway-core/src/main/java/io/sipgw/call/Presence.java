package io.sipgw.call;

import java.util.Objects;

/**
 * How the gateway names itself to one peer: the Contact of its dialogs (where the peer sends in-dialog requests)
 * and the sent-by of the Vias of its requests (where responses come back, RFC 3261 section 18.2.2).
 *
 * @param contact      our Contact URI on this leg
 * @param viaTransport the transport token of our Via ({@code UDP}, {@code TCP}, {@code TLS})
 * @param viaHost      the host of our Via sent-by
 * @param viaPort      the port of our Via sent-by
 */
public record Presence(String contact, String viaTransport, String viaHost, int viaPort) {

    /** Checks that every part is there. */
    public Presence {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(viaTransport, "viaTransport");
        Objects.requireNonNull(viaHost, "viaHost");
    }
}
