package io.sipgw.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.sip.codec.SipCodecLimits;
import io.sipgw.sip.codec.SipDatagramDecoder;
import io.sipgw.sip.codec.SipDecodeError;
import io.sipgw.sip.codec.SipMessageEncoder;
import io.sipgw.testing.LeakDetectionExtension;
import io.sipgw.testing.Parse;
import io.sipgw.testing.SipTestMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(LeakDetectionExtension.class)
class OutboundConnectionsTest {

    /** A TCP server with one connection open to it from {@code outbound}, and the server's end of it. */
    record Connected(OutboundTestServer server, OutboundConnections outbound, ResolvedTarget target,
                     Channel serverSide) {
    }

    /** One call of the listener. */
    record Inbound(Object message, Channel channel, InetSocketAddress sender) {
    }

    private final TestCertificates certs = TestCertificates.shared();
    private final EventLoops loops = new EventLoops(1, true, "outbound-test");
    private final BlockingQueue<Inbound> inbound = new LinkedBlockingQueue<>();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
        loops.close();
        for (Inbound in; (in = inbound.poll()) != null; ) {
            ReferenceCountUtil.release(in.message());
        }
    }

    static List<SslProvider> providers() {
        List<SslProvider> providers = new ArrayList<>(List.of(SslProvider.JDK));
        if (OpenSsl.isAvailable()) {
            providers.add(SslProvider.OPENSSL);
        }
        return providers;
    }

    // ---------------------------------------------------------------- TCP

    @Test
    void tcpSendReachesServerAndSecondSendReusesConnection() throws Exception {
        OutboundTestServer server = server(OutboundTestServer.tcp());
        OutboundConnections outbound = outbound(OutboundSettings.defaults());
        ResolvedTarget target = target(TransportKind.TCP, server, "localhost");

        SipRequest first = options("first");
        await(outbound.send(target, first));
        // The send took its own reference and gave it back; the caller's is untouched.
        assertThat(first.refCnt()).isEqualTo(1);
        first.release();
        await(send(outbound, target, "second"));

        OutboundTestServer.Received one = server.nextReceived();
        OutboundTestServer.Received two = server.nextReceived();
        assertThat(one.callId()).isEqualTo("first");
        assertThat(one.startLine()).isEqualTo("OPTIONS sip:localhost SIP/2.0");
        assertThat(two.callId()).isEqualTo("second");
        assertThat(two.channel()).isSameAs(one.channel());
        assertThat(server.acceptedCount()).isEqualTo(1);
        assertThat(outbound.connectionCount()).isEqualTo(1);
    }

    @Test
    void responseOnTheConnectionReachesTheListener() throws Exception {
        Connected tcp = connectedOverTcp(OutboundSettings.defaults());
        Channel client = await(tcp.outbound().acquire(tcp.target())).getNow();

        tcp.serverSide().writeAndFlush(Parse.response(SipTestMessages.OPTIONS_200));

        Inbound in = nextInbound();
        assertThat(in.message()).isInstanceOf(SipResponse.class);
        assertThat(((SipResponse) in.message()).status()).isEqualTo(200);
        assertThat(in.channel()).isSameAs(client);
        assertThat(in.sender()).isEqualTo(tcp.server().address());
        ReferenceCountUtil.release(in.message());
    }

    @Test
    void connectionClosedByServerIsReplacedOnNextSend() throws Exception {
        Connected tcp = connectedOverTcp(OutboundSettings.defaults());

        tcp.serverSide().close().sync();
        poll("the closed connection leaves the pool", () -> tcp.outbound().connectionCount() == 0);
        await(send(tcp.outbound(), tcp.target(), "after"));

        OutboundTestServer.Received after = tcp.server().nextReceived();
        assertThat(after.callId()).isEqualTo("after");
        assertThat(after.channel()).isNotSameAs(tcp.serverSide());
        assertThat(tcp.server().acceptedCount()).isEqualTo(2);
    }

    @ParameterizedTest(name = "epoll preferred: {0}")
    @ValueSource(booleans = {true, false})
    void refusedConnectionFailsAtOnce(boolean epoll) throws Exception {
        EventLoops ownLoops = new EventLoops(1, epoll, "outbound-refused");
        closeAfter.add(ownLoops);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        OutboundConnections outbound = outbound(ownLoops, clientContext(),
                OutboundSettings.defaults().withConnectTimeout(Duration.ofSeconds(30)));
        ResolvedTarget target = new ResolvedTarget(TransportKind.TCP,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort), "localhost");

        Future<Void> sent = await(send(outbound, target, "refused"));

        // A refusal, not the 30 s connect timeout.
        assertThat(sent.cause()).isInstanceOf(ConnectException.class).isNotInstanceOf(ConnectTimeoutException.class);
        assertThat(outbound.connectionCount()).isZero();
    }

    @Test
    void concurrentSendsDuringConnectShareOneConnection() throws Exception {
        OutboundTestServer server = server(OutboundTestServer.tcp());
        OutboundConnections outbound = outbound(OutboundSettings.defaults());
        ResolvedTarget target = target(TransportKind.TCP, server, "localhost");
        EventLoop loop = loops.group().next();
        List<Future<Void>> sends = new ArrayList<>();

        // All in one task of the loop: no connect can complete before the last send is made.
        loop.submit(() -> {
            for (int i = 0; i < 10; i++) {
                sends.add(send(outbound, target, "call-" + i));
            }
            Future<Channel> pending = outbound.acquire(target);
            assertThat(pending.isDone()).isFalse();
            assertThat(pending.cancel(false)).as("one waiter cannot cancel the connect for all").isFalse();
        }).sync();
        for (Future<Void> sent : sends) {
            await(sent);
        }

        for (int i = 0; i < 10; i++) {
            assertThat(server.nextReceived().callId()).isEqualTo("call-" + i);
        }
        assertThat(server.acceptedCount()).isEqualTo(1);
        assertThat(outbound.connectionCount()).isEqualTo(1);
    }

    @Test
    void eachLoopOpensItsOwnConnectionOnItself() throws Exception {
        EventLoops twoLoops = new EventLoops(2, true, "outbound-two");
        closeAfter.add(twoLoops);
        OutboundTestServer server = server(OutboundTestServer.tcp());
        OutboundConnections outbound = outbound(twoLoops, clientContext(),
                OutboundSettings.defaults());
        ResolvedTarget target = target(TransportKind.TCP, server, "localhost");
        List<EventLoop> loopsOfGroup = new ArrayList<>();
        twoLoops.group().forEach(executor -> loopsOfGroup.add((EventLoop) executor));

        for (EventLoop loop : loopsOfGroup) {
            // Called on the loop, as the call layer does; waited for off it.
            Future<Channel> acquired = loop.submit(() -> outbound.acquire(target)).sync().getNow();
            assertThat(await(acquired).getNow().eventLoop()).isSameAs(loop);
            await(loop.submit(() -> send(outbound, target, "from-" + loop)).sync().getNow());
        }

        assertThat(server.nextReceived().channel()).isNotSameAs(server.nextReceived().channel());
        assertThat(outbound.connectionCount()).isEqualTo(2);
    }

    @Test
    void idleConnectionIsClosed() throws Exception {
        Connected tcp = connectedOverTcp(OutboundSettings.defaults().withIdleTimeout(Duration.ofMillis(200)));

        assertThat(tcp.serverSide().closeFuture().await(5, TimeUnit.SECONDS)).as("closed by the idle client").isTrue();
        poll("the idle connection leaves the pool", () -> tcp.outbound().connectionCount() == 0);
    }

    @Test
    void connectionCapIsEnforced() throws Exception {
        OutboundTestServer first = server(OutboundTestServer.tcp());
        OutboundTestServer second = server(OutboundTestServer.tcp());
        OutboundConnections outbound = outbound(OutboundSettings.defaults().withMaxConnections(1));
        await(send(outbound, target(TransportKind.TCP, first, "localhost"), "first"));
        ResolvedTarget secondTarget = target(TransportKind.TCP, second, "localhost");

        Future<Void> refused = await(send(outbound, secondTarget, "second"));

        assertThat(refused.cause()).isInstanceOf(OutboundLimitExceededException.class)
                .hasMessage("outbound connection limit of 1 reached, not opening TCP localhost at 127.0.0.1:"
                        + second.address().getPort());
        assertThat(second.acceptedCount()).isZero();

        // Once the first connection is gone, the cap has room again.
        first.nextReceived().channel().close().sync();
        poll("the closed connection leaves the count", () -> outbound.connectionCount() == 0);
        assertThat(await(send(outbound, secondTarget, "again")).isSuccess()).isTrue();
        assertThat(second.nextReceived().callId()).isEqualTo("again");
    }

    @Test
    void connectionThatLosesItsFramingIsClosedAfterTheListenerSawTheError() throws Exception {
        Connected tcp = connectedOverTcp(OutboundSettings.defaults());

        tcp.serverSide().writeAndFlush(ascii("SIP/2.0 200 OK\r\nContent-Length: many\r\n\r\n"));

        Inbound in = nextInbound();
        assertThat(in.message()).isInstanceOf(SipDecodeError.class);
        assertThat(((SipDecodeError) in.message()).closeConnection()).isTrue();
        ReferenceCountUtil.release(in.message());
        assertThat(tcp.serverSide().closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
        poll("the broken connection leaves the pool", () -> tcp.outbound().connectionCount() == 0);
    }

    @Test
    void sendsFailOnceClosed() throws Exception {
        Connected tcp = connectedOverTcp(OutboundSettings.defaults());

        await(tcp.outbound().close());

        assertThat(tcp.serverSide().closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(await(send(tcp.outbound(), tcp.target(), "late")).cause())
                .hasMessage("outbound connections are closed");
        assertThat(tcp.outbound().connectionCount()).isZero();
    }

    // ---------------------------------------------------------------- TLS

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void tlsSendsSniOffersNoAlpnAndDelivers(SslProvider provider) throws Exception {
        OutboundTestServer server = tlsServer();
        OutboundConnections outbound = outbound(loops, clientContext(provider), OutboundSettings.defaults());
        ResolvedTarget target = target(TransportKind.TLS, server, "localhost");

        await(send(outbound, target, "secure"));
        await(send(outbound, target, "again"));

        OutboundTestServer.Handshake handshake = server.nextHandshake();
        assertThat(handshake.serverNames()).containsExactly(new SNIHostName("localhost"));
        // The server would have selected "sip" had the client offered ALPN.
        assertThat(handshake.applicationProtocol()).isNullOrEmpty();
        assertThat(server.nextReceived().callId()).isEqualTo("secure");
        assertThat(server.nextReceived().callId()).isEqualTo("again");
        assertThat(server.acceptedCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void tlsCertificateForAnotherHostFailsNamingTheMismatch(SslProvider provider) throws Exception {
        OutboundTestServer server = tlsServer();
        OutboundConnections outbound = outbound(loops, clientContext(provider), OutboundSettings.defaults());

        Future<Void> sent = await(send(outbound, target(TransportKind.TLS, server, "sip.example.org"), "x"));

        assertThat(sent.cause()).isInstanceOf(SSLHandshakeException.class)
                .hasMessageStartingWith("TLS handshake with sip.example.org at 127.0.0.1:" + server.address().getPort()
                        + " failed: certificate does not match sip.example.org (hostname mismatch)");
        poll("the failed connection leaves the pool", () -> outbound.connectionCount() == 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void tlsCertificateFromUntrustedCaFailsNamingTrust(SslProvider provider) throws Exception {
        OutboundTestServer server = tlsServer();
        // The JDK's own trust store, which does not hold the test CA.
        OutboundConnections outbound = outbound(loops, TlsContexts.forClient(provider), OutboundSettings.defaults());

        Future<Void> sent = await(send(outbound, target(TransportKind.TLS, server, "localhost"), "x"));

        assertThat(sent.cause()).isInstanceOf(SSLHandshakeException.class)
                .hasMessageStartingWith("TLS handshake with localhost at 127.0.0.1:" + server.address().getPort()
                        + " failed: certificate for localhost not trusted: PKIX path");
    }

    @Test
    void tlsHandshakeThatNeverCompletesTimesOut() throws Exception {
        // A TCP server reads the ClientHello as an unfinished SIP message and never answers it.
        OutboundTestServer server = server(OutboundTestServer.tcp());
        OutboundConnections outbound = outbound(OutboundSettings.defaults().withConnectTimeout(Duration.ofMillis(300)));

        Future<Void> sent = await(send(outbound, target(TransportKind.TLS, server, "localhost"), "x"));

        assertThat(sent.cause()).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("failed: timed out");
    }

    @Test
    void tlsConnectionsToOneAddressAreKeptApartByServerName() throws Exception {
        OutboundTestServer server = tlsServer();
        OutboundConnections outbound = outbound(OutboundSettings.defaults());

        // The certificate is valid for both names; a connection checked for one does not vouch for the other.
        await(send(outbound, target(TransportKind.TLS, server, "localhost"), "by-name"));
        await(send(outbound, target(TransportKind.TLS, server, "127.0.0.1"), "by-address"));

        assertThat(server.nextReceived().channel()).isNotSameAs(server.nextReceived().channel());
        assertThat(server.acceptedCount()).isEqualTo(2);
        assertThat(outbound.connectionCount()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- UDP

    @Test
    void udpSendArrivesAsDatagramAndTheAnswerReachesTheListener() throws Exception {
        OutboundConnections outbound = outbound(OutboundSettings.defaults());
        DatagramSocket peer = udpPeer();
        ResolvedTarget target = udpTarget(peer);

        await(send(outbound, target, "datagram"));
        DatagramPacket packet = receive(peer);
        String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("OPTIONS sip:localhost SIP/2.0\r\n").contains("Call-ID: datagram\r\n");
        assertThat(outbound.connectionCount()).isZero();

        // RFC 3581: the response goes to the source port, where the pool's own channel reads it.
        byte[] answer = SipTestMessages.OPTIONS_200.getBytes(StandardCharsets.UTF_8);
        peer.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
        Inbound in = nextInbound();
        assertThat(in.message()).isInstanceOf(SipResponse.class);
        assertThat(in.sender()).isEqualTo(peer.getLocalSocketAddress());
        assertThat(in.channel()).isSameAs(await(outbound.acquire(target)).getNow());
        ReferenceCountUtil.release(in.message());
    }

    @Test
    void udpLeavesThroughTheChannelTheCallerGives() throws Exception {
        Channel listening = new Bootstrap().group(loops.group()).channelFactory(loops.datagramChannelFactory())
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new SipMessageEncoder(), new ChannelInboundHandlerAdapter());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        closeAfter.add(() -> listening.close().sync());
        OutboundConnections outbound = new OutboundConnections(loops, clientContext(),
                OutboundSettings.defaults(), this::collect, loop -> listening);
        closeAfter.add(0, () -> await(outbound.close()));
        DatagramSocket peer = udpPeer();

        await(send(outbound, udpTarget(peer), "via-listener"));

        assertThat(receive(peer).getSocketAddress()).isEqualTo(listening.localAddress());
    }

    /**
     * With a pipeline for connected sockets, a peer gets a socket connected to it on the listening port while
     * datagrams to it still leave the listener: the peer's datagrams are read on the connected socket, the ICMP port
     * unreachable a datagram meets arrives there and fails the sends that follow (RFC 3261 18.4), and the peer's
     * next datagram clears that.
     */
    @Test
    void aConnectedUdpPeerIsMarkedUnreachableByIcmpUntilItSendsAgain() throws Exception {
        Assumptions.assumeTrue(loops.supportsReusePort(), "SO_REUSEPORT (epoll) is needed");
        Channel listening = listeningWithConnectedPeers();
        OutboundConnections outbound = outboundWithConnectedPeers(listening);
        DatagramSocket peer = udpPeer();
        ResolvedTarget target = udpTarget(peer);

        await(send(outbound, target, "connected"));
        DatagramPacket packet = receive(peer);
        assertThat(packet.getSocketAddress()).as("the source: the listening port").isEqualTo(listening.localAddress());
        assertThat(await(outbound.acquire(target)).getNow()).as("datagrams leave the listener").isSameAs(listening);
        assertThat(outbound.connectedPeerCount()).isEqualTo(1);

        // Its answer to the listening port is read on the connected socket, by the same pipeline.
        byte[] answer = SipTestMessages.OPTIONS_200.getBytes(StandardCharsets.UTF_8);
        peer.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
        Inbound in = nextInbound();
        assertThat(in.message()).isInstanceOf(SipResponse.class);
        assertThat(in.channel()).isNotSameAs(listening);
        assertThat(in.channel().remoteAddress()).isEqualTo(peer.getLocalSocketAddress());
        ReferenceCountUtil.release(in.message());

        // The peer's port closes: the next datagram meets ICMP port unreachable, and the sends after it fail.
        int port = peer.getLocalPort();
        peer.close();
        await(send(outbound, target, "into-the-void"));
        poll("a send failing with PortUnreachableException", () -> {
            Future<Void> sent = send(outbound, target, "refused");
            sent.awaitUninterruptibly(5, TimeUnit.SECONDS);
            return sent.cause() instanceof PortUnreachableException;
        });

        // The peer is back and sends something: it is reachable again.
        DatagramSocket back = new DatagramSocket(port, InetAddress.getLoopbackAddress());
        closeAfter.add(back);
        back.setSoTimeout(5_000);
        back.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
        ReferenceCountUtil.release(nextInbound().message());
        await(send(outbound, target, "again"));
        assertThat(new String(receive(back).getData(), StandardCharsets.UTF_8)).contains("Call-ID: again\r\n");
    }

    /** The first datagram to a peer waits for its connected socket, so that the ICMP error it meets is not lost. */
    @Test
    void theFirstDatagramToAClosedUdpPortMarksThePeerUnreachable() throws Exception {
        Assumptions.assumeTrue(loops.supportsReusePort(), "SO_REUSEPORT (epoll) is needed");
        OutboundConnections outbound = outboundWithConnectedPeers(listeningWithConnectedPeers());
        DatagramSocket peer = udpPeer();
        ResolvedTarget target = udpTarget(peer);
        peer.close();

        await(send(outbound, target, "first"));

        poll("the peer marked unreachable by that datagram's ICMP error", () -> outbound.unreachable(target.address()));
        Future<Void> next = await(send(outbound, target, "second"));
        assertThat(next.cause()).isInstanceOf(PortUnreachableException.class)
                .hasMessage("ICMP port unreachable from UDP " + NetUtil.toSocketAddressString(target.address()));
    }

    /** A listening UDP channel whose pipeline hands what it reads to {@link #collect}; closed after the test. */
    private Channel listeningWithConnectedPeers() throws InterruptedException {
        Channel listening = loops.datagramBootstrap().handler(connectedReader)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        closeAfter.add(() -> listening.close().sync());
        return listening;
    }

    /** Outbound connections whose datagrams leave {@code listening}, with a connected socket per UDP peer. */
    private OutboundConnections outboundWithConnectedPeers(Channel listening) throws Exception {
        OutboundConnections outbound = new OutboundConnections(loops, clientContext(), OutboundSettings.defaults(),
                this::collect, OutboundConnections.DatagramChannels.withConnectedPeers(loop -> listening,
                        () -> connectedReader));
        closeAfter.add(0, () -> await(outbound.close()));
        return outbound;
    }

    /** Decodes what a listening or connected UDP channel reads and hands it to {@link #collect}. */
    private final ChannelHandler connectedReader = new ChannelInitializer<DatagramChannel>() {
        @Override
        protected void initChannel(DatagramChannel ch) {
            ch.pipeline().addLast(new SipMessageEncoder(), new SipDatagramDecoder(SipCodecLimits.DEFAULT),
                    new SimpleChannelInboundHandler<AddressedEnvelope<Object, InetSocketAddress>>(false) {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx,
                                                    AddressedEnvelope<Object, InetSocketAddress> in) {
                            collect(in.content(), ctx.channel(), in.sender());
                        }
                    });
        }
    };

    // ---------------------------------------------------------------- settings

    @Test
    void settingsRefuseNonsense() {
        OutboundSettings defaults = OutboundSettings.defaults();
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.maxConnections()).isEqualTo(256);
        assertThatThrownBy(() -> defaults.withConnectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> defaults.withIdleTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> defaults.withMaxConnections(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConnections");
        assertThat(defaults.withIdleTimeout(Duration.ZERO).idleTimeout()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    /** A TCP server and outbound connections with {@code settings} that have sent it one message. */
    private Connected connectedOverTcp(OutboundSettings settings) throws Exception {
        OutboundTestServer server = server(OutboundTestServer.tcp());
        OutboundConnections outbound = outbound(settings);
        ResolvedTarget target = target(TransportKind.TCP, server, "localhost");
        await(send(outbound, target, "first"));
        return new Connected(server, outbound, target, server.nextReceived().channel());
    }

    private OutboundConnections outbound(OutboundSettings settings) throws Exception {
        return outbound(loops, clientContext(), settings);
    }

    /** Outbound connections that are closed, and waited for, before the loops and servers at the end of the test. */
    private OutboundConnections outbound(EventLoops on, SslContext tls, OutboundSettings settings) {
        OutboundConnections outbound = new OutboundConnections(on, tls, settings, this::collect);
        closeAfter.add(0, () -> await(outbound.close()));
        return outbound;
    }

    private OutboundTestServer server(OutboundTestServer server) {
        closeAfter.add(server);
        return server;
    }

    private OutboundTestServer tlsServer() throws Exception {
        return server(OutboundTestServer.tls(certs, TlsContexts.defaultProvider()));
    }

    /** A client context on the default provider that trusts the test CA. */
    private SslContext clientContext() throws Exception {
        return clientContext(TlsContexts.defaultProvider());
    }

    private SslContext clientContext(SslProvider provider) throws Exception {
        return TlsContexts.forClient(certs.trustManagerFactory(), provider);
    }

    private void collect(Object message, Channel channel, InetSocketAddress sender) {
        inbound.add(new Inbound(message, channel, sender));
    }

    private Inbound nextInbound() throws InterruptedException {
        Inbound in = inbound.poll(5, TimeUnit.SECONDS);
        if (in == null) {
            throw new AssertionError("the listener got nothing in 5 s");
        }
        return in;
    }

    /** A plain UDP socket on loopback standing for the peer; closed after the test. */
    private DatagramSocket udpPeer() throws Exception {
        DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        closeAfter.add(peer);
        peer.setSoTimeout(5_000);
        return peer;
    }

    private static ResolvedTarget udpTarget(DatagramSocket peer) {
        return new ResolvedTarget(TransportKind.UDP, (InetSocketAddress) peer.getLocalSocketAddress(), "127.0.0.1");
    }

    /** The next datagram the peer receives, waiting up to 5 s. */
    private static DatagramPacket receive(DatagramSocket peer) throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        peer.receive(packet);
        return packet;
    }

    private static ResolvedTarget target(TransportKind transport, OutboundTestServer server, String serverName) {
        return new ResolvedTarget(transport, server.address(), serverName);
    }

    /** Sends a new OPTIONS and releases the test's reference at once, as a caller that is done with it would. */
    private static Future<Void> send(OutboundConnections outbound, ResolvedTarget target, String callId) {
        SipRequest request = options(callId);
        try {
            return outbound.send(target, request);
        } finally {
            request.release();
        }
    }

    private static SipRequest options(String callId) {
        return Parse.request(SipTestMessages.crlf("OPTIONS sip:localhost SIP/2.0\n"
                + "Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK-" + callId + "\n"
                + "Max-Forwards: 70\n"
                + "From: <sip:gw@localhost>;tag=1\n"
                + "To: <sip:localhost>\n"
                + "Call-ID: " + callId + "\n"
                + "CSeq: 1 OPTIONS\n"
                + "Content-Length: 0\n"
                + "\n"));
    }

    private static ByteBuf ascii(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return PooledByteBufAllocator.DEFAULT.buffer(bytes.length).writeBytes(bytes);
    }

    /** Waits up to 5 s for {@code future}; fails the test if it is still pending. */
    private static <T> Future<T> await(Future<T> future) throws InterruptedException {
        if (!future.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("not done in 5 s: " + future);
        }
        return future;
    }

    /** Polls {@code condition} every few milliseconds for up to 5 s. */
    private static void poll(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(5);
        }
    }
}
