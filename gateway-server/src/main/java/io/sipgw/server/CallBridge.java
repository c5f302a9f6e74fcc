package io.sipgw.server;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.util.concurrent.Ticker;
import io.sipgw.call.CallEvents;
import io.sipgw.call.CallSettings;
import io.sipgw.call.TwilioRouting;
import io.sipgw.pipeline.B2buaEndpoint;
import io.sipgw.pipeline.ResolvingCallTransport;
import io.sipgw.pipeline.SdpRewriteHandler;
import io.sipgw.sdp.CodecSpec;
import io.sipgw.sdp.MediaPolicy;
import io.sipgw.sdp.MediaPolicyConfig;
import io.sipgw.sdp.SdpLimits;
import io.sipgw.server.config.GatewayConfig;
import io.sipgw.server.config.HostAndPort;
import io.sipgw.transaction.TransactionTimers;
import io.sipgw.transport.EventLoops;
import io.sipgw.transport.OutboundConnections;
import io.sipgw.transport.OutboundSettings;
import io.sipgw.transport.SipResolver;
import io.sipgw.transport.TlsContexts;
import io.sipgw.transport.TransportKind;

import javax.net.ssl.SSLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The B2BUA of this process, assembled from {@link GatewayConfig}: Meta's INVITEs from {@code META_ALLOWED_CIDRS}
 * bridged to {@code TWILIO_SIP_DOMAIN} over {@code TWILIO_TRANSPORT}, resolved by RFC 3263, SDP through the media
 * policy of {@code ALLOWED_CODECS} and {@code TWILIO_SECURE_MEDIA}.
 */
final class CallBridge implements AutoCloseable {

    private static final Duration DNS_QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final DnsNameResolver dns;
    private final OutboundConnections outbound;
    private final B2buaEndpoint endpoint;

    /**
     * @param udpChannels the listening UDP channels, bound later; callee-leg datagrams leave through them so that
     *                    Twilio's responses come back to the listener
     * @param events      told about every call
     */
    CallBridge(GatewayConfig config, EventLoops loops, Supplier<List<Channel>> udpChannels, CallEvents events)
            throws SSLException {
        EventLoop resolverLoop = loops.group().next();
        TransportKind twilioTransport = TransportKind.valueOf(config.twilioTransport().name());
        AtomicReference<B2buaEndpoint> self = new AtomicReference<>();
        this.dns = SipResolver.newDnsNameResolver(resolverLoop, loops.datagramChannelFactory(),
                DnsServerAddressStreamProviders.platformDefault(), DNS_QUERY_TIMEOUT);
        SipResolver resolver = new SipResolver(resolverLoop, dns, Ticker.systemTicker(), new SplittableRandom(),
                SipResolver.Settings.defaults());
        this.outbound = new OutboundConnections(loops, TlsContexts.forClient(TlsContexts.defaultProvider()),
                OutboundSettings.defaults(),
                (message, channel, sender) -> self.get().outboundListener(twilioTransport)
                        .onMessage(message, channel, sender),
                loop -> udpChannel(udpChannels.get(), loop));
        this.endpoint = new B2buaEndpoint(loops.group(), settings(config, twilioTransport), routing(config),
                new SdpRewriteHandler(new MediaPolicy(mediaPolicy(config))), TransactionTimers.DEFAULT,
                events, loop -> new ResolvingCallTransport(resolver, outbound, twilioTransport, loop));
        self.set(endpoint);
    }

    B2buaEndpoint endpoint() {
        return endpoint;
    }

    /** The UDP listening channel of {@code loop}, or any of them (the write is then handed over). */
    private static Channel udpChannel(List<Channel> channels, EventLoop loop) {
        for (Channel channel : channels) {
            if (channel.eventLoop() == loop) {
                return channel;
            }
        }
        return channels.get(0);
    }

    static CallSettings settings(GatewayConfig config, TransportKind twilioTransport) {
        HostAndPort publicHost = config.publicHost();
        // Meta reaches us over TLS only (PEERS.md); without TLS (tests, a TLS proxy in front) the caller leg is UDP.
        boolean tls = config.useTls();
        int callerPort = publicHost.port().orElse(tls ? config.tlsPort().getAsInt() : config.port());
        String callerTransport = tls ? "tls" : "udp";
        return new CallSettings(publicHost.host(), twilioTransport.name(), config.port(),
                "sip:" + publicHost.host() + ":" + callerPort + ";transport=" + callerTransport,
                callerTransport.toUpperCase(Locale.ROOT), callerPort, config.ringTimeout());
    }

    static TwilioRouting routing(GatewayConfig config) {
        HostAndPort twilio = config.twilioSipDomain();
        return new TwilioRouting(config.metaAllowedCidrs()::contains, twilio.host(), twilio.port().orElse(-1),
                config.twilioDestination().orElse(null));
    }

    static MediaPolicyConfig mediaPolicy(GatewayConfig config) {
        return new MediaPolicyConfig(CodecSpec.parseList(String.join(",", config.allowedCodecs())),
                config.publicHost().host(), config.twilioSecureMedia(), SdpLimits.DEFAULT);
    }

    @Override
    public void close() {
        endpoint.close();
        outbound.close().awaitUninterruptibly(5_000);
        dns.close();
    }
}
