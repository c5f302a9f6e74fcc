package io.sipgw.pipeline;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramChannel;
import io.netty.util.ReferenceCountUtil;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipMethod;
import io.sipgw.sip.SipParseException;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.sip.SipStatus;
import io.sipgw.transport.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * The last handler of every channel: stamps the top Via of requests with where they came from, answers
 * out-of-dialog OPTIONS itself (the keep-alive of Meta, Twilio and SIP load balancers), refuses new INVITEs while
 * draining, and hands everything else to the {@link SipEndpoint}. Releases each message once; no exception
 * leaves it.
 */
@ChannelHandler.Sharable
final class SipInboundHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SipInboundHandler.class);

    private final SipEndpoint endpoint;
    private final SipTrafficListener listener;
    private final BooleanSupplier draining;
    private final int retryAfterSeconds;
    private final SourceRateLimiter rateLimiter;

    SipInboundHandler(PipelineSettings settings) {
        this.endpoint = settings.endpoint();
        this.listener = settings.listener();
        this.draining = settings.draining();
        this.retryAfterSeconds = settings.retryAfterSeconds();
        this.rateLimiter = settings.rateLimiter();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Inbound) || ((Inbound) msg).message() == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        Inbound in = (Inbound) msg;
        SipMessage message = in.message();
        try {
            if (message instanceof SipRequest) {
                onRequest((SipRequest) message, in.flow());
            } else {
                endpoint.onResponse((SipResponse) message, in.flow());
            }
        } catch (RuntimeException e) {
            String what = message.refCnt() > 0 ? message.startLine() : "a message (released too early)";
            log.warn("{} from {} failed: {}", what, in.flow(), e.toString(), e);
        } finally {
            // Safe: an endpoint that released the message itself must not make this throw into the channel.
            ReferenceCountUtil.safeRelease(in);
        }
    }

    private void onRequest(SipRequest request, Flow flow) {
        if (rateLimiter != null && startsSomething(request)) {
            // Before the Via is stamped or anything else is spent on it.
            SourceRateLimiter.Verdict verdict = rateLimiter.check(flow.remote().getAddress());
            if (verdict != SourceRateLimiter.Verdict.PASS) {
                boolean answered = verdict == SourceRateLimiter.Verdict.REFUSE;
                listener.rateLimited(flow.transport(), flow.remote(), answered);
                if (answered) {
                    Replies.send(request, flow, Replies.unavailable(request, rateLimiter.retryAfterSeconds()));
                }
                return;
            }
        }
        SipRequest stamped;
        try {
            stamped = ViaReceived.stamp(request, flow.remote(), flow.channel().alloc());
        } catch (SipParseException e) {
            // The decoder checked only the sent-by of the top Via; its parameters are broken.
            boolean answered = !SipMethod.ACK.equals(request.method());
            listener.decodeFailure(flow.transport(), flow.remote(), "Bad Via", answered);
            Replies.send(request, flow, Replies.to(request, SipStatus.BAD_REQUEST, "Bad Via"));
            return;
        }
        try {
            dispatch(stamped, flow);
        } finally {
            if (stamped != request) {
                ReferenceCountUtil.safeRelease(stamped);
            }
        }
    }

    /**
     * A request without To tag that is not the ACK or CANCEL of a transaction already under way: what a flood is
     * made of (RFC 3261 section 12.2: in-dialog requests carry a To tag and are never limited).
     */
    private static boolean startsSomething(SipRequest request) {
        SipMethod method = request.method();
        return request.toTag() == null && !SipMethod.ACK.equals(method) && !SipMethod.CANCEL.equals(method);
    }

    private void dispatch(SipRequest request, Flow flow) {
        SipMethod method = request.method();
        // No To tag: the request starts something rather than continuing a dialog (RFC 3261 section 12.2.2).
        boolean outOfDialog = request.toTag() == null;
        if (outOfDialog && SipMethod.OPTIONS.equals(method)) {
            Replies.send(request, flow, Replies.options(request));
        } else if (outOfDialog && SipMethod.INVITE.equals(method) && draining.getAsBoolean()) {
            Replies.send(request, flow, Replies.unavailable(request, retryAfterSeconds));
        } else {
            endpoint.onRequest(request, flow);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        boolean stream = !(ctx.channel() instanceof DatagramChannel);
        if (cause instanceof IOException || cause.getCause() instanceof IOException) {
            // A reset connection, an ICMP error on the datagram socket, a failed TLS handshake (logged already).
            log.debug("{}: {}", ctx.channel(), cause.toString());
        } else {
            log.warn("{}: unexpected error", ctx.channel(), cause);
        }
        // The datagram socket serves every peer: it stays open whatever one peer did.
        if (stream) {
            ctx.close();
        }
    }
}
