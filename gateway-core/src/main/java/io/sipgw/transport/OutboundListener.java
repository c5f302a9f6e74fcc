package io.sipgw.transport;

import io.netty.channel.Channel;

import java.net.InetSocketAddress;

/**
 * Receives what arrives on the connections {@link OutboundConnections} opened: responses to the requests sent over
 * them, and requests the peer sends back over the same connection (RFC 3261 section 18, RFC 5923).
 */
@FunctionalInterface
public interface OutboundListener {

    /**
     * Called on the event loop of {@code channel} for each decoded message, in the order received.
     *
     * @param message a {@link io.sipgw.sip.SipMessage} or a {@link io.sipgw.sip.codec.SipDecodeError}, as the
     *                decoders emit them; the listener owns one reference and releases it. After a decode error
     *                that {@linkplain io.sipgw.sip.codec.SipDecodeError#closeConnection() closes the connection}
     *                the connection is taken out of the pool and closed once what the listener wrote is flushed
     * @param channel the channel it arrived on: answer a request on it (a TCP or TLS connection), or as a
     *                datagram to {@code sender} (the pool's own UDP channel)
     * @param sender  the peer's address
     */
    void onMessage(Object message, Channel channel, InetSocketAddress sender);
}
