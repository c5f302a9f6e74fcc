package io.sipgw.pipeline;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.NetUtil;
import io.sipgw.call.CallTransport;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipUri;
import io.sipgw.transaction.TransactionTransport;
import io.sipgw.transport.Flow;
import io.sipgw.transport.OutboundConnections;
import io.sipgw.transport.TransportKind;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.function.Consumer;

/**
 * Reaches the callee side over UDP from the gateway's listening socket of the loop (so responses come back to the
 * pipeline), to numeric hosts only; DNS (RFC 3263) and TCP/TLS towards the callee are not wired in yet.
 */
final class DatagramCallTransport implements CallTransport {

    private final OutboundConnections.DatagramChannels channels;
    private final EventLoop loop;

    DatagramCallTransport(OutboundConnections.DatagramChannels channels, EventLoop loop) {
        this.channels = channels;
        this.loop = loop;
    }

    @Override
    public TransactionTransport towards(SipUri target) {
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(target.hostAddress());
        if (ip == null) {
            return new Unresolved(target);
        }
        Channel channel = channels.forLoop(loop);
        try {
            InetSocketAddress remote = new InetSocketAddress(InetAddress.getByAddress(ip),
                    target.port() > 0 ? target.port() : TransportKind.UDP.defaultPort());
            return new FlowTransport(new Flow(TransportKind.UDP, (InetSocketAddress) channel.localAddress(), remote,
                    channel), loop);
        } catch (UnknownHostException e) {
            return new Unresolved(target);
        }
    }

    /** A target this transport cannot reach: every send fails (RFC 3261 17.1.4, a transport error). */
    private record Unresolved(SipUri target) implements TransactionTransport {
        @Override
        public void send(SipMessage message, Consumer<Throwable> onFailure) {
            message.release();
            onFailure.accept(new UnknownHostException("not a numeric host: " + target.host()));
        }

        @Override
        public boolean reliable() {
            return false;
        }
    }
}
