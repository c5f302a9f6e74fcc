package io.sipgw.transport;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SipResolverTest {

    private final MockTicker ticker = Ticker.newMockTicker();
    private final ScriptedRandom random = new ScriptedRandom();
    private EventLoops loops;
    private EventLoop loop;
    private TestDnsServer dnsServer;
    private DnsNameResolver dns;

    @BeforeEach
    void start() throws InterruptedException {
        loops = new EventLoops(1, false, "resolver-test");
        loop = loops.group().next();
        dnsServer = new TestDnsServer();
        dns = SipResolver.newDnsNameResolver(loop, loops.datagramChannelFactory(), dnsServer.nameServers(),
                Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        dns.close();
        dnsServer.close();
        loops.close();
    }

    private SipResolver resolver(ResolvedAddressTypes addressTypes) {
        SipResolver.Settings defaults = SipResolver.Settings.defaults();
        return new SipResolver(loop, dns, ticker, random,
                new SipResolver.Settings(defaults.transports(), addressTypes, defaults.negativeTtl()));
    }

    private SipResolver resolver() {
        return resolver(ResolvedAddressTypes.IPV4_ONLY);
    }

    private static List<ResolvedTarget> await(Future<List<ResolvedTarget>> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    private static ResolvedTarget target(TransportKind transport, String ip, int port, String serverName)
            throws UnknownHostException {
        return new ResolvedTarget(transport, new InetSocketAddress(InetAddress.getByName(ip), port), serverName);
    }

    @Test
    void numericIpv4BypassesDns() throws Exception {
        SipResolver resolver = resolver();
        assertThat(await(resolver.resolve(NextHop.of("192.0.2.10"))))
                .containsExactly(target(TransportKind.UDP, "192.0.2.10", 5060, "192.0.2.10"));
        assertThat(await(resolver.resolve(NextHop.of("192.0.2.10").withPort(5080)
                .withTransport(TransportKind.TCP))))
                .containsExactly(target(TransportKind.TCP, "192.0.2.10", 5080, "192.0.2.10"));
        assertThat(await(resolver.resolve(NextHop.of("192.0.2.10").asSips())))
                .containsExactly(target(TransportKind.TLS, "192.0.2.10", 5061, "192.0.2.10"));
        assertThat(dnsServer.totalQueries()).isZero();
    }

    @Test
    void numericIpv6BypassesDns() throws Exception {
        SipResolver resolver = resolver();
        assertThat(await(resolver.resolve(NextHop.of("[2001:DB8::1]"))))
                .containsExactly(target(TransportKind.UDP, "2001:db8::1", 5060, "2001:db8::1"));
        assertThat(await(resolver.resolve(new NextHop("[::1]", 5071, TransportKind.TLS, false))))
                .containsExactly(target(TransportKind.TLS, "::1", 5071, "::1"));
        assertThat(dnsServer.totalQueries()).isZero();
    }

    @Test
    void explicitPortAsksOnlyForAddresses() throws Exception {
        dnsServer.address("sip.example.test", "192.0.2.1", 60)
                .srv("_sip._udp.sip.example.test", 10, 0, 5999, "other.example.test", 60);

        List<ResolvedTarget> targets = await(resolver().resolve(NextHop.of("sip.example.test").withPort(5080)));

        assertThat(targets).containsExactly(target(TransportKind.UDP, "192.0.2.1", 5080, "sip.example.test"));
        assertThat(targets.get(0).address().getHostString()).isEqualTo("sip.example.test");
        assertThat(targets.get(0).connectionKey())
                .isEqualTo(new ConnectionKey(TransportKind.UDP, "192.0.2.1", 5080));
        assertThat(dnsServer.queries("sip.example.test", DnsRecordType.A)).isEqualTo(1);
        assertThat(dnsServer.queries("_sip._udp.sip.example.test", DnsRecordType.SRV)).isZero();
        assertThat(dnsServer.totalQueries()).isEqualTo(1);
    }

    @Test
    void srvRecordsAreOrderedByPriorityThenWeight() throws Exception {
        dnsServer.srv("_sip._udp.twilio.test", 10, 0, 5070, "c.twilio.test", 60)
                .srv("_sip._udp.twilio.test", 5, 10, 5060, "a.twilio.test", 60)
                .srv("_sip._udp.twilio.test", 5, 30, 5062, "b.twilio.test", 60)
                .address("a.twilio.test", "192.0.2.1", 60)
                .address("b.twilio.test", "192.0.2.2", 60)
                .address("c.twilio.test", "192.0.2.3", 60);
        SipResolver resolver = resolver();

        // Priority 5 first: running sums a=10, b=40; 25 picks b, then a is left; then c of priority 10.
        random.script(25, 0, 0);
        assertThat(await(resolver.resolve(NextHop.of("twilio.test")))).containsExactly(
                target(TransportKind.UDP, "192.0.2.2", 5062, "twilio.test"),
                target(TransportKind.UDP, "192.0.2.1", 5060, "twilio.test"),
                target(TransportKind.UDP, "192.0.2.3", 5070, "twilio.test"));

        // Every resolution draws again (from the cached records): 7 picks a.
        random.script(7, 0, 0);
        assertThat(await(resolver.resolve(NextHop.of("twilio.test")))).extracting(t -> t.address().getPort())
                .containsExactly(5060, 5062, 5070);
        assertThat(dnsServer.queries("_sip._udp.twilio.test", DnsRecordType.SRV)).isEqualTo(1);
    }

    @Test
    void compressedSrvTargetIsDecoded() throws Exception {
        dnsServer.srvWithCompressedTarget("_sip._udp.zip.test", 5064, "edge", 60)
                .address("edge._sip._udp.zip.test", "192.0.2.8", 60);

        assertThat(await(resolver().resolve(NextHop.of("zip.test"))))
                .containsExactly(target(TransportKind.UDP, "192.0.2.8", 5064, "zip.test"));
    }

    @Test
    void srvAbsentFallsBackToAddressOnDefaultPort() throws Exception {
        dnsServer.address("plain.test", "192.0.2.7", 60);
        SipResolver resolver = resolver();

        assertThat(await(resolver.resolve(NextHop.of("plain.test"))))
                .containsExactly(target(TransportKind.UDP, "192.0.2.7", 5060, "plain.test"));
        assertThat(await(resolver.resolve(NextHop.of("plain.test").asSips())))
                .containsExactly(target(TransportKind.TLS, "192.0.2.7", 5061, "plain.test"));
        assertThat(await(resolver.resolve(NextHop.of("plain.test").withTransport(TransportKind.TCP))))
                .containsExactly(target(TransportKind.TCP, "192.0.2.7", 5060, "plain.test"));

        // RFC 3263 section 4.1 without NAPTR: SRV for every preferred transport before giving up.
        assertThat(dnsServer.queries("_sip._udp.plain.test", DnsRecordType.SRV)).isEqualTo(1);
        assertThat(dnsServer.queries("_sip._tcp.plain.test", DnsRecordType.SRV)).isEqualTo(1);
        assertThat(dnsServer.queries("_sips._tcp.plain.test", DnsRecordType.SRV)).isEqualTo(1);
    }

    @Test
    void withoutTransportTheFirstTransportWithSrvRecordsWins() throws Exception {
        dnsServer.srv("_sip._tcp.tcp-only.test", 0, 0, 5065, "edge.tcp-only.test", 60)
                .srv("_sips._tcp.tcp-only.test", 0, 0, 5066, "edge.tcp-only.test", 60)
                .address("edge.tcp-only.test", "192.0.2.9", 60);

        assertThat(await(resolver().resolve(NextHop.of("tcp-only.test"))))
                .containsExactly(target(TransportKind.TCP, "192.0.2.9", 5065, "tcp-only.test"));
        assertThat(dnsServer.queries("_sip._udp.tcp-only.test", DnsRecordType.SRV)).isEqualTo(1);
        assertThat(dnsServer.queries("_sips._tcp.tcp-only.test", DnsRecordType.SRV)).isZero();
    }

    @Test
    void tlsAndSipsUseSipsService() throws Exception {
        dnsServer.srv("_sips._tcp.wa.test", 0, 0, 5061, "edge.wa.test", 60)
                .address("edge.wa.test", "192.0.2.20", 60);
        SipResolver resolver = resolver();

        ResolvedTarget expected = target(TransportKind.TLS, "192.0.2.20", 5061, "wa.test");
        assertThat(await(resolver.resolve(NextHop.of("wa.test").withTransport(TransportKind.TLS))))
                .containsExactly(expected);
        assertThat(await(resolver.resolve(NextHop.of("wa.test").asSips()))).containsExactly(expected);
        // The certificate must match the URI's domain, not the SRV target (RFC 5922 section 4.1).
        assertThat(expected.serverName()).isEqualTo("wa.test");
        assertThat(dnsServer.queries("_sip._udp.wa.test", DnsRecordType.SRV)).isZero();
    }

    @Test
    void srvTargetDotMeansTransportUnavailable() throws Exception {
        dnsServer.srv("_sip._udp.dot.test", 0, 0, 0, ".", 60)
                .srv("_sip._tcp.dot.test", 0, 0, 5090, "tcp.dot.test", 60)
                .address("tcp.dot.test", "192.0.2.30", 60);

        assertThat(await(resolver().resolve(NextHop.of("dot.test"))))
                .containsExactly(target(TransportKind.TCP, "192.0.2.30", 5090, "dot.test"));
    }

    @Test
    void answersAreCachedForTheirTtl() throws Exception {
        dnsServer.srv("_sip._udp.ttl.test", 0, 0, 5060, "host.ttl.test", 60)
                .address("host.ttl.test", "192.0.2.40", 30);
        SipResolver resolver = resolver();
        NextHop hop = NextHop.of("ttl.test");

        await(resolver.resolve(hop));
        await(resolver.resolve(hop));
        assertThat(dnsServer.queries("_sip._udp.ttl.test", DnsRecordType.SRV)).isEqualTo(1);
        assertThat(dnsServer.queries("host.ttl.test", DnsRecordType.A)).isEqualTo(1);

        ticker.advance(29, TimeUnit.SECONDS);
        await(resolver.resolve(hop));
        assertThat(dnsServer.queries("host.ttl.test", DnsRecordType.A)).isEqualTo(1);

        ticker.advance(1, TimeUnit.SECONDS); // 30 s: the A record has expired, the SRV record has not
        assertThat(await(resolver.resolve(hop)))
                .containsExactly(target(TransportKind.UDP, "192.0.2.40", 5060, "ttl.test"));
        assertThat(dnsServer.queries("host.ttl.test", DnsRecordType.A)).isEqualTo(2);
        assertThat(dnsServer.queries("_sip._udp.ttl.test", DnsRecordType.SRV)).isEqualTo(1);

        ticker.advance(30, TimeUnit.SECONDS); // 60 s: both expired
        await(resolver.resolve(hop));
        assertThat(dnsServer.queries("_sip._udp.ttl.test", DnsRecordType.SRV)).isEqualTo(2);
        assertThat(dnsServer.queries("host.ttl.test", DnsRecordType.A)).isEqualTo(3);
    }

    @Test
    void nxdomainFailsCleanlyAndIsRememberedBriefly() throws Exception {
        SipResolver resolver = resolver();
        NextHop hop = NextHop.of("missing.test").withPort(5060);

        assertThatThrownBy(() -> await(resolver.resolve(hop)))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(UnknownHostException.class).hasMessageContaining("missing.test");
        assertThat(dnsServer.queries("missing.test", DnsRecordType.A)).isEqualTo(1);

        // RFC 2308: the negative answer is cached too (30 s by default), then asked again.
        assertThatThrownBy(() -> await(resolver.resolve(hop))).cause().isInstanceOf(UnknownHostException.class);
        assertThat(dnsServer.queries("missing.test", DnsRecordType.A)).isEqualTo(1);
        ticker.advance(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> await(resolver.resolve(hop))).cause().isInstanceOf(UnknownHostException.class);
        assertThat(dnsServer.queries("missing.test", DnsRecordType.A)).isEqualTo(2);
    }

    @Test
    void nxdomainWithoutPortFailsAfterSrvAndAddress() throws Exception {
        assertThatThrownBy(() -> await(resolver().resolve(NextHop.of("nowhere.test"))))
                .cause().isInstanceOf(UnknownHostException.class).hasMessage("no A/AAAA records for nowhere.test");
        assertThat(dnsServer.queries("_sip._udp.nowhere.test", DnsRecordType.SRV)).isEqualTo(1);
        assertThat(dnsServer.queries("nowhere.test", DnsRecordType.A)).isEqualTo(1);
    }

    @Test
    void srvTargetsWithoutAddressesFail() throws Exception {
        dnsServer.srv("_sip._udp.broken.test", 0, 0, 5060, "gone.broken.test", 60);
        assertThatThrownBy(() -> await(resolver().resolve(NextHop.of("broken.test").withTransport(
                TransportKind.UDP))))
                .cause().isInstanceOf(UnknownHostException.class)
                .hasMessage("no A/AAAA records for any SRV target of _sip._udp.broken.test");
    }

    @Test
    void addressFamiliesFollowThePreference() throws Exception {
        dnsServer.address("dual.test", "192.0.2.50", 60).address("dual.test", "2001:db8::50", 60);
        NextHop hop = NextHop.of("dual.test").withPort(5060);

        assertThat(await(resolver(ResolvedAddressTypes.IPV6_PREFERRED).resolve(hop)))
                .extracting(t -> t.address().getAddress().getHostAddress())
                .containsExactly("2001:db8:0:0:0:0:0:50", "192.0.2.50");
        assertThat(await(resolver(ResolvedAddressTypes.IPV4_PREFERRED).resolve(hop)))
                .extracting(t -> t.address().getAddress().getHostAddress())
                .containsExactly("192.0.2.50", "2001:db8:0:0:0:0:0:50");
        // An IPv6-only host is found with the default preference (AAAA is asked as well).
        dnsServer.address("v6only.test", "2001:db8::60", 60);
        assertThat(await(resolver(ResolvedAddressTypes.IPV4_PREFERRED).resolve(NextHop.of("v6only.test")
                .withPort(5060)))).extracting(t -> t.address().getAddress().getHostAddress())
                .containsExactly("2001:db8:0:0:0:0:0:60");
    }

    @Test
    void resolvesWhenCalledOnTheLoop() throws Exception {
        dnsServer.address("loop.test", "192.0.2.70", 60);
        SipResolver resolver = resolver();
        Future<List<ResolvedTarget>> onLoop = loop.submit(() -> resolver.resolve(NextHop.of("loop.test")
                .withPort(5060))).get(10, TimeUnit.SECONDS);
        assertThat(await(onLoop)).containsExactly(target(TransportKind.UDP, "192.0.2.70", 5060, "loop.test"));
    }

    @Test
    void silentDnsServerFailsAndIsNotCached() throws Exception {
        try (DatagramSocket mute = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            DnsNameResolver silent = SipResolver.newDnsNameResolver(loop, loops.datagramChannelFactory(),
                    new SingletonDnsServerAddressStreamProvider((InetSocketAddress) mute.getLocalSocketAddress()),
                    Duration.ofMillis(200));
            try {
                SipResolver resolver = new SipResolver(loop, silent, ticker, random,
                        new SipResolver.Settings(List.of(TransportKind.UDP), ResolvedAddressTypes.IPV4_ONLY,
                                Duration.ofSeconds(30)));
                NextHop hop = NextHop.of("any.test");
                // The SRV query times out (treated as no SRV), then the A query does: a failure naming the host.
                assertThatThrownBy(() -> await(resolver.resolve(hop)))
                        .cause().isInstanceOf(UnknownHostException.class).hasMessageContaining("any.test");
                // A time-out is not a negative answer: the next resolution asks again (and times out again).
                assertThatThrownBy(() -> await(resolver.resolve(hop))).cause()
                        .isInstanceOf(UnknownHostException.class);
            } finally {
                silent.close();
            }
        }
    }

    @Test
    void nextHopNormalisesAndValidates() {
        NextHop hop = new NextHop("[2001:DB8::1]", 0, null, false);
        assertThat(hop.host()).isEqualTo("2001:db8::1");
        assertThat(NextHop.of("WA.Meta.VC.").host()).isEqualTo("wa.meta.vc");
        assertThat(NextHop.of("h").withTransport(TransportKind.TCP).asSips().transport())
                .isEqualTo(TransportKind.TLS);
        assertThat(NextHop.of("h").hasPort()).isFalse();
        assertThatThrownBy(() -> NextHop.of("h").withTransport(TransportKind.UDP).asSips())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NextHop.of("h").withPort(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NextHop.of("")).isInstanceOf(IllegalArgumentException.class);
    }

    /** A random source that returns scripted values, so that the weighted SRV order is known. */
    private static final class ScriptedRandom implements RandomGenerator {
        private final Deque<Long> values = new ArrayDeque<>();

        void script(long... next) {
            values.clear();
            for (long value : next) {
                values.add(value);
            }
        }

        @Override
        public long nextLong(long bound) {
            long value = values.isEmpty() ? 0 : values.poll();
            assertThat(value).isLessThan(bound);
            return value;
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("only bounded draws are scripted");
        }
    }
}
