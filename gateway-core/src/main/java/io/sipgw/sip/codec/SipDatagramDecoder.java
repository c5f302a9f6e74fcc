package io.sipgw.sip.codec;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultAddressedEnvelope;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;

import java.util.List;

/**
 * Decodes UDP datagrams, one message each (RFC 3261 section 18.3), into an {@code AddressedEnvelope} holding a
 * {@link io.sipgw.sip.SipMessage} or a {@link SipDecodeError}, with the sender and recipient kept; datagrams of
 * only CR/LF (keep-alives) produce nothing. Never throws for bad input.
 */
public final class SipDatagramDecoder extends MessageToMessageDecoder<DatagramPacket> {

    private final SipParser parser;

    public SipDatagramDecoder(SipCodecLimits limits) {
        super(DatagramPacket.class);
        this.parser = new SipParser(limits);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
        Object result = parser.parseDatagram(packet.content());
        if (result != null) {
            out.add(new DefaultAddressedEnvelope<>(result, packet.recipient(), packet.sender()));
        }
    }
}
