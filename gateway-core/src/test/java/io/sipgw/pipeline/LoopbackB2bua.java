package io.sipgw.pipeline;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.util.concurrent.Ticker;
import io.sipgw.call.CallEvents;
import io.sipgw.call.CallSettings;
import io.sipgw.call.RoutingPolicy;
import io.sipgw.transaction.TransactionTimers;
import io.sipgw.transport.EventLoops;
import io.sipgw.transport.NextHop;
import io.sipgw.transport.OutboundConnections;
import io.sipgw.transport.OutboundSettings;
import io.sipgw.transport.SipResolver;
import io.sipgw.transport.TransportKind;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The B2BUA wired as the server wires it, on UDP and TCP listeners at 127.0.0.1:{@code port}: callee-leg datagrams
 * leave from a socket connected to the callee beside the listening one (so responses come back through the
 * listener's pipeline, and ICMP errors are seen), TCP/TLS towards the callee goes
 * through {@link OutboundConnections}, whose inbound traffic reaches the endpoint. Short transaction timers.
 */
final class LoopbackB2bua implements AutoCloseable {

    final EventLoops loops = new EventLoops(2, true, "b2bua-test");
    final DnsNameResolver dns;
    final OutboundConnections outbound;
    final B2buaEndpoint endpoint;

    /**
     * @param transport the transport towards URIs without a {@code transport} parameter
     * @param tls       what outbound TLS trusts
     * @param proxies   outbound proxies by domain ({@link ResolvingCallTransport})
     */
    LoopbackB2bua(int port, CallSettings settings, RoutingPolicy routing, TransportKind transport, SslContext tls,
                  Map<String, NextHop> proxies) throws InterruptedException {
        InetSocketAddress gateway = new InetSocketAddress("127.0.0.1", port);
        AtomicReference<Channel> udp = new AtomicReference<>();
        AtomicReference<ChannelHandler> udpPipeline = new AtomicReference<>();
        AtomicReference<B2buaEndpoint> self = new AtomicReference<>();
        EventLoop first = loops.group().next();
        dns = SipResolver.newDnsNameResolver(first, loops.datagramChannelFactory(),
                DnsServerAddressStreamProviders.platformDefault(), Duration.ofSeconds(1));
        SipResolver resolver = new SipResolver(first, dns, Ticker.systemTicker(), new SplittableRandom(),
                SipResolver.Settings.defaults());
        outbound = new OutboundConnections(loops, tls, OutboundSettings.defaults(),
                (message, channel, sender) -> self.get().outboundListener().onMessage(message, channel, sender),
                OutboundConnections.DatagramChannels.withConnectedPeers(loop -> udp.get(), udpPipeline::get));
        endpoint = new B2buaEndpoint(loops.group(), settings, routing,
                TransactionTimers.DEFAULT.withT1(Duration.ofMillis(20)).withT4(Duration.ofMillis(200))
                        .withTimerD(Duration.ofMillis(300)), CallEvents.NONE,
                loop -> new ResolvingCallTransport(resolver, outbound, transport, loop, proxies));
        self.set(endpoint);
        PipelineSettings pipeline = PipelineSettings.builder().endpoint(endpoint).build();
        udpPipeline.set(GatewayChannelInitializer.udp(pipeline));
        udp.set(loops.datagramBootstrap().handler(udpPipeline.get())
                .bind(gateway).sync().channel());
        loops.serverBootstrap().childHandler(GatewayChannelInitializer.tcp(pipeline)).bind(gateway).sync();
    }

    /** Waits until every call and transaction is gone (their timers ran), then asserts it. */
    void assertIdle() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while ((endpoint.callCount() > 0 || endpoint.transactionCount() > 0)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(endpoint.callCount()).as("calls").isZero();
        assertThat(endpoint.transactionCount()).as("transactions").isZero();
    }

    @Override
    public void close() {
        outbound.close().syncUninterruptibly();
        dns.close();
        loops.close();
    }
}
