package io.sipgw.pipeline;

import io.netty.channel.AddressedEnvelope;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.codec.SipDecodeError;
import io.sipgw.transport.Flow;
import io.sipgw.transport.TransportKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * Tells the {@link SipTrafficListener} about every message and decode error that comes in and every message
 * written out, whoever wrote it; a listener that throws is logged and never stops the message.
 */
@ChannelHandler.Sharable
final class TrafficCounter extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(TrafficCounter.class);

    private final TransportKind transport;
    private final SipTrafficListener listener;

    TrafficCounter(TransportKind transport, SipTrafficListener listener) {
        this.transport = transport;
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Inbound) {
            Inbound in = (Inbound) msg;
            Flow flow = in.flow();
            try {
                SipMessage message = in.message();
                if (message != null) {
                    listener.messageIn(transport, flow.remote(), message);
                } else {
                    SipDecodeError error = in.error();
                    listener.decodeFailure(transport, flow.remote(), error.reason(), DecodeErrorHandler.answers(error));
                }
            } catch (RuntimeException e) {
                log.warn("traffic listener failed on a message from {}", flow, e);
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        try {
            if (msg instanceof SipMessage) {
                listener.messageOut(transport, (InetSocketAddress) ctx.channel().remoteAddress(), (SipMessage) msg);
            } else if (msg instanceof AddressedEnvelope
                    && ((AddressedEnvelope<?, ?>) msg).content() instanceof SipMessage) {
                AddressedEnvelope<?, ?> envelope = (AddressedEnvelope<?, ?>) msg;
                listener.messageOut(transport, (InetSocketAddress) envelope.recipient(),
                        (SipMessage) envelope.content());
            }
        } catch (RuntimeException e) {
            log.warn("traffic listener failed on a message to {}", ctx.channel(), e);
        }
        ctx.write(msg, promise);
    }
}
