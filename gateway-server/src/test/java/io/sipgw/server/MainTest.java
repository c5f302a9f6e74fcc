package io.sipgw.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @Test
    void brokenEnvironmentPrintsEveryProblemAndExitsWithTwo(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Main.run(Map.of("PORT", "not-a-port", "TWILIO_SIP_PASSWORD", "do-not-print-me"),
                dir.resolve(".env"), new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(Main.EXIT_CONFIG);
        assertThat(message)
                .contains("invalid configuration (4 problems)")
                .contains("PORT=\"not-a-port\"")
                .contains("PUBLIC_HOST is missing")
                .contains("TWILIO_SIP_DOMAIN is missing")
                .contains("TWILIO_SIP_USERNAME is missing")
                .doesNotContain("do-not-print-me");
    }
}
