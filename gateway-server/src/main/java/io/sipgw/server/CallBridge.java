package io.sipgw.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.util.concurrent.Ticker;
import io.sipgw.call.CallCapacity;
import io.sipgw.call.CallEvents;
import io.sipgw.call.CallSettings;
import io.sipgw.auth.DigestCredentials;
import io.sipgw.auth.DigestVerifier;
import io.sipgw.auth.FailureLimiter;
import io.sipgw.auth.NonceService;
import io.sipgw.auth.ReplayGuard;
import io.sipgw.call.CallerAuthentication;
import io.sipgw.call.MetaRouting;
import io.sipgw.call.RoutingPolicy;
import io.sipgw.call.TwilioRouting;
import io.sipgw.pipeline.B2buaEndpoint;
import io.sipgw.pipeline.ResolvingCallTransport;
import io.sipgw.pipeline.SdpRewriteHandler;
import io.sipgw.sdp.CodecSpec;
import io.sipgw.sdp.MediaPolicy;
import io.sipgw.sdp.MediaPolicyConfig;
import io.sipgw.sdp.SdpLimits;
import io.sipgw.sdp.SecureMedia;
import io.sipgw.server.config.GatewayConfig;
import io.sipgw.server.config.HostAndPort;
import io.sipgw.server.config.SipCredentials;
import io.sipgw.transaction.TransactionTimers;
import io.sipgw.transport.EventLoops;
import io.sipgw.transport.NextHop;
import io.sipgw.transport.OutboundConnections;
import io.sipgw.transport.OutboundSettings;
import io.sipgw.transport.SipResolver;
import io.sipgw.transport.TlsContexts;
import io.sipgw.transport.TransportKind;

import javax.net.ssl.SSLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The B2BUA of this process, assembled from {@link GatewayConfig}: Meta's INVITEs from {@code META_ALLOWED_CIDRS}
 * (challenged when {@code META_SIP_PASSWORD} is set) bridged to {@code TWILIO_SIP_DOMAIN} over
 * {@code TWILIO_TRANSPORT}, SDP through the media policy of {@code ALLOWED_CODECS} and {@code TWILIO_SECURE_MEDIA};
 * Twilio's INVITEs from {@code TWILIO_ALLOWED_CIDRS} bridged to {@code wa.meta.vc} over TLS (or
 * {@code META_SIP_PROXY}) with SRTP required. Next hops resolved by RFC 3263.
 */
final class CallBridge implements AutoCloseable {

    private static final Duration DNS_QUERY_TIMEOUT = Duration.ofSeconds(5);
    /** How long a nonce of our 407 may be answered: Meta answers at once; a retransmitted answer still fits. */
    private static final Duration NONCE_LIFETIME = Duration.ofSeconds(60);
    /** Failed digest answers per source and window before its INVITEs are refused without a check. */
    static final int AUTH_FAILURES_ALLOWED = 10;
    static final Duration AUTH_FAILURE_WINDOW = Duration.ofMinutes(1);
    private static final int AUTH_TRACKED_SOURCES = 10_000;
    private static final int REPLAY_TRACKED_NONCES = 100_000;

    private final DnsNameResolver dns;
    private final OutboundConnections outbound;
    private final B2buaEndpoint endpoint;

    /**
     * @param udpChannels the listening UDP channels, bound later; callee-leg datagrams leave through them so that
     *                    Twilio's responses come back to the listener
     * @param udpPipeline the listening UDP channels' initializer, for the sockets connected to each UDP callee
     *                    (so that its ICMP errors are seen), asked when the first one opens
     * @param events      told about every call
     */
    CallBridge(GatewayConfig config, EventLoops loops, Supplier<List<Channel>> udpChannels,
               Supplier<ChannelHandler> udpPipeline, CallEvents events) throws SSLException {
        EventLoop resolverLoop = loops.group().next();
        TransportKind twilioTransport = TransportKind.valueOf(config.twilioTransport().name());
        AtomicReference<B2buaEndpoint> self = new AtomicReference<>();
        this.dns = SipResolver.newDnsNameResolver(resolverLoop, loops.datagramChannelFactory(),
                DnsServerAddressStreamProviders.platformDefault(), DNS_QUERY_TIMEOUT);
        SipResolver resolver = new SipResolver(resolverLoop, dns, Ticker.systemTicker(), new SplittableRandom(),
                SipResolver.Settings.defaults());
        SslContext tlsClient = config.tlsCaPath().isPresent()
                ? TlsContexts.forClient(config.tlsCaPath().get(), TlsContexts.defaultProvider())
                : TlsContexts.forClient(TlsContexts.defaultProvider());
        this.outbound = new OutboundConnections(loops, tlsClient, OutboundSettings.defaults(),
                (message, channel, sender) -> self.get().outboundListener().onMessage(message, channel, sender),
                OutboundConnections.DatagramChannels.withConnectedPeers(loop -> udpChannel(udpChannels.get(), loop),
                        udpPipeline));
        Map<String, NextHop> proxies = config.metaSipProxy()
                .map(proxy -> Map.of(MetaRouting.META_DOMAIN, new NextHop(proxy.host(),
                        proxy.port().orElse(TransportKind.TLS.defaultPort()), TransportKind.TLS, false)))
                .orElse(Map.of());
        this.endpoint = new B2buaEndpoint(loops.group(), settings(config, twilioTransport), routing(config),
                TransactionTimers.DEFAULT, events,
                loop -> new ResolvingCallTransport(resolver, outbound, twilioTransport, loop, proxies));
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
        int metaPort = publicHost.port().orElse(tls ? config.tlsPort().getAsInt() : config.port());
        return new CallSettings(CallSettings.presence(publicHost.host(), metaPort, tls ? "tls" : "udp"),
                CallSettings.presence(publicHost.host(), config.port(), twilioTransport.name()),
                config.ringTimeout(), new CallCapacity(config.maxCalls(), config.maxTransactions(),
                        CallCapacity.DEFAULT_RETRY_AFTER_SECONDS, config.maxCallDuration()));
    }

    /** Meta's INVITEs go to Twilio; Twilio's to Meta (business-initiated calls). */
    static RoutingPolicy routing(GatewayConfig config) {
        HostAndPort twilio = config.twilioSipDomain();
        String publicHost = config.publicHost().host();
        TwilioRouting userInitiated = new TwilioRouting(config.metaAllowedCidrs()::contains, twilio.host(),
                twilio.port().orElse(-1), config.twilioDestination().orElse(null), publicHost,
                new SdpRewriteHandler(new MediaPolicy(mediaPolicy(config))))
                .withTwilioCredentials(config.twilioCredentials().map(CallBridge::digest).orElse(null))
                .withMeta(metaAuthentication(config), config.metaCredentials().map(CallBridge::digest).orElse(null));
        MetaRouting businessInitiated = new MetaRouting(config.twilioAllowedCidrs()::contains, publicHost,
                config.metaBusinessNumber().orElse(null),
                new SdpRewriteHandler(new MediaPolicy(mediaPolicy(config).withSecureMedia(SecureMedia.REQUIRED))));
        config.metaCredentials().ifPresent(c -> businessInitiated.withCredentials(c.username(), c.password().reveal()));
        return RoutingPolicy.firstOf(List.of(userInitiated, businessInitiated));
    }

    /** The 407 challenge of Meta's INVITEs, or {@code null} when it is off or Meta has no credentials configured. */
    static CallerAuthentication metaAuthentication(GatewayConfig config) {
        if (!config.metaInboundAuth()) {
            return null;
        }
        String realm = config.publicHost().host();
        DigestVerifier verifier = new DigestVerifier(realm, digest(config.metaCredentials().get()),
                NonceService.withRandomSecret(NONCE_LIFETIME),
                new ReplayGuard(NONCE_LIFETIME, REPLAY_TRACKED_NONCES, System::currentTimeMillis));
        return new CallerAuthentication(realm, verifier, new FailureLimiter(AUTH_FAILURES_ALLOWED,
                AUTH_FAILURE_WINDOW, AUTH_TRACKED_SOURCES, System::currentTimeMillis));
    }

    private static DigestCredentials digest(SipCredentials credentials) {
        return new DigestCredentials(credentials.username(), credentials.password().reveal());
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
