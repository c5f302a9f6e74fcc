package io.sipgw.pipeline;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.sipgw.sip.SipMethod;
import io.sipgw.sip.codec.SipDecodeError;
import io.sipgw.transport.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers bytes that were not an acceptable request with the decoder's status and reason ({@code 400 Missing
 * Call-ID}) when it could read enough to answer, drops them otherwise, and closes a stream that lost its framing
 * once the answer is written.
 */
@ChannelHandler.Sharable
final class DecodeErrorHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(DecodeErrorHandler.class);

    /** Whether an error is answered: when the request could be read, and never an ACK (RFC 3261 section 17.2.1). */
    static boolean answers(SipDecodeError error) {
        return error.isAnswerable() && !SipMethod.ACK.equals(error.request().method());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Inbound) || ((Inbound) msg).error() == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        Inbound in = (Inbound) msg;
        try {
            handle(ctx, in.error(), in.flow());
        } catch (RuntimeException e) {
            log.warn("cannot answer a malformed message from {}", in.flow(), e);
        } finally {
            in.release();
        }
    }

    private static void handle(ChannelHandlerContext ctx, SipDecodeError error, Flow flow) {
        ChannelFuture answer = null;
        if (answers(error)) {
            answer = Replies.send(error.request(), flow,
                    Replies.to(error.request(), error.status(), error.reason()));
        }
        log.debug("{}: {} {}", flow, error, answer != null ? "answered" : "dropped");
        // A datagram socket is shared by every peer and is never closed for one peer's bytes.
        if (error.closeConnection() && flow.transport().isReliable()) {
            if (answer != null) {
                answer.addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
        }
    }
}
