package io.sipgw.server.sipp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One gateway process per test class (configured by {@link #gatewayEnvironment}), and SIPp processes per test that
 * play Meta ({@value Sipp#META_IP}) and Twilio ({@value Sipp#TWILIO_IP}) against it. A test passes when every
 * SIPp process exits 0, i.e. every message came in the expected order and every {@code ereg}/{@code strcmp}
 * check of its scenario held; otherwise the failure shows each SIPp's command, output, error log and message
 * trace, and the gateway's log (with {@code SIP_TRACE=true}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SippTestBase {

    /** The port the Twilio-side SIPp of every test listens on: TWILIO_SIP_DOMAIN=127.0.0.3:twilioPort. */
    protected int twilioPort;
    protected GatewayProcess gateway;
    private Path gatewayDir;

    /** Variables added to or replacing {@link GatewayProcess#environment}'s. */
    protected Map<String, String> gatewayEnvironment() {
        return Map.of();
    }

    @BeforeAll
    void startGateway() throws Exception {
        Sipp.assumeAvailable();
        twilioPort = Sipp.freePort(Sipp.TWILIO_IP);
        gatewayDir = Files.createTempDirectory("sipgw-sipp-" + getClass().getSimpleName());
        gateway = GatewayProcess.start(gatewayDir, Sipp.TWILIO_IP + ":" + twilioPort, gatewayEnvironment());
    }

    @AfterAll
    void stopGateway() throws Exception {
        if (gateway != null) {
            try {
                gateway.stopAndCheck();
            } finally {
                gateway.close();
            }
            // Kept when the stop check failed (the assertion above skips this): the gateway log is in it.
            Sipp.deleteRecursively(gatewayDir);
        }
    }

    /** Twilio's side: a scenario that listens on TWILIO_SIP_DOMAIN. */
    protected Sipp.Builder twilio(String scenario) {
        return Sipp.scenario(scenario).name("twilio").local(Sipp.TWILIO_IP, twilioPort);
    }

    /** Meta's side: a scenario that sends to the gateway, with a Meta-like Call-ID. */
    protected Sipp.Builder meta(String scenario) {
        return Sipp.scenario(scenario).name("meta").local(Sipp.META_IP, Sipp.freePort(Sipp.META_IP))
                .remote(gateway.sipAddress()).args("-cid_str", Sipp.metaCallIdPattern());
    }

    /**
     * Starts {@code listener} (and waits until it listens), then {@code caller}, waits for both to finish and
     * fails unless both exit 0.
     */
    protected void run(Path dir, Sipp.Builder listener, Sipp.Builder caller) throws Exception {
        List<Sipp.Run> runs = new ArrayList<>();
        try {
            runs.add(listener.start(dir));
            runs.add(caller.start(dir));
            check(runs);
        } finally {
            for (Sipp.Run run : runs) {
                run.close();
            }
        }
    }

    /** Runs one SIPp scenario alone and fails unless it exits 0. */
    protected void run(Path dir, Sipp.Builder alone) throws Exception {
        try (Sipp.Run run = alone.start(dir)) {
            check(List.of(run));
        }
    }

    /** Waits for every run (the last started first) and fails with all their reports unless each exited 0. */
    protected void check(List<Sipp.Run> runs) throws InterruptedException, IOException {
        StringBuilder failures = new StringBuilder();
        int[] exits = new int[runs.size()];
        // The last one started is usually the caller: wait for it first, then the listener finishes its side.
        for (int i = runs.size() - 1; i >= 0; i--) {
            exits[i] = runs.get(i).await();
        }
        for (int i = 0; i < runs.size(); i++) {
            if (exits[i] != 0) {
                failures.append(runs.get(i).name).append(" exited with ").append(exits[i])
                        .append(exits[i] == -1000 ? " (killed: did not finish in time)" : "").append("; ");
            }
        }
        if (failures.length() > 0) {
            StringBuilder report = new StringBuilder("SIPp failed: ").append(failures).append('\n');
            for (Sipp.Run run : runs) {
                report.append(run.report());
            }
            report.append("---- gateway log (last part):\n").append(Sipp.tail(gateway.output(), 30000));
            throw new AssertionError(report.toString());
        }
    }
}
