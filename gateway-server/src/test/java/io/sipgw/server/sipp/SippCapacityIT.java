package io.sipgw.server.sipp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MAX_CALLS=1: while one call is up, Meta's next INVITE gets 503 with Retry-After and is not bridged. */
class SippCapacityIT extends SippTestBase {

    @Override
    protected Map<String, String> gatewayEnvironment() {
        return Map.of("MAX_CALLS", "1");
    }

    @Test
    void aSecondCallBeyondMaxCallsIs503WithRetryAfter(@TempDir Path dir) throws Exception {
        String firstCallIds = Sipp.metaCallIdPattern();
        String secondCallIds = Sipp.metaCallIdPattern();
        List<Sipp.Run> firstCall = new ArrayList<>();
        try {
            firstCall.add(twilio("twilio-uas-holds-then-hangs-up.xml").args("-d", "3000").start(dir));
            firstCall.add(meta("meta-uac-callee-hangs-up.xml").args("-cid_str", firstCallIds).start(dir));
            awaitLog(Pattern.quote("call " + prefix(firstCallIds)) + "\\S*: answered");

            run(dir.resolve("second"), meta("meta-uac-over-capacity.xml").name("meta-second")
                    .args("-cid_str", secondCallIds));
            assertThat(gateway.output())
                    .doesNotContainPattern(Pattern.quote("call " + prefix(secondCallIds)) + "\\S*: started");

            check(firstCall);
        } finally {
            for (Sipp.Run run : firstCall) {
                run.close();
            }
        }
    }

    private static String prefix(String callIds) {
        return callIds.substring(0, callIds.indexOf('%'));
    }

    private void awaitLog(String regex) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (pattern.matcher(gateway.output()).find()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the gateway log never matched " + regex + ":\n" + Sipp.tail(gateway.output(), 20000));
    }
}
