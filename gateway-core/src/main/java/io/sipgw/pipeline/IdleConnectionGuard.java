package io.sipgw.pipeline;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.sipgw.transport.TransportKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Closes an inbound TCP or TLS connection that carried no bytes in either direction for the idle timeout; CRLF
 * keep-alives and their answers count as traffic.
 */
final class IdleConnectionGuard extends IdleStateHandler {

    /** The reason given to {@link SipTrafficListener#connectionTimedOut}. */
    static final String REASON = "idle";

    private static final Logger log = LoggerFactory.getLogger(IdleConnectionGuard.class);

    private final TransportKind transport;
    private final SipTrafficListener listener;

    IdleConnectionGuard(long timeoutMillis, TransportKind transport, SipTrafficListener listener) {
        super(0, 0, timeoutMillis, TimeUnit.MILLISECONDS);
        this.transport = transport;
        this.listener = listener;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        if (evt.state() != IdleState.ALL_IDLE) {
            return;
        }
        SocketAddress address = ctx.channel().remoteAddress();
        InetSocketAddress remote = address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
        log.debug("{} connection from {} closed: no traffic for {} ms", transport, address, getAllIdleTimeInMillis());
        try {
            listener.connectionTimedOut(transport, remote, REASON);
        } catch (RuntimeException e) {
            log.warn("traffic listener failed on an idle connection", e);
        }
        ctx.close();
    }
}
