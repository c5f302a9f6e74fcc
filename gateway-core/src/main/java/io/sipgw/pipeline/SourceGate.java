package io.sipgw.pipeline;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.sipgw.transport.TransportKind;

import java.net.InetAddress;
import java.util.function.Predicate;

/**
 * The first handler of a UDP channel: datagrams from addresses outside the allow-lists (health checks, scanners,
 * floods) pass only within their own {@link SourceRateLimiter}, and the rest are dropped before a byte of them is
 * parsed, so that a flood from outside costs a receive and a hash lookup per datagram. Every call, dialog and
 * transaction comes from an allow-listed address, which the gate never touches.
 */
@ChannelHandler.Sharable
final class SourceGate extends ChannelInboundHandlerAdapter {

    private final Predicate<InetAddress> trusted;
    private final SourceRateLimiter untrusted;
    private final SipTrafficListener listener;

    SourceGate(Predicate<InetAddress> trusted, SourceRateLimiter untrusted, SipTrafficListener listener) {
        this.trusted = trusted;
        this.untrusted = untrusted;
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet && packet.sender() != null) {
            InetAddress source = packet.sender().getAddress();
            if (!trusted.test(source) && untrusted.check(source) != SourceRateLimiter.Verdict.PASS) {
                listener.rateLimited(TransportKind.UDP, packet.sender(), false);
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
