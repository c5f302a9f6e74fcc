package io.sipgw.pipeline;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.sipgw.sip.codec.SipDatagramDecoder;
import io.sipgw.sip.codec.SipMessageDecoder;
import io.sipgw.sip.codec.SipMessageEncoder;
import io.sipgw.transport.TransportKind;

import java.util.Objects;

/**
 * Builds the gateway's handler chain on a UDP channel, or on each TCP or TLS connection, so that an application
 * can mount the gateway on its own Netty bootstrap: {@code bootstrap.handler(GatewayChannelInitializer.udp(s))},
 * {@code serverBootstrap.childHandler(GatewayChannelInitializer.tls(context, s))}.
 *
 * <p>The chain: {@code [tls]} (SslHandler with its handshake timeout and handshake reporting, TLS only),
 * {@code [gate]} (the limit of datagrams from addresses outside the allow-lists, UDP only, when configured),
 * {@code idle} (closes a silent connection, TCP and TLS only), {@code slow-sender} (TCP and TLS only), {@code decoder},
 * {@code slow-sender-end}, {@code encoder}, {@code flow} (each message with the {@link io.sipgw.transport.Flow} it
 * came on), {@code traffic} (counting), {@code decode-errors} (400 or drop), {@code sip} (Via stamping, OPTIONS,
 * draining, the {@link SipEndpoint}). A TCP or TLS connection beyond the limits of
 * {@link PipelineSettings#connections()} is closed before any handler is added.
 */
public final class GatewayChannelInitializer extends ChannelInitializer<Channel> {

    /** The largest UDP payload (RFC 768: a 16-bit length that includes the 8-byte header). */
    private static final int MAX_UDP_PAYLOAD = 65_535 - 8;

    private final TransportKind transport;
    private final SslContext tls;
    private final PipelineSettings settings;
    // Stateless handlers, shared by every channel this initializer builds.
    private final SipMessageEncoder encoder = new SipMessageEncoder();
    private final TrafficCounter traffic;
    private final DecodeErrorHandler decodeErrors = new DecodeErrorHandler();
    private final SipInboundHandler sip;
    private final TlsHandshakeHandler handshakes;
    private final SourceGate gate;

    private GatewayChannelInitializer(TransportKind transport, SslContext tls, PipelineSettings settings) {
        this.transport = transport;
        this.tls = tls;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.traffic = new TrafficCounter(transport, settings.listener());
        this.sip = new SipInboundHandler(settings);
        this.handshakes = tls == null ? null : new TlsHandshakeHandler(settings.listener());
        this.gate = settings.untrustedLimiter() == null ? null
                : new SourceGate(settings.trustedSources(), settings.untrustedLimiter(), settings.listener());
    }

    /** For a datagram channel: one pipeline serves every peer that sends to its port. */
    public static GatewayChannelInitializer udp(PipelineSettings settings) {
        return new GatewayChannelInitializer(TransportKind.UDP, null, settings);
    }

    /** For the connections a TCP server channel accepts. */
    public static GatewayChannelInitializer tcp(PipelineSettings settings) {
        return new GatewayChannelInitializer(TransportKind.TCP, null, settings);
    }

    /** For the connections a TLS server channel accepts; {@code serverContext} is a server-side context. */
    public static GatewayChannelInitializer tls(SslContext serverContext, PipelineSettings settings) {
        if (serverContext.isClient()) {
            throw new IllegalArgumentException("not a server context");
        }
        return new GatewayChannelInitializer(TransportKind.TLS, serverContext, settings);
    }

    /** The transport of the channels this initializer builds. */
    public TransportKind transport() {
        return transport;
    }

    @Override
    protected void initChannel(Channel ch) {
        if (transport.isReliable() && !settings.connections().admit(ch, transport, settings.listener())) {
            return;
        }
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            SslHandler ssl = tls.newHandler(ch.alloc());
            ssl.setHandshakeTimeoutMillis(settings.tlsHandshakeTimeout().toMillis());
            p.addLast("tls", ssl);
            p.addLast("tls-handshake", handshakes);
        }
        long idleMillis = settings.connectionIdleTimeout().toMillis();
        if (transport.isReliable() && idleMillis > 0) {
            // Behind the SslHandler it sees SIP bytes, CRLF keep-alives included; the handshake has its own timeout.
            p.addLast("idle", new IdleConnectionGuard(idleMillis, transport, settings.listener()));
        }
        if (transport == TransportKind.UDP) {
            // Netty reads datagrams into 2 KiB buffers and cuts longer ones short; an INVITE with SDP is often
            // longer, and RFC 3261 section 18.1.1 has a receiver take whatever a UDP datagram can hold.
            ch.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(
                    Math.min(MAX_UDP_PAYLOAD, settings.limits().maxMessageLength())));
            if (gate != null) {
                p.addLast("gate", gate);
            }
            p.addLast("decoder", new SipDatagramDecoder(settings.limits()));
        } else {
            long readMillis = settings.messageReadTimeout().toMillis();
            SlowSenderGuard slow = readMillis > 0
                    ? new SlowSenderGuard(readMillis, transport, settings.listener()) : null;
            if (slow != null) {
                p.addLast("slow-sender", slow.bytes());
            }
            p.addLast("decoder", new SipMessageDecoder(settings.limits()));
            if (slow != null) {
                p.addLast("slow-sender-end", slow.messages());
            }
        }
        p.addLast("encoder", encoder);
        p.addLast("flow", new FlowHandler(transport));
        p.addLast("traffic", traffic);
        p.addLast("decode-errors", decodeErrors);
        p.addLast("sip", sip);
    }
}
