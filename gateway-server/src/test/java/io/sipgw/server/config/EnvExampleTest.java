package io.sipgw.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keeps config/.env.example in step with the loader: it parses, loads, and names every variable. */
class EnvExampleTest {

    private static final Path EXAMPLE = Path.of("..", "config", ".env.example");

    @Test
    void exampleParsesAndLoads() {
        DotEnvFile example = DotEnvFile.read(EXAMPLE);

        assertThat(example.problems()).isEmpty();
        GatewayConfig config = new ConfigLoader(Map.of(), example, 2).load();
        assertThat(config.metaAllowedCidrs().toString()).isEqualTo(GatewayConfig.DEFAULT_META_ALLOWED_CIDRS);
        assertThat(config.twilioAllowedCidrs().toString()).isEqualTo(GatewayConfig.DEFAULT_TWILIO_ALLOWED_CIDRS);
    }

    @Test
    void exampleNamesEveryVariableTheSummaryShows() {
        DotEnvFile example = DotEnvFile.read(EXAMPLE);
        List<String> lines = ConfigLoader.fromMap(example.values()).load().summaryLines();

        for (String line : lines) {
            if (line.contains("=")) {
                assertThat(example.values()).containsKey(line.substring(0, line.indexOf('=')));
            }
        }
        assertThat(example.values()).hasSize(lines.size() - 1);
    }
}
