package io.sipgw.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.sipgw.call.CallEvents;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntSupplier;

/**
 * The process's meters in one Prometheus registry: SIP messages in, out and dropped, parse and TLS handshake
 * failures, inbound connections open, refused and timed out, active calls and transactions, JVM and Netty allocator gauges. Every tag value comes from a bounded set
 * (unknown values become {@code other}) so a hostile peer cannot grow the number of series.
 */
public final class GatewayMetrics implements AutoCloseable {

    /** Content type of {@link #scrape(OutputStream)}: the Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    static final String OTHER = "other";
    private static final List<String> TRANSPORTS = List.of("udp", "tcp", "tls", OTHER);
    private static final List<String> MESSAGES = List.of(
            "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK", "UPDATE", "INFO", "REFER",
            "NOTIFY", "SUBSCRIBE", "MESSAGE", "PUBLISH", "1xx", "2xx", "3xx", "4xx", "5xx", "6xx", OTHER);
    private static final int FIRST_STATUS_CLASS = MESSAGES.indexOf("1xx");
    private static final List<String> TLS_SIDES = List.of("server", "client", OTHER);
    /** Distinct failure reasons kept as their own series; later new reasons are counted as "other". */
    static final int MAX_REASONS = 32;
    private static final int MAX_REASON_LENGTH = 40;

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    // Counters are created on first use and then read without a registry lookup on the message path.
    private final AtomicReferenceArray<Counter> received;
    private final AtomicReferenceArray<Counter> sent;
    private final Map<String, Counter> reasonCounters = new ConcurrentHashMap<>();
    private final Set<String> knownReasons = ConcurrentHashMap.newKeySet();
    /** Open inbound connections by transport index; only TCP and TLS have connections. */
    private final AtomicIntegerArray openConnections = new AtomicIntegerArray(TRANSPORTS.size());

    /** A registry with the JVM binders and the default Netty allocators' gauges bound. */
    public GatewayMetrics() {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.received = new AtomicReferenceArray<>(TRANSPORTS.size() * MESSAGES.size());
        this.sent = new AtomicReferenceArray<>(TRANSPORTS.size() * MESSAGES.size());
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        this.gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        for (String transport : List.of("tcp", "tls")) {
            Gauge.builder("sipgw.connections.open", openConnections, a -> a.get(transportIndex(transport)))
                    .description("Inbound TCP and TLS connections open").tag("transport", transport)
                    .register(registry);
        }
        bindAllocator(PooledByteBufAllocator.DEFAULT);
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider
                && ByteBufAllocator.DEFAULT != PooledByteBufAllocator.DEFAULT) {
            bindAllocator((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT);
        }
    }

    /** The registry, for meters this class does not name. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Adds used heap/direct memory gauges (and arena gauges when pooled) for another allocator. */
    public void bindAllocator(ByteBufAllocatorMetricProvider allocator) {
        new NettyAllocatorMetrics(allocator).bindTo(registry);
    }

    /**
     * Counts a message received.
     *
     * @param transport {@code udp}, {@code tcp} or {@code tls} (any case); anything else is {@code other}
     * @param methodOrStatus a request method such as {@code INVITE}, or a status code such as {@code "180"}
     */
    public void messageIn(String transport, String methodOrStatus) {
        count(received, "sipgw.sip.messages.received", "SIP messages received", transport, methodOrStatus);
    }

    /** Counts a response received, by status class. */
    public void messageIn(String transport, int status) {
        messageIn(transport, String.valueOf(status));
    }

    /** Counts a message sent; arguments as for {@link #messageIn(String, String)}. */
    public void messageOut(String transport, String methodOrStatus) {
        count(sent, "sipgw.sip.messages.sent", "SIP messages sent", transport, methodOrStatus);
    }

    /** Counts a response sent, by status class. */
    public void messageOut(String transport, int status) {
        messageOut(transport, String.valueOf(status));
    }

    /** Counts bytes that were not a SIP message; {@code reason} is a short fixed phrase from the codec. */
    public void parseFailure(String transport, String reason) {
        String t = TRANSPORTS.get(transportIndex(transport));
        reasonCounter("sipgw.sip.parse.failures", "Datagrams or stream messages that could not be parsed",
                "transport", t, reason).increment();
    }

    /**
     * Counts a well-formed message dropped without an answer (a response matching no transaction, ...).
     *
     * @param reason a short fixed phrase such as {@code "no matching transaction"}
     */
    public void messageDropped(String transport, String reason) {
        String t = TRANSPORTS.get(transportIndex(transport));
        reasonCounter("sipgw.sip.messages.dropped", "SIP messages dropped without an answer",
                "transport", t, reason).increment();
    }

    /** Counts a request refused for its source's rate limit: answered 503, or dropped past the 503s. */
    public void rateLimited(String transport, boolean answered) {
        String t = TRANSPORTS.get(transportIndex(transport));
        reasonCounter("sipgw.sip.rate.limited", "Requests refused for their source's rate limit",
                "transport", t, answered ? "answered" : "dropped").increment();
    }

    /**
     * Counts a failed TLS handshake.
     *
     * @param side {@code server} (a peer connected to us) or {@code client} (we connected out)
     * @param reason a short fixed phrase or exception class name, not a message with addresses in it
     */
    public void tlsHandshakeFailure(String side, String reason) {
        String s = side == null ? OTHER : side.toLowerCase(Locale.ROOT);
        reasonCounter("sipgw.tls.handshake.failures", "TLS handshakes that failed",
                "side", TLS_SIDES.contains(s) ? s : OTHER, reason).increment();
    }

    /** Counts an inbound connection opened; {@link #connectionClosed} takes it off the open gauge again. */
    public void connectionOpened(String transport) {
        openConnections.incrementAndGet(transportIndex(transport));
    }

    /** Counts an inbound connection closed. */
    public void connectionClosed(String transport) {
        openConnections.decrementAndGet(transportIndex(transport));
    }

    /**
     * Counts an inbound connection closed at once because a connection limit was reached.
     *
     * @param reason a short fixed phrase such as {@code "source limit"}
     */
    public void connectionRefused(String transport, String reason) {
        String t = TRANSPORTS.get(transportIndex(transport));
        reasonCounter("sipgw.connections.refused", "Inbound connections closed at once by a connection limit",
                "transport", t, reason).increment();
    }

    /**
     * Counts an inbound connection closed by a timeout.
     *
     * @param reason a short fixed phrase such as {@code "idle"} or {@code "slow sender"}
     */
    public void connectionTimedOut(String transport, String reason) {
        String t = TRANSPORTS.get(transportIndex(transport));
        reasonCounter("sipgw.connections.timeouts", "Inbound connections closed by the idle or message read timeout",
                "transport", t, reason).increment();
    }

    /** Publishes the number of calls in progress, read from {@code source} at each scrape. */
    public void callsActive(IntSupplier source) {
        gauge("sipgw.calls.active", "Calls in progress", source);
    }

    /** The call events that feed this registry's call meters (outcomes and setup latency). */
    public CallEvents callEvents() {
        return new MetricsCallEvents(registry);
    }

    /** Publishes the number of SIP transactions in progress, read from {@code source} at each scrape. */
    public void transactionsActive(IntSupplier source) {
        gauge("sipgw.transactions.active", "SIP transactions in progress", source);
    }

    /** Writes every meter in the Prometheus text format. */
    public void scrape(OutputStream out) throws IOException {
        registry.scrape(out);
    }

    /** Every meter in the Prometheus text format, as a string. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }

    private void gauge(String name, String description, IntSupplier source) {
        // A strong reference: the supplier is often a lambda nobody else holds.
        Gauge.builder(name, source, s -> s.getAsInt()).description(description).strongReference(true)
                .register(registry);
    }

    private void count(AtomicReferenceArray<Counter> counters, String name, String description,
            String transport, String methodOrStatus) {
        int t = transportIndex(transport);
        int m = messageIndex(methodOrStatus);
        int slot = t * MESSAGES.size() + m;
        Counter counter = counters.get(slot);
        if (counter == null) {
            counter = Counter.builder(name).description(description)
                    .tag("transport", TRANSPORTS.get(t)).tag("message", MESSAGES.get(m)).register(registry);
            // Registration is idempotent, so a lost race stores the same counter.
            counters.set(slot, counter);
        }
        counter.increment();
    }

    private Counter reasonCounter(String name, String description, String tagName, String tagValue, String reason) {
        String r = boundedReason(reason);
        String key = name + '|' + tagValue + '|' + r;
        Counter counter = reasonCounters.get(key);
        if (counter == null) {
            counter = reasonCounters.computeIfAbsent(key, k -> Counter.builder(name).description(description)
                    .tag(tagName, tagValue).tag("reason", r).register(registry));
        }
        return counter;
    }

    /** Lower-case words joined by '_', cut short; the first {@value #MAX_REASONS} distinct ones, then "other". */
    String boundedReason(String reason) {
        if (reason == null) {
            return OTHER;
        }
        StringBuilder out = new StringBuilder(MAX_REASON_LENGTH);
        for (int i = 0; i < reason.length() && out.length() < MAX_REASON_LENGTH; i++) {
            char c = Character.toLowerCase(reason.charAt(i));
            boolean word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (word) {
                out.append(c);
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != '_') {
                out.append('_');
            }
        }
        while (out.length() > 0 && out.charAt(out.length() - 1) == '_') {
            out.setLength(out.length() - 1);
        }
        String r = out.length() == 0 ? OTHER : out.toString();
        if (knownReasons.contains(r)) {
            return r;
        }
        if (knownReasons.size() >= MAX_REASONS) {
            return OTHER;
        }
        knownReasons.add(r);
        return r;
    }

    private static int transportIndex(String transport) {
        if (transport != null) {
            for (int i = 0; i < TRANSPORTS.size() - 1; i++) {
                if (TRANSPORTS.get(i).equalsIgnoreCase(transport)) {
                    return i;
                }
            }
        }
        return TRANSPORTS.size() - 1;
    }

    private static int messageIndex(String methodOrStatus) {
        if (methodOrStatus == null) {
            return MESSAGES.size() - 1;
        }
        if (methodOrStatus.length() == 3 && isDigit(methodOrStatus.charAt(0))
                && isDigit(methodOrStatus.charAt(1)) && isDigit(methodOrStatus.charAt(2))) {
            int statusClass = methodOrStatus.charAt(0) - '0';
            return statusClass >= 1 && statusClass <= 6 ? FIRST_STATUS_CLASS + statusClass - 1 : MESSAGES.size() - 1;
        }
        // Methods are case-sensitive (RFC 3261 7.1): "invite" is an unknown method, not INVITE.
        int index = MESSAGES.indexOf(methodOrStatus);
        return index < 0 || index >= FIRST_STATUS_CLASS ? MESSAGES.size() - 1 : index;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
