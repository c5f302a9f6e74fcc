package io.sipgw.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.codec.SipDecodeError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * The last handler of an outbound channel: hands each decoded message to the {@link OutboundListener}, and takes a
 * stream connection out of its pool and closes it when it idles, loses its framing or fails.
 */
final class OutboundHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(OutboundHandler.class);

    private final OutboundListener listener;
    private final Runnable retire;
    private final String description;

    /**
     * @param listener    where messages go
     * @param retire      takes the connection out of its pool so that no further send picks it; run before it is
     *                    closed by this handler (a no-op for a datagram channel)
     * @param description names the connection in log lines, e.g. {@code "TLS wa.meta.vc at 157.240.1.1:5061"}
     */
    OutboundHandler(OutboundListener listener, Runnable retire, String description) {
        this.listener = listener;
        this.retire = retire;
        this.description = description;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof AddressedEnvelope<?, ?> envelope) {
            // The envelope's reference is its content's: handing the content on hands the reference on.
            deliver(ctx, envelope.content(), (InetSocketAddress) envelope.sender());
        } else if (msg instanceof SipMessage || msg instanceof SipDecodeError) {
            deliver(ctx, msg, (InetSocketAddress) ctx.channel().remoteAddress());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void deliver(ChannelHandlerContext ctx, Object message, InetSocketAddress sender) {
        // Read before the listener releases the error.
        boolean lostFraming = message instanceof SipDecodeError error && error.closeConnection();
        try {
            listener.onMessage(message, ctx.channel(), sender);
        } catch (RuntimeException e) {
            log.warn("outbound listener failed on a message from {}", description, e);
        }
        if (lostFraming && !(ctx.channel() instanceof DatagramChannel)) {
            // The stream can no longer be framed (RFC 3261 section 18.3): close once what the listener wrote
            // (e.g. a 400) has been flushed, and let no send pick the connection meanwhile.
            retire.run();
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            log.debug("closing idle outbound connection {}", description);
            retire.run();
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.channel() instanceof DatagramChannel) {
            // The channel is shared by every UDP send of its loop: one bad datagram must not close it.
            log.debug("outbound UDP channel {}: {}", description, cause.toString());
            return;
        }
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls != null && !tls.handshakeFuture().isSuccess()) {
            // A failed handshake fails the sends waiting for it; their callers log it, with the call's context.
            log.debug("outbound connection {} failed in the TLS handshake: {}", description, cause.toString());
        } else {
            log.info("outbound connection {} closed after an error: {}", description, cause.toString());
        }
        retire.run();
        ctx.close();
    }
}
