package io.sipgw.transport;

import java.util.Optional;

/** A SIP transport protocol, named as in Via headers and the {@code transport} URI parameter. */
public enum TransportKind {

    UDP("UDP", 5060, false),
    TCP("TCP", 5060, true),
    TLS("TLS", 5061, true);

    private final String token;
    private final int defaultPort;
    private final boolean reliable;
    // One Optional per constant, so that parsing a Via on the hot path does not allocate.
    private final Optional<TransportKind> asOptional;

    TransportKind(String token, int defaultPort, boolean reliable) {
        this.token = token;
        this.defaultPort = defaultPort;
        this.reliable = reliable;
        this.asOptional = Optional.of(this);
    }

    /** The token of this transport in a Via header ({@code SIP/2.0/UDP}), upper case (RFC 3261 section 20.42). */
    public String token() {
        return token;
    }

    /** The port used when a URI or Via names none: 5060, or 5061 for TLS (RFC 3261 section 19.1.2). */
    public int defaultPort() {
        return defaultPort;
    }

    /** Whether the transport delivers reliably, so that requests are not retransmitted (RFC 3261 section 17.1.1.2). */
    public boolean isReliable() {
        return reliable;
    }

    /** Whether the transport is TLS, as a {@code sips} URI requires (RFC 3261 section 26.2.2). */
    public boolean isSecure() {
        return this == TLS;
    }

    /**
     * The transport named by a Via transport token or a {@code transport=} URI parameter value, compared
     * case-insensitively (RFC 3261 section 7.1); empty for other transports such as {@code SCTP} or {@code WS}.
     */
    public static Optional<TransportKind> fromToken(CharSequence value) {
        if (value == null || value.length() != 3) {
            return Optional.empty();
        }
        for (TransportKind kind : values()) {
            if (equalsIgnoreAsciiCase(kind.token, value)) {
                return kind.asOptional;
            }
        }
        return Optional.empty();
    }

    private static boolean equalsIgnoreAsciiCase(String upper, CharSequence value) {
        for (int i = 0; i < upper.length(); i++) {
            char c = value.charAt(i);
            if (c >= 'a' && c <= 'z') {
                c -= 'a' - 'A';
            }
            if (c != upper.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
