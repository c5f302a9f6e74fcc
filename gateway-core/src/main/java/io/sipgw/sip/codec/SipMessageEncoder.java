package io.sipgw.sip.codec;

import io.netty.channel.AddressedEnvelope;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.sipgw.sip.SipMessage;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Writes a {@link SipMessage} (stream) or an {@code AddressedEnvelope} of one (datagram). A message already is its
 * encoding, written once into one buffer by its builder or received as is, so this hands that buffer on without
 * copying or allocating.
 */
@ChannelHandler.Sharable
public final class SipMessageEncoder extends MessageToMessageEncoder<Object> {

    public SipMessageEncoder() {
        super(Object.class);
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof SipMessage
                || (msg instanceof AddressedEnvelope && ((AddressedEnvelope<?, ?>) msg).content() instanceof SipMessage);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (msg instanceof SipMessage) {
            out.add(((SipMessage) msg).content().retainedDuplicate());
            return;
        }
        @SuppressWarnings("unchecked")
        AddressedEnvelope<SipMessage, InetSocketAddress> envelope = (AddressedEnvelope<SipMessage, InetSocketAddress>) msg;
        out.add(new DatagramPacket(envelope.content().content().retainedDuplicate(), envelope.recipient(),
                envelope.sender()));
    }
}
