package io.sipgw.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipgw.call.CallEvents;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

    private final GatewayMetrics metrics = new GatewayMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    private double count(String name, String... tags) {
        return metrics.registry().get(name).tags(tags).counter().count();
    }

    @Test
    void callEventsCountOutcomesAndSetupLatency() {
        CallEvents events = metrics.callEvents();
        events.answered("c1", Duration.ofMillis(800));
        events.ended("c1", "caller-bye", Duration.ofSeconds(30), Duration.ofSeconds(29));
        events.ended("c2", "rejected-486", Duration.ofSeconds(2), Duration.ZERO);
        events.ended("c3", "cancelled", Duration.ofSeconds(3), Duration.ZERO);
        events.ended("c4", "callee-timeout", Duration.ofSeconds(32), Duration.ZERO);

        assertThat(metrics.scrape())
                .contains("sipgw_calls_total{outcome=\"completed\"} 1.0")
                .contains("sipgw_calls_total{outcome=\"rejected\"} 1.0")
                .contains("sipgw_calls_total{outcome=\"cancelled\"} 1.0")
                .contains("sipgw_calls_total{outcome=\"failed\"} 1.0")
                .contains("sipgw_call_setup_seconds_count 1");
    }

    @Test
    void countsMessagesByTransportAndMethod() {
        metrics.messageIn("UDP", "INVITE");
        metrics.messageIn("udp", "INVITE");
        metrics.messageOut("tls", "BYE");

        assertThat(count("sipgw.sip.messages.received", "transport", "udp", "message", "INVITE")).isEqualTo(2);
        assertThat(count("sipgw.sip.messages.sent", "transport", "tls", "message", "BYE")).isEqualTo(1);
    }

    @Test
    void countsResponsesByStatusClass() {
        metrics.messageIn("tcp", "180");
        metrics.messageIn("tcp", 183);
        metrics.messageOut("tcp", 503);
        metrics.messageOut("tcp", "407");

        assertThat(count("sipgw.sip.messages.received", "transport", "tcp", "message", "1xx")).isEqualTo(2);
        assertThat(count("sipgw.sip.messages.sent", "transport", "tcp", "message", "5xx")).isEqualTo(1);
        assertThat(count("sipgw.sip.messages.sent", "transport", "tcp", "message", "4xx")).isEqualTo(1);
    }

    @Test
    void unknownValuesBecomeOther() {
        metrics.messageIn("sctp", "FOO");
        metrics.messageIn(null, null);
        metrics.messageIn("udp", "invite");
        metrics.messageIn("udp", "700");
        metrics.messageIn("udp", "2xx");

        assertThat(count("sipgw.sip.messages.received", "transport", "other", "message", "other")).isEqualTo(2);
        assertThat(count("sipgw.sip.messages.received", "transport", "udp", "message", "other")).isEqualTo(3);
    }

    @Test
    void parseFailureReasonsAreNormalisedAndBounded() {
        metrics.parseFailure("udp", "Bad request line");
        metrics.parseFailure("UDP", "bad   request-line!");
        for (int i = 0; i < GatewayMetrics.MAX_REASONS + 10; i++) {
            metrics.parseFailure("tcp", "reason " + i);
        }

        assertThat(count("sipgw.sip.parse.failures", "transport", "udp", "reason", "bad_request_line")).isEqualTo(2);
        assertThat(metrics.registry().find("sipgw.sip.parse.failures").counters())
                .hasSizeLessThanOrEqualTo(GatewayMetrics.MAX_REASONS + 1);
        assertThat(count("sipgw.sip.parse.failures", "transport", "tcp", "reason", "other")).isEqualTo(11);
    }

    @Test
    void droppedMessagesByTransportAndReason() {
        metrics.messageDropped("udp", "no matching transaction");
        metrics.messageDropped("UDP", "no matching transaction");

        assertThat(count("sipgw.sip.messages.dropped", "transport", "udp", "reason", "no_matching_transaction"))
                .isEqualTo(2);
    }

    @Test
    void tlsHandshakeFailuresBySide() {
        metrics.tlsHandshakeFailure("server", "SSLHandshakeException");
        metrics.tlsHandshakeFailure("sideways", null);

        assertThat(count("sipgw.tls.handshake.failures", "side", "server", "reason", "sslhandshakeexception"))
                .isEqualTo(1);
        assertThat(count("sipgw.tls.handshake.failures", "side", "other", "reason", "other")).isEqualTo(1);
    }

    @Test
    void gaugesReadTheirSourceAtScrape() {
        AtomicInteger calls = new AtomicInteger(3);
        metrics.callsActive(calls::get);
        metrics.transactionsActive(() -> 7);
        calls.set(5);

        String text = metrics.scrape();

        assertThat(text).contains("sipgw_calls_active 5.0").contains("sipgw_transactions_active 7.0");
    }

    @Test
    void scrapeHasSipJvmAndNettyMeters() {
        metrics.messageIn("udp", "OPTIONS");

        String text = metrics.scrape();

        assertThat(text)
                .contains("sipgw_sip_messages_received_total{message=\"OPTIONS\",transport=\"udp\"} 1.0")
                .contains("jvm_memory_used_bytes")
                .contains("jvm_gc_")
                .contains("process_uptime_seconds")
                .contains("netty_allocator_memory_used");
    }
}
