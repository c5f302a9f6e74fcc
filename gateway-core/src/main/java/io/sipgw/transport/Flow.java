package io.sipgw.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.DefaultAddressedEnvelope;
import io.netty.util.NetUtil;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.Via;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * How to reach a peer again: the transport, the local and remote addresses, and the channel to write on (the UDP
 * listening channel, or the TCP/TLS connection).
 *
 * @param transport the transport the peer was reached over
 * @param local     our address: the listening address for UDP, the connection's local end for TCP and TLS
 * @param remote    the peer's address (for a received message: where the packet or connection came from)
 * @param channel   the channel a message to the peer is written on
 */
public record Flow(TransportKind transport, InetSocketAddress local, InetSocketAddress remote, Channel channel) {

    /** Checks that every component is present. */
    public Flow {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(channel, "channel");
    }

    /**
     * Writes and flushes {@code message}: over UDP as a datagram to {@link #remote()} from the listening socket,
     * over TCP and TLS on the connection. Takes over one reference to the message, as {@code Channel.write} does.
     */
    public ChannelFuture send(SipMessage message) {
        if (transport == TransportKind.UDP) {
            return channel.writeAndFlush(new DefaultAddressedEnvelope<>(message, remote));
        }
        return channel.writeAndFlush(message);
    }

    /**
     * The flow that responses to a request received on this flow go back over. TCP and TLS: this connection
     * (RFC 3261 section 18.2.2). UDP: from the same listening socket to the packet's source address, which is the
     * Via {@code received} address or the sent-by host itself; to the source port when the request's top Via
     * carries {@code rport} (RFC 3581 section 4), otherwise to the sent-by port or 5060 (RFC 3261 section 18.2.2).
     * Always answering the source address rather than a sent-by host name is what gets through NATs, and it needs
     * no DNS lookup.
     *
     * @param requestTopVia the top Via of the request, as received or with {@code received}/{@code rport} added
     */
    public Flow forResponse(Via requestTopVia) {
        if (transport != TransportKind.UDP) {
            return this;
        }
        int port = requestTopVia.hasRport() ? remote.getPort()
                : requestTopVia.port() > 0 ? requestTopVia.port() : TransportKind.UDP.defaultPort();
        return port == remote.getPort() ? this
                : new Flow(transport, local, new InetSocketAddress(remote.getAddress(), port), channel);
    }

    @Override
    public String toString() {
        return transport.token() + " " + NetUtil.toSocketAddressString(local) + " <-> "
                + NetUtil.toSocketAddressString(remote);
    }
}
