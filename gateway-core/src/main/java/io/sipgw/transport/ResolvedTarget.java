package io.sipgw.transport;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One place to send a request to, as RFC 3263 resolution found it: the transport, the socket address, and the
 * name a TLS server certificate must match.
 *
 * @param transport  the transport to use
 * @param address    the resolved IP address and port; its host string is the name it was found under
 * @param serverName the host of the URI, sent as SNI and checked against the certificate (RFC 5922 section 4.1),
 *                   even when the address came from an SRV target with another name
 */
public record ResolvedTarget(TransportKind transport, InetSocketAddress address, String serverName) {

    /** Checks that every component is present and the address is resolved. */
    public ResolvedTarget {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(serverName, "serverName");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address: " + address);
        }
    }

    /** The key of a connection to this target. */
    public ConnectionKey connectionKey() {
        return ConnectionKey.of(transport, address);
    }
}
