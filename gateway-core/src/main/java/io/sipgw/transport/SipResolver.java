package io.sipgw.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsErrorCauseException;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.NoopAuthoritativeDnsServerCache;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.NoopDnsCnameCache;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;

/**
 * Finds the addresses to send a SIP request to, per RFC 3263 section 4: numeric hosts as they are, explicit ports
 * through A/AAAA, otherwise SRV then A/AAAA, with the DNS answers cached for their TTL.
 *
 * <p>NAPTR (RFC 3263 section 4.1) is skipped: when the URI names no transport, SRV is asked for each transport of
 * {@link Settings#transports()} in turn and the first with records wins. All work happens on one event loop,
 * which also owns the cache (no locks); {@link #resolve} may be called from any thread. Names are queried as
 * fully qualified: no search domains are appended.
 */
public final class SipResolver {

    private static final Logger log = LoggerFactory.getLogger(SipResolver.class);

    /** Above this many cached names, expired ones are swept out before a new one is added. */
    private static final int SWEEP_THRESHOLD = 4096;

    private final EventLoop loop;
    private final DnsNameResolver dns;
    private final Ticker ticker;
    private final RandomGenerator random;
    private final Settings settings;
    private final RecordCache<SrvRecord> srvCache = new RecordCache<>(DnsRecordType.SRV, SipResolver::decodeSrv);
    private final RecordCache<InetAddress> ipv4Cache = new RecordCache<>(DnsRecordType.A, SipResolver::decodeAddress);
    private final RecordCache<InetAddress> ipv6Cache =
            new RecordCache<>(DnsRecordType.AAAA, SipResolver::decodeAddress);

    /**
     * What a resolver prefers.
     *
     * @param transports   the transports tried, in this order, when a {@code sip} URI names none; the first is
     *                     also used when no SRV record exists (RFC 3263 section 4.1 says UDP)
     * @param addressTypes which of A and AAAA are asked, and which come first
     * @param negativeTtl  how long "no such name" or "no such record" answers are remembered (RFC 2308)
     */
    public record Settings(List<TransportKind> transports, ResolvedAddressTypes addressTypes, Duration negativeTtl) {

        /** Copies the list and checks the values. */
        public Settings {
            transports = List.copyOf(transports);
            if (transports.isEmpty()) {
                throw new IllegalArgumentException("no transports");
            }
            Objects.requireNonNull(addressTypes, "addressTypes");
            if (negativeTtl.isNegative()) {
                throw new IllegalArgumentException("negative negativeTtl: " + negativeTtl);
            }
        }

        /** UDP, then TCP, then TLS; IPv4 before IPv6; absent names remembered for 30 seconds. */
        public static Settings defaults() {
            return new Settings(List.of(TransportKind.UDP, TransportKind.TCP, TransportKind.TLS),
                    ResolvedAddressTypes.IPV4_PREFERRED, Duration.ofSeconds(30));
        }
    }

    /**
     * A resolver whose DNS work runs on {@code loop}.
     *
     * @param loop     the event loop that owns this resolver's state; {@code dns} must run on it
     * @param dns      the DNS client, e.g. from {@link #newDnsNameResolver}; its own caches should be off
     * @param ticker   the clock of the TTLs ({@link Ticker#systemTicker()}, or a mock one in tests)
     * @param random   the source of the weighted SRV choice (RFC 2782); used on {@code loop} only
     * @param settings preferences
     */
    public SipResolver(EventLoop loop, DnsNameResolver dns, Ticker ticker, RandomGenerator random, Settings settings) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.dns = Objects.requireNonNull(dns, "dns");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.random = Objects.requireNonNull(random, "random");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * A DNS client on {@code loop} that asks {@code nameServers} (recursively), appends no search domains and
     * caches nothing itself, as {@link SipResolver} keeps its own cache.
     *
     * @param channels a factory of datagram channels of the loop's kind ({@link EventLoops#datagramChannelFactory()})
     */
    public static DnsNameResolver newDnsNameResolver(EventLoop loop, ChannelFactory<? extends DatagramChannel> channels,
                                                     DnsServerAddressStreamProvider nameServers,
                                                     Duration queryTimeout) {
        return new DnsNameResolverBuilder(loop)
                .datagramChannelFactory(channels)
                .nameServerProvider(nameServers)
                .queryTimeoutMillis(queryTimeout.toMillis())
                .recursionDesired(true)
                .searchDomains(List.of())
                .resolveCache(NoopDnsCache.INSTANCE)
                .cnameCache(NoopDnsCnameCache.INSTANCE)
                .authoritativeDnsServerCache(NoopAuthoritativeDnsServerCache.INSTANCE)
                .build();
    }

    /**
     * The targets for {@code hop}, best first; fails with an {@link UnknownHostException} naming the host when
     * DNS has no address for it. Never blocks; the future completes on this resolver's event loop.
     */
    public Future<List<ResolvedTarget>> resolve(NextHop hop) {
        Promise<List<ResolvedTarget>> promise = loop.newPromise();
        if (loop.inEventLoop()) {
            resolveOnLoop(hop, promise);
        } else {
            loop.execute(() -> resolveOnLoop(hop, promise));
        }
        return promise;
    }

    private void resolveOnLoop(NextHop hop, Promise<List<ResolvedTarget>> promise) {
        try {
            InetAddress literal = NetUtil.createInetAddressFromIpAddressString(hop.host());
            if (literal != null) {
                // RFC 3263 section 4.1 and 4.2: a numeric host is the address; UDP (TLS for sips) and the
                // transport's default port unless the URI says otherwise.
                TransportKind transport = transportWithoutSrv(hop);
                int port = hop.hasPort() ? hop.port() : transport.defaultPort();
                promise.setSuccess(List.of(new ResolvedTarget(transport, new InetSocketAddress(literal, port),
                        hop.host())));
            } else if (hop.hasPort()) {
                // RFC 3263 section 4.2: with an explicit port, A/AAAA only, no SRV.
                TransportKind transport = transportWithoutSrv(hop);
                resolveAddresses(hop, transport, hop.port(), promise);
            } else {
                List<TransportKind> candidates = hop.transport() != null ? List.of(hop.transport())
                        : settings.transports();
                trySrv(hop, candidates, 0, promise);
            }
        } catch (RuntimeException e) {
            promise.tryFailure(e);
        }
    }

    /** The transport when no SRV record chose one: the URI's, TLS for sips, else the first preferred (UDP). */
    private TransportKind transportWithoutSrv(NextHop hop) {
        return hop.transport() != null ? hop.transport() : settings.transports().get(0);
    }

    /** RFC 3263 section 4.2 and RFC 3261 section 19.1.4: {@code _sips._tcp} for TLS, else {@code _sip._udp|tcp}. */
    private static String srvName(TransportKind transport, String host) {
        return switch (transport) {
            case UDP -> "_sip._udp." + host;
            case TCP -> "_sip._tcp." + host;
            case TLS -> "_sips._tcp." + host;
        };
    }

    private void trySrv(NextHop hop, List<TransportKind> candidates, int index,
                        Promise<List<ResolvedTarget>> promise) {
        if (index == candidates.size()) {
            // RFC 3263 section 4.2: no SRV records, so A/AAAA of the host on the transport's default port.
            TransportKind transport = transportWithoutSrv(hop);
            resolveAddresses(hop, transport, transport.defaultPort(), promise);
            return;
        }
        TransportKind transport = candidates.get(index);
        String name = srvName(transport, hop.host());
        srvCache.lookup(name).addListener((Future<List<SrvRecord>> srv) -> {
            if (!srv.isSuccess()) {
                // A failed (e.g. timed out) SRV query is treated as no records: the A/AAAA fallback still works.
                log.debug("SRV query for {} failed, treated as absent: {}", name, srv.cause().toString());
            }
            List<SrvRecord> records = srv.isSuccess() ? srv.getNow() : List.of();
            List<SrvRecord> usable = new ArrayList<>(records.size());
            for (SrvRecord record : records) {
                if (!record.isUnavailable()) {
                    usable.add(record);
                }
            }
            if (usable.isEmpty()) {
                // No records, or only "." (RFC 2782: not available here): this transport is not supported.
                trySrv(hop, candidates, index + 1, promise);
            } else {
                resolveSrvTargets(hop, transport, name, SrvRecord.inSelectionOrder(usable, random), promise);
            }
        });
    }

    private void resolveSrvTargets(NextHop hop, TransportKind transport, String srvName, List<SrvRecord> ordered,
                                   Promise<List<ResolvedTarget>> promise) {
        List<Future<List<InetAddress>>> lookups = new ArrayList<>(ordered.size());
        for (SrvRecord record : ordered) {
            lookups.add(addresses(record.target()));
        }
        whenAll(lookups, () -> {
            List<ResolvedTarget> targets = new ArrayList<>();
            for (int i = 0; i < ordered.size(); i++) {
                Future<List<InetAddress>> lookup = lookups.get(i);
                if (lookup.isSuccess()) {
                    for (InetAddress address : lookup.getNow()) {
                        targets.add(new ResolvedTarget(transport,
                                new InetSocketAddress(address, ordered.get(i).port()), hop.host()));
                    }
                }
            }
            if (targets.isEmpty()) {
                promise.tryFailure(new UnknownHostException("no A/AAAA records for any SRV target of " + srvName));
            } else {
                promise.trySuccess(targets);
            }
        });
    }

    private void resolveAddresses(NextHop hop, TransportKind transport, int port,
                                  Promise<List<ResolvedTarget>> promise) {
        addresses(hop.host()).addListener((Future<List<InetAddress>> lookup) -> {
            if (!lookup.isSuccess()) {
                promise.tryFailure(lookup.cause());
                return;
            }
            List<ResolvedTarget> targets = new ArrayList<>();
            for (InetAddress address : lookup.getNow()) {
                targets.add(new ResolvedTarget(transport, new InetSocketAddress(address, port), hop.host()));
            }
            promise.trySuccess(targets);
        });
    }

    /** The A and/or AAAA addresses of {@code name} in the preferred order; fails when there are none. */
    private Future<List<InetAddress>> addresses(String name) {
        List<Future<List<InetAddress>>> lookups = switch (settings.addressTypes()) {
            case IPV4_ONLY -> List.of(ipv4Cache.lookup(name));
            case IPV6_ONLY -> List.of(ipv6Cache.lookup(name));
            case IPV4_PREFERRED -> List.of(ipv4Cache.lookup(name), ipv6Cache.lookup(name));
            case IPV6_PREFERRED -> List.of(ipv6Cache.lookup(name), ipv4Cache.lookup(name));
        };
        Promise<List<InetAddress>> promise = loop.newPromise();
        whenAll(lookups, () -> {
            List<InetAddress> all = new ArrayList<>();
            Throwable failure = null;
            for (Future<List<InetAddress>> lookup : lookups) {
                if (lookup.isSuccess()) {
                    all.addAll(lookup.getNow());
                } else {
                    failure = lookup.cause();
                }
            }
            if (all.isEmpty()) {
                UnknownHostException none = new UnknownHostException("no A/AAAA records for " + name);
                if (failure != null) {
                    none.initCause(failure);
                }
                promise.tryFailure(none);
            } else {
                promise.trySuccess(all);
            }
        });
        return promise;
    }

    /** Runs {@code then} on the loop once every future is done (all of them complete on the loop). */
    private static void whenAll(List<? extends Future<?>> futures, Runnable then) {
        if (futures.isEmpty()) {
            then.run();
            return;
        }
        int[] pending = {futures.size()};
        for (Future<?> future : futures) {
            future.addListener(done -> {
                if (--pending[0] == 0) {
                    then.run();
                }
            });
        }
    }

    private static SrvRecord decodeSrv(String name, ByteBuf rdata) {
        // RFC 2782: priority, weight and port (16 bits each), then the target as a (possibly compressed) name.
        if (rdata.readableBytes() < 7) {
            throw new IllegalArgumentException("SRV record of " + name + " is too short");
        }
        ByteBuf in = rdata.duplicate();
        int priority = in.readUnsignedShort();
        int weight = in.readUnsignedShort();
        int port = in.readUnsignedShort();
        String target = DefaultDnsRecordDecoder.decodeName(in);
        if (target.endsWith(".")) {
            target = target.substring(0, target.length() - 1);
        }
        return new SrvRecord(priority, weight, port, target);
    }

    private static InetAddress decodeAddress(String name, ByteBuf rdata) {
        int length = rdata.readableBytes();
        if (length != 4 && length != 16) {
            throw new IllegalArgumentException("address record of " + name + " has " + length + " bytes");
        }
        try {
            // The queried name is attached so that logs and InetSocketAddress.getHostString() show it; no lookup.
            return InetAddress.getByAddress(name, ByteBufUtil.getBytes(rdata));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Whether a failed query means that the name or the record does not exist (NXDOMAIN, or NODATA which Netty
     * reports without a cause, RFC 2308 section 2), rather than that no server answered.
     */
    private static boolean isAbsent(Throwable failure) {
        if (!(failure instanceof UnknownHostException)) {
            return false;
        }
        Throwable cause = failure.getCause();
        return cause == null
                || cause instanceof DnsErrorCauseException dnsError && dnsError.getCode() == DnsResponseCode.NXDOMAIN;
    }

    /** One cached value: the answer, pending or done, and until when (ticker nanos) a done one is fresh. */
    private static final class Entry<T> {
        final Future<List<T>> answer;
        long expiresAt;

        Entry(Future<List<T>> answer) {
            this.answer = answer;
        }
    }

    /** DNS answers of one record type by name, kept for their TTL; confined to the loop. */
    private final class RecordCache<T> {
        private final DnsRecordType type;
        private final BiFunction<String, ByteBuf, T> decoder;
        private final Map<String, Entry<T>> entries = new HashMap<>();

        RecordCache(DnsRecordType type, BiFunction<String, ByteBuf, T> decoder) {
            this.type = type;
            this.decoder = decoder;
        }

        /** The cached answer while fresh (or still pending), else a new query's. */
        Future<List<T>> lookup(String name) {
            long now = ticker.nanoTime();
            Entry<T> cached = entries.get(name);
            if (cached != null && (!cached.answer.isDone() || now - cached.expiresAt < 0)) {
                return cached.answer;
            }
            if (entries.size() >= SWEEP_THRESHOLD) {
                sweep(now);
            }
            Promise<List<T>> promise = loop.newPromise();
            Entry<T> entry = new Entry<>(promise);
            entries.put(name, entry);
            dns.resolveAll(new DefaultDnsQuestion(name, type))
                    .addListener((Future<List<DnsRecord>> query) -> complete(name, entry, promise, query));
            return promise;
        }

        private void complete(String name, Entry<T> entry, Promise<List<T>> promise,
                              Future<List<DnsRecord>> query) {
            if (!query.isSuccess()) {
                if (isAbsent(query.cause())) {
                    entry.expiresAt = ticker.nanoTime() + settings.negativeTtl().toNanos();
                    promise.setSuccess(List.of());
                } else {
                    entries.remove(name, entry);
                    promise.setFailure(query.cause());
                }
                return;
            }
            List<DnsRecord> records = query.getNow();
            try {
                List<T> values = new ArrayList<>(records.size());
                long ttl = Long.MAX_VALUE;
                for (DnsRecord record : records) {
                    if (record instanceof DnsRawRecord raw && record.type().equals(type)) {
                        values.add(decoder.apply(name, raw.content()));
                        ttl = Math.min(ttl, record.timeToLive());
                    }
                }
                // RFC 2181 section 8: the TTL of a set is the lowest of its records'.
                long ttlNanos = values.isEmpty() ? settings.negativeTtl().toNanos() : ttl * 1_000_000_000L;
                entry.expiresAt = ticker.nanoTime() + ttlNanos;
                promise.setSuccess(List.copyOf(values));
            } catch (RuntimeException e) {
                entries.remove(name, entry);
                promise.setFailure(new UnknownHostException("malformed " + type.name() + " answer for " + name
                        + ": " + e.getMessage()));
            } finally {
                for (DnsRecord record : records) {
                    ReferenceCountUtil.release(record);
                }
            }
        }

        private void sweep(long now) {
            for (Iterator<Entry<T>> it = entries.values().iterator(); it.hasNext(); ) {
                Entry<T> entry = it.next();
                if (entry.answer.isDone() && now - entry.expiresAt >= 0) {
                    it.remove();
                }
            }
        }
    }
}
