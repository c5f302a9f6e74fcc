package io.sipgw.pipeline;

import io.netty.channel.AddressedEnvelope;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.codec.SipDecodeError;
import io.sipgw.transport.Flow;
import io.sipgw.transport.TransportKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Wraps each decoded message or decode error with the {@link Flow} it arrived on: for UDP the sender of the
 * datagram on the listening channel, for TCP and TLS the connection (one flow for its lifetime).
 */
final class FlowHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(FlowHandler.class);

    private final TransportKind transport;
    private Flow connection;

    FlowHandler(TransportKind transport) {
        this.transport = transport;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (transport.isReliable()) {
            // Taken while the connection is surely open: a closed socket may no longer know its peer.
            connection = connectionFlow(ctx.channel());
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Object content;
        Flow flow;
        if (msg instanceof AddressedEnvelope) {
            AddressedEnvelope<?, ?> envelope = (AddressedEnvelope<?, ?>) msg;
            content = envelope.content();
            SocketAddress recipient = envelope.recipient();
            flow = flow(ctx.channel(), recipient != null ? recipient : ctx.channel().localAddress(), envelope.sender());
        } else {
            content = msg;
            if (connection == null) {
                connection = connectionFlow(ctx.channel());
            }
            flow = connection;
        }
        if (flow == null && (content instanceof SipMessage || content instanceof SipDecodeError)) {
            // No IP address to answer to (not an IP channel, or a connection already gone): nothing can be done.
            log.debug("{} message on {} dropped: no IP flow", transport, ctx.channel());
            ReferenceCountUtil.release(msg);
            return;
        }
        if (content instanceof SipMessage) {
            ctx.fireChannelRead(Inbound.of((SipMessage) content, flow));
        } else if (content instanceof SipDecodeError) {
            ctx.fireChannelRead(Inbound.of((SipDecodeError) content, flow));
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private Flow connectionFlow(Channel ch) {
        return flow(ch, ch.localAddress(), ch.remoteAddress());
    }

    /** The flow between two IP socket addresses, or {@code null} when either is missing or not one. */
    private Flow flow(Channel ch, SocketAddress local, SocketAddress remote) {
        if (local instanceof InetSocketAddress && remote instanceof InetSocketAddress) {
            return new Flow(transport, (InetSocketAddress) local, (InetSocketAddress) remote, ch);
        }
        return null;
    }
}
