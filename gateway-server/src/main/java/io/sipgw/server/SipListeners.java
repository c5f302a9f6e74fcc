package io.sipgw.server;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.util.NetUtil;
import io.sipgw.call.CallEvents;
import io.sipgw.pipeline.GatewayChannelInitializer;
import io.sipgw.call.CallCapacity;
import io.sipgw.pipeline.PipelineSettings;
import io.sipgw.pipeline.SourceRateLimiter;
import io.sipgw.pipeline.SipTrafficListener;
import io.sipgw.server.config.GatewayConfig;
import io.sipgw.transport.EventLoops;
import io.sipgw.transport.TlsContexts;
import io.sipgw.transport.TransportKind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP listeners of the process, bound from {@link GatewayConfig}: UDP on {@code PORT} (one socket per event
 * loop with SO_REUSEPORT on epoll), TCP on {@code PORT} unless TLS took it, TLS on {@code TLS_PORT} or else
 * {@code PORT}; each channel carries the pipeline of {@link GatewayChannelInitializer}.
 */
public final class SipListeners implements SipService {

    private static final Logger LOG = LoggerFactory.getLogger(SipListeners.class);
    /** Accepted connections waiting for the event loop; bursts of reconnecting peers must not be refused. */
    private static final int ACCEPT_BACKLOG = 1024;
    private static final long STOP_TIMEOUT_MILLIS = 5_000;
    private static final long DRAIN_POLL_MILLIS = 100;

    private final GatewayConfig config;
    private final SipTrafficListener listener;
    private final CallEvents events;
    private final List<Channel> channels = new ArrayList<>();
    private final Map<TransportKind, InetSocketAddress> bound = new EnumMap<>(TransportKind.class);
    // Set by the shutdown thread, read by every event loop for each new INVITE.
    /** Source addresses the rate limiter tracks at most (a few MiB). */
    private static final int RATE_LIMITED_SOURCES = 65_536;

    private volatile boolean draining;
    private EventLoops loops;
    private CallBridge calls;
    /** The UDP listening channels, for the callee leg's datagrams; written by start(), read by the event loops. */
    private volatile List<Channel> udpChannels = List.of();
    /** The UDP listeners' initializer, for the sockets connected to UDP callees; written by start(). */
    private volatile ChannelHandler udpPipeline;

    /**
     * @param config   where to listen, with which certificate, how many threads and socket buffers
     * @param listener told about every message, for metrics and traces
     */
    public SipListeners(GatewayConfig config, SipTrafficListener listener) {
        this(config, listener, CallEvents.NONE);
    }

    /**
     * @param config   where to listen, with which certificate, how many threads and socket buffers
     * @param listener told about every message, for metrics and traces
     * @param events   told about every call, for metrics
     */
    public SipListeners(GatewayConfig config, SipTrafficListener listener, CallEvents events) {
        this.config = config;
        this.listener = listener;
        this.events = events;
    }

    /**
     * Binds every listener and logs one line for each; on failure, what was bound is closed again.
     *
     * @throws IOException naming the transport and address that could not be bound, or what is wrong with the
     *                     TLS certificate or key
     */
    @Override
    public synchronized void start() throws IOException {
        if (loops != null) {
            throw new IllegalStateException("already started");
        }
        SslContext tls = config.useTls()
                ? TlsContexts.forServer(config.tlsCertPath().orElseThrow(), config.tlsKeyPath().orElseThrow())
                : null;
        loops = new EventLoops(config.ioThreads(), true, "sipgw-sip");
        PipelineSettings settings;
        try {
            calls = new CallBridge(config, loops, () -> udpChannels, () -> udpPipeline, events);
            // One settings object for the TCP and the TLS listener: they share its connection limits.
            PipelineSettings.Builder builder = PipelineSettings.builder().listener(listener).draining(() -> draining)
                    .endpoint(calls.endpoint())
                    .rateLimiter(rateLimiter(config))
                    .maxConnections(config.maxConnections())
                    .maxConnectionsPerSource(config.maxConnectionsPerSource())
                    .tlsHandshakeTimeout(config.tlsHandshakeTimeout())
                    .connectionIdleTimeout(config.connectionIdleTimeout())
                    .messageReadTimeout(config.messageReadTimeout());
            if (config.unlistedRateLimit() > 0) {
                builder.untrustedSources(address -> config.metaAllowedCidrs().contains(address)
                        || config.twilioAllowedCidrs().contains(address), new SourceRateLimiter(
                        config.unlistedRateLimit(), 2 * config.unlistedRateLimit(), RATE_LIMITED_SOURCES,
                        CallCapacity.DEFAULT_RETRY_AFTER_SECONDS, System::nanoTime));
            }
            settings = builder.build();
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
        try {
            InetAddress host = bindUdp(settings);
            if (config.tcpEnabled()) {
                bindStream(TransportKind.TCP, host, config.port(), GatewayChannelInitializer.tcp(settings), "");
            }
            if (tls != null) {
                int port = config.tlsPort().getAsInt();
                String note = port == config.port()
                        ? " (on PORT: USE_TLS=true without TLS_PORT, so no plain TCP)" : " (TLS_PORT)";
                bindStream(TransportKind.TLS, host, port, GatewayChannelInitializer.tls(tls, settings), note);
            }
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** {@code SOURCE_RATE_LIMIT} requests per second per source, bursts of twice that; none when 0. */
    static SourceRateLimiter rateLimiter(GatewayConfig config) {
        int rate = config.sourceRateLimit();
        return rate == 0 ? null : new SourceRateLimiter(rate, 2 * rate, RATE_LIMITED_SOURCES,
                CallCapacity.DEFAULT_RETRY_AFTER_SECONDS, System::nanoTime);
    }

    /**
     * Binds the UDP sockets: one per event loop when SO_REUSEPORT spreads datagrams over them. Without
     * BIND_ADDRESS it takes the IPv6 wildcard, which on a dual-stack host receives IPv4 too, and falls back to
     * the IPv4 wildcard where IPv6 is off.
     *
     * @return the address every listener binds
     */
    private InetAddress bindUdp(PipelineSettings settings) throws IOException {
        int buffer = config.udpBufferBytes();
        udpPipeline = GatewayChannelInitializer.udp(settings);
        AbstractBootstrap<?, ?> udp = loops.datagramBootstrap()
                .option(ChannelOption.SO_RCVBUF, buffer)
                .option(ChannelOption.SO_SNDBUF, buffer)
                .handler(udpPipeline);
        InetAddress host;
        Channel first;
        if (config.bindAddress().isPresent()) {
            host = config.bindAddress().get();
            first = bind(udp, TransportKind.UDP, new InetSocketAddress(host, config.port()));
        } else {
            host = InetAddress.getByAddress("::", new byte[16]);
            try {
                first = bind(udp, TransportKind.UDP, new InetSocketAddress(host, config.port()));
            } catch (IOException ipv6Failed) {
                InetAddress ipv4 = InetAddress.getByAddress(new byte[4]);
                try {
                    first = bind(udp, TransportKind.UDP, new InetSocketAddress(ipv4, config.port()));
                } catch (IOException ipv4Failed) {
                    ipv4Failed.addSuppressed(ipv6Failed);
                    throw ipv4Failed;
                }
                LOG.info("IPv6 is not available ({}); listening on IPv4 only", ipv6Failed.getMessage());
                host = ipv4;
            }
        }
        InetSocketAddress address = (InetSocketAddress) first.localAddress();
        int sockets = loops.datagramChannelsPerAddress();
        for (int i = 1; i < sockets; i++) {
            bind(udp, TransportKind.UDP, address);
        }
        bound.put(TransportKind.UDP, address);
        List<Channel> listening = new ArrayList<>();
        for (Channel channel : channels) {
            if (channel.localAddress() instanceof InetSocketAddress a && a.equals(address)) {
                listening.add(channel);
            }
        }
        udpChannels = List.copyOf(listening);
        int receive = first.config().getOption(ChannelOption.SO_RCVBUF);
        int send = first.config().getOption(ChannelOption.SO_SNDBUF);
        LOG.info("SIP over UDP on {}: {} socket(s){}, receive buffer {} bytes, send buffer {} bytes",
                NetUtil.toSocketAddressString(address), sockets, sockets > 1 ? " sharing the port (SO_REUSEPORT)" : "",
                receive, send);
        // Linux reports twice the size it was given, for its bookkeeping; less than asked means it was capped.
        if (receive < buffer || send < buffer) {
            LOG.warn("UDP socket buffers are smaller than UDP_BUFFER_BYTES={}: the kernel caps them; raise "
                    + "net.core.rmem_max and net.core.wmem_max (sysctl) or bursts of datagrams will be dropped", buffer);
        }
        return host;
    }

    private void bindStream(TransportKind transport, InetAddress host, int port, GatewayChannelInitializer init,
                            String note) throws IOException {
        AbstractBootstrap<?, ?> server = loops.serverBootstrap()
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(init);
        Channel channel = bind(server, transport, new InetSocketAddress(host, port));
        InetSocketAddress address = (InetSocketAddress) channel.localAddress();
        bound.put(transport, address);
        LOG.info("SIP over {} on {}{}", transport, NetUtil.toSocketAddressString(address), note);
    }

    /** Binds one channel and keeps it for {@link #stop()}; called from {@link #start()} only. */
    private Channel bind(AbstractBootstrap<?, ?> bootstrap, TransportKind transport, InetSocketAddress address)
            throws IOException {
        ChannelFuture future = bootstrap.bind(address).awaitUninterruptibly();
        if (!future.isSuccess()) {
            Throwable cause = future.cause();
            throw new IOException("SIP over " + transport + " cannot listen on "
                    + NetUtil.toSocketAddressString(address) + ": " + cause.getMessage(), cause);
        }
        channels.add(future.channel());
        return future.channel();
    }

    /** Where each transport listens, with the real ports; empty before {@link #start()} and after {@link #stop()}. */
    public synchronized Map<TransportKind, InetSocketAddress> boundAddresses() {
        return Collections.unmodifiableMap(new EnumMap<>(bound));
    }

    /** From now on, new INVITEs are answered 503 with Retry-After; completes once no call is in progress. */
    @Override
    public CompletionStage<Void> drain() {
        draining = true;
        CompletableFuture<Void> drained = new CompletableFuture<>();
        if (activeCalls() == 0) {
            drained.complete(null);
            return drained;
        }
        // Counting asks every event loop, so it is polled from a thread of its own, never from a loop.
        Thread poller = new Thread(() -> {
            try {
                while (activeCalls() > 0) {
                    Thread.sleep(DRAIN_POLL_MILLIS);
                }
                drained.complete(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                drained.completeExceptionally(e);
            } catch (RuntimeException e) {
                // The loops stopped meanwhile: no call can be left.
                drained.complete(null);
            }
        }, "sipgw-drain");
        poller.setDaemon(true);
        poller.start();
        return drained;
    }

    @Override
    public int activeCalls() {
        CallBridge bridge;
        synchronized (this) {
            bridge = calls;
        }
        return bridge == null ? 0 : bridge.endpoint().callCount();
    }

    @Override
    public int activeTransactions() {
        CallBridge bridge;
        synchronized (this) {
            bridge = calls;
        }
        return bridge == null ? 0 : bridge.endpoint().transactionCount();
    }

    /** Closes the listeners and every connection, and stops the event loops; safe to call twice. */
    @Override
    public synchronized void stop() {
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly(STOP_TIMEOUT_MILLIS);
        }
        channels.clear();
        bound.clear();
        udpChannels = List.of();
        if (calls != null) {
            calls.close();
            calls = null;
        }
        if (loops != null) {
            loops.shutdownGracefully(0, STOP_TIMEOUT_MILLIS).awaitUninterruptibly(STOP_TIMEOUT_MILLIS);
            loops = null;
        }
    }
}
