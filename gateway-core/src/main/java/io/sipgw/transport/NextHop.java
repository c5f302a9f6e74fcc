package io.sipgw.transport;

/**
 * Where a request goes next, as a SIP URI names it (RFC 3263 section 4): a host, an optional port, an optional
 * transport and whether the URI is a {@code sips} URI.
 *
 * @param host      a domain name or an IP literal; brackets, a trailing dot and upper case are removed
 * @param port      the explicit port, or {@link #NO_PORT} when the URI names none
 * @param transport the {@code transport} parameter, or {@code null} when the URI names none; for a {@code sips}
 *                  URI it is {@link TransportKind#TLS} (TLS over TCP, RFC 3261 section 26.2.2)
 * @param sips      whether the URI is a {@code sips} URI, which must be reached over TLS
 */
public record NextHop(String host, int port, TransportKind transport, boolean sips) {

    /** The {@link #port} of a URI without an explicit port. */
    public static final int NO_PORT = 0;

    /** Normalises the host and checks the combination (a {@code sips} URI cannot be reached over UDP). */
    public NextHop {
        host = HostNames.normalise(host);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (sips) {
            if (transport == TransportKind.UDP) {
                throw new IllegalArgumentException("a sips URI cannot use UDP: " + host);
            }
            transport = TransportKind.TLS;
        }
    }

    /** A {@code sip:} URI's host with no port and no transport parameter. */
    public static NextHop of(String host) {
        return new NextHop(host, NO_PORT, null, false);
    }

    /** The same hop with an explicit port. */
    public NextHop withPort(int newPort) {
        return new NextHop(host, newPort, transport, sips);
    }

    /** The same hop with a {@code transport} parameter. */
    public NextHop withTransport(TransportKind newTransport) {
        return new NextHop(host, port, newTransport, sips);
    }

    /** The same hop as a {@code sips} URI. */
    public NextHop asSips() {
        return new NextHop(host, port, transport, true);
    }

    /** Whether the URI names a port. */
    public boolean hasPort() {
        return port != NO_PORT;
    }
}
