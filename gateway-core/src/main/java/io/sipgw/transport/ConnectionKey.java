package io.sipgw.transport;

import io.netty.util.NetUtil;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The identity of a connection to a remote peer: transport, host (an IP literal or a lower-case name) and port.
 *
 * @param transport the transport of the connection
 * @param host      the remote host, an IP literal without brackets or a domain name in lower case without
 *                  a trailing dot
 * @param port      the remote port, 1 to 65535
 */
public record ConnectionKey(TransportKind transport, String host, int port) {

    /** Validates the components and normalises the host (no brackets, no trailing dot, lower case). */
    public ConnectionKey {
        Objects.requireNonNull(transport, "transport");
        host = HostNames.normalise(host);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** The key of a connection to a resolved socket address, keyed by its IP address (never a lookup). */
    public static ConnectionKey of(TransportKind transport, InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address: " + address);
        }
        return new ConnectionKey(transport, NetUtil.toAddressString(address.getAddress()), address.getPort());
    }
}
