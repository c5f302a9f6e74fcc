package io.sipgw.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sipgw.call.CallEvents;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns call events into meters: {@code sipgw_calls_total{outcome}} (a bounded set: answered calls ended by a BYE,
 * rejected, cancelled, failed), {@code sipgw_invites_refused_total{cause}} (INVITEs refused before a call existed:
 * source, auth, auth-limit, route, sdp) and the setup latency, INVITE to answer, as
 * {@code sipgw_call_setup_seconds}.
 */
final class MetricsCallEvents implements CallEvents {

    private final MeterRegistry registry;
    private final Timer setup;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

    MetricsCallEvents(MeterRegistry registry) {
        this.registry = registry;
        this.setup = Timer.builder("sipgw.call.setup").description("From the caller's INVITE to the callee's answer")
                .publishPercentileHistogram().register(registry);
    }

    @Override
    public void refused(String cause) {
        // The causes are the B2BUA's few constants, so the tag set stays bounded.
        refusals.computeIfAbsent(cause, c -> Counter.builder("sipgw.invites.refused")
                .description("INVITEs refused before a call existed, by cause").tag("cause", c)
                .register(registry)).increment();
    }

    @Override
    public void answered(String callerCallId, Duration setupTime) {
        setup.record(setupTime);
    }

    @Override
    public void ended(String callerCallId, String reason, Duration total, Duration talkTime) {
        outcomes.computeIfAbsent(outcome(reason), o -> Counter.builder("sipgw.calls")
                .description("Calls ended, by outcome").tag("outcome", o).register(registry)).increment();
    }

    /** The reason of {@link io.sipgw.call.B2bua}'s end events folded into a bounded set of outcomes. */
    static String outcome(String reason) {
        if (reason.endsWith("-bye")) {
            return "completed";
        }
        if (reason.startsWith("rejected-")) {
            return "rejected";
        }
        if (reason.equals("cancelled")) {
            return "cancelled";
        }
        return "failed";
    }
}
