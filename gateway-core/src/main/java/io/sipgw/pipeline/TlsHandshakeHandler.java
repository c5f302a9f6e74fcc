package io.sipgw.pipeline;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.NetUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;

/**
 * Reports TLS handshakes that fail on an inbound connection, with the reason, to the log and the
 * {@link SipTrafficListener}; the SslHandler closes the connection. A peer that hangs up before finishing the
 * handshake without a TLS alert (a load balancer's TCP health check) is not a failure.
 */
@ChannelHandler.Sharable
final class TlsHandshakeHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(TlsHandshakeHandler.class);

    private final SipTrafficListener listener;

    TlsHandshakeHandler(SipTrafficListener listener) {
        this.listener = listener;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent && !((SslHandshakeCompletionEvent) evt).isSuccess()) {
            Throwable cause = ((SslHandshakeCompletionEvent) evt).cause();
            SocketAddress address = ctx.channel().remoteAddress();
            InetSocketAddress remote = address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
            String peer = remote != null ? NetUtil.toSocketAddressString(remote) : String.valueOf(address);
            if (cause instanceof ClosedChannelException) {
                log.debug("TLS connection from {} closed before the handshake finished", peer);
            } else {
                log.info("TLS handshake from {} failed: {}", peer, describe(cause));
                try {
                    listener.tlsHandshakeFailure(remote, cause);
                } catch (RuntimeException e) {
                    log.warn("traffic listener failed on a TLS handshake failure", e);
                }
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** The innermost message, which names the problem ("no cipher suites in common", "certificate_unknown"). */
    private static String describe(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + message;
    }
}
