package io.sipgw.server.sipp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A call nobody answers: with RING_TIMEOUT=2s Meta gets 408 and Twilio a CANCEL (SIPp over UDP). */
class SippRingTimeoutIT extends SippTestBase {

    @Override
    protected Map<String, String> gatewayEnvironment() {
        return Map.of("RING_TIMEOUT", "2s");
    }

    @Test
    void noAnswerWithinRingTimeoutIs408ForMetaAndCancelForTwilio(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        run(dir, twilio("twilio-uas-rings-cancelled.xml"), meta("meta-uac-ring-timeout.xml"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the 408 waits for RING_TIMEOUT")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }
}
