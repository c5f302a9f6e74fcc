package io.sipgw.pipeline;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Ticker;
import io.sipgw.call.CallEvents;
import io.sipgw.call.CallSettings;
import io.sipgw.call.TwilioRouting;
import io.sipgw.sdp.MediaPolicy;
import io.sipgw.sdp.MediaPolicyConfig;
import io.sipgw.testing.FreePorts;
import io.sipgw.testing.SipTestMessages;
import io.sipgw.transaction.TransactionTimers;
import io.sipgw.transport.EventLoops;
import io.sipgw.transport.OutboundConnections;
import io.sipgw.transport.OutboundSettings;
import io.sipgw.transport.SipResolver;
import io.sipgw.transport.TlsContexts;
import io.sipgw.transport.TransportKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import static io.sipgw.pipeline.SipPeer.header;
import static io.sipgw.pipeline.SipPeer.respond;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls over UDP through relays that drop datagrams in each direction (seeded), between "Meta" and the gateway and
 * between the gateway and "Twilio": the peers retransmit as RFC 3261 UAs do (INVITE by timer A, BYE by timer E,
 * Twilio's 2xx until its ACK, the ACK again for each 2xx), the gateway by its transactions, and nearly every call
 * still completes, leaving no call or transaction behind: 50 calls through 20 % loss, 1,000 through 10 %, and 200
 * calls while a source outside the allow-list floods the gateway with 70,000 INVITEs a second.
 */
class B2buaLossyUdpTest {

    private static final long T1_MILLIS = 100;
    private static final long T2_MILLIS = 4 * T1_MILLIS;
    /** The per-source rate limits of the gateway, as SOURCE_RATE_LIMIT's and UNLISTED_RATE_LIMIT's defaults. */
    private static final int FLOOD_SOURCE_RATE = 2000;
    private static final int UNLISTED_RATE = 20;
    /**
     * INVITEs per second from the flooding address: 20 times the 3,500 calls a second one gateway process sustains
     * on a 2-core machine (scripts/bench.sh load, README), and 1,400 times the calls of the test itself.
     */
    private static final long FLOOD_RATE = 70_000;
    /** The loss of the relays in each direction; set by each test before any call. */
    private static volatile double loss;
    private static final String TWILIO_ANSWER = "v=0\r\n"
            + "o=root 1 1 IN IP4 168.86.128.10\r\n"
            + "s=Twilio Media Gateway\r\n"
            + "c=IN IP4 168.86.128.10\r\n"
            + "t=0 0\r\n"
            + "m=audio 16018 RTP/SAVP 0\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:dHdpbGlvYW5zd2Vya2V5bWF0ZXJpYWwwMTIzNDU2Nzg5\r\n"
            + "a=sendrecv\r\n";

    private EventLoops loops;
    private DnsNameResolver dns;
    private OutboundConnections outbound;
    private B2buaEndpoint endpoint;
    private LossyRelay metaRelay;
    private LossyRelay twilioRelay;
    private MetaUa meta;
    private TwilioUa twilio;
    private InetSocketAddress gateway;

    @BeforeEach
    void start() throws Exception {
        int gatewayPort = FreePorts.tcpAndUdp();
        gateway = new InetSocketAddress("127.0.0.1", gatewayPort);
        meta = new MetaUa(new DatagramSocket(new InetSocketAddress("127.0.0.2", 0)));
        twilio = new TwilioUa(new DatagramSocket(new InetSocketAddress("127.0.0.6", 0)));
        // The gateway sees Meta at 127.0.0.5 and Twilio at 127.0.0.3: the relays.
        metaRelay = new LossyRelay("127.0.0.5", meta.address(), gateway, 1);
        twilioRelay = new LossyRelay("127.0.0.3", twilio.address(), gateway, 2);
        twilio.contactPort = twilioRelay.port();

        loops = new EventLoops(2, true, "b2bua-lossy-test");
        AtomicReference<Channel> udp = new AtomicReference<>();
        EventLoop first = loops.group().next();
        dns = SipResolver.newDnsNameResolver(first, loops.datagramChannelFactory(),
                DnsServerAddressStreamProviders.platformDefault(), Duration.ofSeconds(1));
        SipResolver resolver = new SipResolver(first, dns, Ticker.systemTicker(), new SplittableRandom(),
                SipResolver.Settings.defaults());
        outbound = new OutboundConnections(loops, TlsContexts.forClient(TlsContexts.defaultProvider()),
                OutboundSettings.defaults(), (message, channel, sender) -> ReferenceCountUtil.release(message),
                loop -> udp.get());
        InetAddress relayAddress = InetAddress.getByName("127.0.0.5");
        CallSettings settings = new CallSettings(CallSettings.presence("127.0.0.1", gatewayPort, "udp"),
                CallSettings.presence("127.0.0.1", gatewayPort, "udp"), CallSettings.DEFAULT_RING_TIMEOUT);
        endpoint = new B2buaEndpoint(loops.group(), settings,
                new TwilioRouting(relayAddress::equals, "127.0.0.3", twilioRelay.port(), null, "127.0.0.1",
                        new SdpRewriteHandler(new MediaPolicy(MediaPolicyConfig.defaults("gw.example.com")))),
                TransactionTimers.DEFAULT.withT1(Duration.ofMillis(T1_MILLIS))
                        .withT2(Duration.ofMillis(T2_MILLIS)).withT4(Duration.ofMillis(T2_MILLIS))
                        .withTimerD(Duration.ofMillis(500)), CallEvents.NONE,
                loop -> new ResolvingCallTransport(resolver, outbound, TransportKind.UDP, loop));
        PipelineSettings pipeline = PipelineSettings.builder().endpoint(endpoint)
                .rateLimiter(new SourceRateLimiter(FLOOD_SOURCE_RATE, 2 * FLOOD_SOURCE_RATE, 1000, 5,
                        System::nanoTime))
                .untrustedSources(a -> a.equals(relayAddress) || a.getHostAddress().equals("127.0.0.3"),
                        new SourceRateLimiter(UNLISTED_RATE, 2 * UNLISTED_RATE, 1000, 5, System::nanoTime))
                .build();
        // As the server sets it (UDP_BUFFER_BYTES): room for a burst while the loop is busy.
        udp.set(loops.datagramBootstrap().option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .handler(GatewayChannelInitializer.udp(pipeline))
                .bind(gateway).sync().channel());
        meta.target = metaRelay.address();
        twilio.target = twilioRelay.address();
        metaRelay.start();
        twilioRelay.start();
        meta.start();
        twilio.start();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            meta.close();
            twilio.close();
            metaRelay.close();
            twilioRelay.close();
        } finally {
            // After a failure, what the transactions still hold is released before the loops stop.
            endpoint.close();
            outbound.close().syncUninterruptibly();
            dns.close();
            loops.close();
        }
    }

    @Test
    void callsCompleteThroughTwentyPercentLossBothWays() throws Exception {
        callsThroughLoss(50, 0.2, 20, 1);
    }

    @Test
    void aThousandCallsThroughTenPercentLossBothWaysAtLeast999Complete() throws Exception {
        callsThroughLoss(1000, 0.1, 5, 1);
    }

    @Test
    void callsCompleteWhileASourceOutsideTheAllowListFloodsTheGateway() throws Exception {
        try (Flood flood = new Flood(gateway)) {
            flood.start();
            long start = System.nanoTime();
            callsThroughLoss(200, 0, 10, 2);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("flood: %d INVITEs from 127.0.0.9 in %.1f s (%.0f/s) while %d of 200 calls completed%n",
                    flood.sent(), seconds, flood.sent() / seconds, meta.completed());
            assertThat(flood.sent()).as("INVITEs the flood sent").isGreaterThan((long) (FLOOD_RATE * seconds / 2));
        }
    }

    /**
     * INVITEs with new Call-IDs from 127.0.0.9 (not allow-listed), {@link #FLOOD_RATE} a second in bursts of one
     * millisecond's worth, from datagrams made beforehand and written by Netty's epoll transport, which hands a
     * burst to the kernel in a few sendmmsg calls: so that sending costs little beside the gateway.
     */
    private static final class Flood implements AutoCloseable {

        private static final int DISTINCT = 4096;

        private final EventLoops loop = new EventLoops(1, true, "flood");
        private final Channel channel;
        private final InetSocketAddress gateway;
        private final ByteBuf[] invites = new ByteBuf[DISTINCT];
        private volatile long sent;
        private long startNanos;
        private ScheduledFuture<?> ticks;

        Flood(InetSocketAddress gateway) throws InterruptedException {
            this.gateway = gateway;
            for (int i = 0; i < DISTINCT; i++) {
                byte[] invite = SipTestMessages.META_INVITE
                        .replace("branch=z9hG4bK-wa-7f3a91c2", "branch=z9hG4bK-flood" + i)
                        .replace("outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3", "flood-" + i)
                        .getBytes(StandardCharsets.UTF_8);
                invites[i] = Unpooled.directBuffer(invite.length).writeBytes(invite);
            }
            this.channel = new Bootstrap().group(loop.group()).channelFactory(loop.datagramChannelFactory())
                    .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 2 << 20))
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            // The gateway's 503s to the flood.
                            ReferenceCountUtil.release(msg);
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.9", 0)).sync().channel();
        }

        void start() {
            channel.eventLoop().execute(() -> {
                startNanos = System.nanoTime();
                ticks = channel.eventLoop().scheduleAtFixedRate(this::burst, 0, 1, TimeUnit.MILLISECONDS);
            });
        }

        /** Writes what the rate asks for by now, as far as the socket takes it. */
        private void burst() {
            long n = sent;
            long due = (System.nanoTime() - startNanos) * FLOOD_RATE / 1_000_000_000L;
            while (n < due && channel.isWritable()) {
                channel.write(new io.netty.channel.socket.DatagramPacket(invites[(int) (n % DISTINCT)].retainedDuplicate(), gateway),
                        channel.voidPromise());
                n++;
            }
            channel.flush();
            sent = n;
        }

        long sent() {
            return sent;
        }

        @Override
        public void close() {
            try {
                channel.eventLoop().submit(() -> {
                    if (ticks != null) {
                        ticks.cancel(false);
                    }
                }).syncUninterruptibly();
                channel.close().syncUninterruptibly();
            } finally {
                loop.close();
                for (ByteBuf invite : invites) {
                    invite.release();
                }
            }
        }
    }

    /** {@code calls} calls, one every {@code spacingMillis}, through {@code lossRate}; all but {@code failures}. */
    private void callsThroughLoss(int calls, double lossRate, long spacingMillis, int failures) throws Exception {
        loss = lossRate;
        for (int i = 0; i < calls; i++) {
            meta.call("lossy-" + i);
            Thread.sleep(spacingMillis);
        }
        // Meta may be done before Twilio got its ACK: a lost ACK comes again only on Twilio's next 2xx.
        long deadline = System.currentTimeMillis() + 30_000;
        while ((meta.finished() < calls || twilio.acked() < calls || twilio.byes() < calls)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(meta.finished()).as("calls that finished either way").isEqualTo(calls);
        assertThat(meta.completed()).as("calls answered and hung up").isGreaterThanOrEqualTo(calls - failures);
        assertThat(twilio.acked()).as("Twilio's 2xx ACKed").isGreaterThanOrEqualTo(calls - failures);
        assertThat(twilio.byes()).as("BYEs Twilio got").isGreaterThanOrEqualTo(calls - failures);
        if (lossRate > 0) {
            assertThat(metaRelay.dropped() + twilioRelay.dropped()).as("datagrams dropped").isPositive();
        }

        // Every transaction ends by its timers (64*T1 = 6.4 s at most); every call once both legs are done.
        long drained = System.currentTimeMillis() + 12_000;
        while ((endpoint.callCount() > 0 || endpoint.transactionCount() > 0)
                && System.currentTimeMillis() < drained) {
            Thread.sleep(50);
        }
        assertThat(endpoint.callCount()).as("calls").isZero();
        assertThat(endpoint.transactionCount()).as("transactions").isZero();
    }

    // ---------------------------------------------------------------- the relays

    /**
     * Forwards datagrams between one peer and the gateway from its own socket, dropping each with probability
     * {@link #loss} by a seeded random per direction.
     */
    private static final class LossyRelay extends Thread implements AutoCloseable {

        private final DatagramSocket socket;
        private final InetSocketAddress peer;
        private final InetSocketAddress gateway;
        private final Random towardsGateway;
        private final Random towardsPeer;
        private volatile int dropped;

        LossyRelay(String address, InetSocketAddress peer, InetSocketAddress gateway, long seed) throws IOException {
            super("lossy-relay-" + address);
            setDaemon(true);
            this.socket = new DatagramSocket(new InetSocketAddress(address, 0));
            this.peer = peer;
            this.gateway = gateway;
            this.towardsGateway = new Random(seed);
            this.towardsPeer = new Random(seed * 31 + 7);
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        int port() {
            return socket.getLocalPort();
        }

        int dropped() {
            return dropped;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[65_535];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                    boolean fromPeer = packet.getSocketAddress().equals(peer);
                    Random random = fromPeer ? towardsGateway : towardsPeer;
                    if (random.nextDouble() < loss) {
                        dropped++;
                        continue;
                    }
                    socket.send(new DatagramPacket(packet.getData(), packet.getLength(), fromPeer ? gateway : peer));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            join(2_000);
        }
    }

    // ---------------------------------------------------------------- the peers

    /** A retransmission schedule: T1, doubling, capped at {@code cap} (RFC 3261 17.1.1.2 and 17.1.2.2). */
    private static final class Retransmit {
        String message;
        long interval = T1_MILLIS;
        long due;
        long giveUp;

        Retransmit(String message, long now) {
            this.message = message;
            this.due = now + T1_MILLIS;
            this.giveUp = now + 64 * T1_MILLIS;
        }

        /** Whether it is due now; then moves the next time on. */
        boolean due(long now, long cap) {
            if (now < due) {
                return false;
            }
            interval = Math.min(interval * 2, cap);
            due = now + interval;
            return true;
        }
    }

    /** A UA on a datagram socket, driven by one thread: messages in, retransmissions when due. */
    private abstract static class Ua extends Thread implements AutoCloseable {

        final DatagramSocket socket;
        volatile InetSocketAddress target;
        /** Work handed in by the test thread, run on the UA's thread. */
        private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> tasks =
                new java.util.concurrent.ConcurrentLinkedQueue<>();

        Ua(DatagramSocket socket, String name) throws SocketException {
            super(name);
            setDaemon(true);
            this.socket = socket;
            socket.setSoTimeout(5);
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        void later(Runnable task) {
            tasks.add(task);
        }

        void send(String text) {
            byte[] bytes = SipTestMessages.crlf(text).getBytes(StandardCharsets.UTF_8);
            try {
                socket.send(new DatagramPacket(bytes, bytes.length, target));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        abstract void onMessage(String text);

        abstract void onTick(long now);

        @Override
        public void run() {
            byte[] buffer = new byte[65_535];
            while (!socket.isClosed()) {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                    onMessage(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
                } catch (SocketTimeoutException e) {
                    // time for the retransmissions
                } catch (IOException e) {
                    return; // closed
                }
                onTick(System.currentTimeMillis());
            }
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            join(2_000);
        }
    }

    /** Meta: calls, ACKs each 2xx, hangs up at once; INVITE by timer A until a response, BYE by timer E. */
    private static final class MetaUa extends Ua {

        /** One call of Meta's. */
        private static final class MetaCall {
            final String callId;
            Retransmit invite;
            Retransmit bye;
            String ok;
            boolean done;
            boolean completed;

            MetaCall(String callId) {
                this.callId = callId;
            }
        }

        private final Map<String, MetaCall> calls = new HashMap<>();
        private volatile int finished;
        private volatile int completed;

        MetaUa(DatagramSocket socket) throws SocketException {
            super(socket, "meta-ua");
        }

        int finished() {
            return finished;
        }

        int completed() {
            return completed;
        }

        void call(String callId) {
            later(() -> {
                MetaCall call = new MetaCall(callId);
                calls.put(callId, call);
                call.invite = new Retransmit(invite(callId), System.currentTimeMillis());
                send(call.invite.message);
            });
        }

        private String invite(String callId) {
            return SipTestMessages.META_INVITE
                    .replace("SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-wa-7f3a91c2;rport",
                            "SIP/2.0/UDP 127.0.0.2:" + socket.getLocalPort() + ";branch=z9hG4bK-" + callId + ";rport")
                    .replace("outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3", callId);
        }

        private String inDialog(String method, String ok, int cseq, String branch) {
            return method + " sip:+15550001111@127.0.0.1 SIP/2.0\n"
                    + "Via: SIP/2.0/UDP 127.0.0.2:" + socket.getLocalPort() + ";branch=z9hG4bK-" + branch + ";rport\n"
                    + "Max-Forwards: 70\n"
                    + "From: " + header(ok, "From") + "\n"
                    + "To: " + header(ok, "To") + "\n"
                    + "Call-ID: " + header(ok, "Call-ID") + "\n"
                    + "CSeq: " + cseq + " " + method + "\n"
                    + "Content-Length: 0\n\n";
        }

        @Override
        void onMessage(String text) {
            MetaCall call = calls.get(header(text, "Call-ID"));
            if (call == null || !text.startsWith("SIP/2.0 ")) {
                return;
            }
            int status = Integer.parseInt(text.substring(8, 11));
            String cseq = header(text, "CSeq");
            if (cseq.endsWith("INVITE")) {
                // RFC 3261 17.1.1.2: any response stops the INVITE's retransmissions.
                call.invite = null;
                if (status >= 200 && status < 300) {
                    // RFC 3261 13.2.2.4: every 2xx, retransmissions too, is ACKed; then Meta hangs up.
                    call.ok = text;
                    send(inDialog("ACK", text, 1, call.callId + "-ack"));
                    if (call.bye == null && !call.done) {
                        call.bye = new Retransmit(inDialog("BYE", text, 2, call.callId + "-bye"),
                                System.currentTimeMillis());
                        send(call.bye.message);
                    }
                } else if (status >= 300) {
                    send(inDialog("ACK", text, 1, call.callId));
                    finish(call, false);
                }
            } else if (cseq.endsWith("BYE") && status >= 200) {
                call.bye = null;
                finish(call, status == 200);
            }
        }

        private void finish(MetaCall call, boolean ok) {
            if (call.done) {
                return;
            }
            call.done = true;
            call.completed = ok;
            if (ok) {
                completed++;
            }
            finished++;
        }

        @Override
        void onTick(long now) {
            for (MetaCall call : calls.values()) {
                if (call.invite != null) {
                    if (now >= call.invite.giveUp) {
                        call.invite = null;
                        finish(call, false);
                    } else if (call.invite.due(now, Long.MAX_VALUE)) {
                        send(call.invite.message);
                    }
                }
                if (call.bye != null) {
                    if (now >= call.bye.giveUp) {
                        call.bye = null;
                        finish(call, false);
                    } else if (call.bye.due(now, T2_MILLIS)) {
                        send(call.bye.message);
                    }
                }
            }
        }
    }

    /** Twilio: 180 and 200 to each INVITE, its 2xx again until the ACK (RFC 3261 13.3.1.4), 200 to every BYE. */
    private static final class TwilioUa extends Ua {

        /** One call of Twilio's. */
        private static final class TwilioCall {
            String lastResponse;
            Retransmit ok;
            boolean acked;
            boolean byed;
        }

        private final Map<String, TwilioCall> calls = new HashMap<>();
        volatile int contactPort;
        private volatile int acked;
        private volatile int byes;

        TwilioUa(DatagramSocket socket) throws SocketException {
            super(socket, "twilio-ua");
        }

        int acked() {
            return acked;
        }

        int byes() {
            return byes;
        }

        @Override
        void onMessage(String text) {
            String callId = header(text, "Call-ID");
            String contact = "Contact: <sip:twilio@127.0.0.3:" + contactPort + ">\r\n";
            if (text.startsWith("INVITE ")) {
                TwilioCall call = calls.get(callId);
                if (call != null) {
                    // A retransmission: the last response again (RFC 3261 17.2.1).
                    send(call.lastResponse);
                    return;
                }
                call = new TwilioCall();
                calls.put(callId, call);
                send(respond(text, "180 Ringing", "tw", contact, ""));
                call.lastResponse = respond(text, "200 OK", "tw", contact, TWILIO_ANSWER);
                call.ok = new Retransmit(call.lastResponse, System.currentTimeMillis());
                send(call.lastResponse);
            } else if (text.startsWith("ACK ")) {
                TwilioCall call = calls.get(callId);
                if (call != null && !call.acked) {
                    call.acked = true;
                    call.ok = null;
                    acked++;
                }
            } else if (text.startsWith("BYE ")) {
                TwilioCall call = calls.get(callId);
                // RFC 3261 13.3.1.4: a BYE does not stop the 2xx retransmissions; only the ACK does.
                if (call != null) {
                    if (!call.byed) {
                        call.byed = true;
                        byes++;
                    }
                }
                send(respond(text, "200 OK", null, "", ""));
            }
        }

        @Override
        void onTick(long now) {
            for (TwilioCall call : calls.values()) {
                if (call.ok != null) {
                    if (now >= call.ok.giveUp) {
                        call.ok = null;
                    } else if (call.ok.due(now, T2_MILLIS)) {
                        send(call.ok.message);
                    }
                }
            }
        }
    }
}
