package io.sipgw.pipeline;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The connection bounds of {@link PipelineSettings}: safe defaults, and nonsense refused when building. */
class PipelineSettingsLimitsTest {

    @Test
    void everyBoundHasASafeDefault() {
        PipelineSettings defaults = PipelineSettings.defaults();

        assertThat(defaults.maxConnections()).isEqualTo(10_000);
        assertThat(defaults.maxConnectionsPerSource()).isEqualTo(200);
        assertThat(defaults.tlsHandshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.connectionIdleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.messageReadTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.connections().open()).isZero();
    }

    @Test
    void oneSettingsObjectSharesOneLimiterAndAnotherHasItsOwn() {
        PipelineSettings settings = PipelineSettings.builder().maxConnections(5).build();

        assertThat(settings.connections()).isSameAs(settings.connections())
                .isNotSameAs(PipelineSettings.defaults().connections());
    }

    @Test
    void nonsenseIsRefused() {
        PipelineSettings.Builder b = PipelineSettings.builder();

        assertThatThrownBy(() -> b.maxConnections(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxConnectionsPerSource(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.tlsHandshakeTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.connectionIdleTimeout(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.messageReadTimeout(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zeroTurnsATimeoutOff() {
        PipelineSettings settings = PipelineSettings.builder().connectionIdleTimeout(Duration.ZERO)
                .messageReadTimeout(Duration.ZERO).tlsHandshakeTimeout(Duration.ZERO).build();
        EmbeddedChannel ch = new EmbeddedChannel(GatewayChannelInitializer.tcp(settings));
        try {
            assertThat(ch.pipeline().names()).doesNotContain("idle", "slow-sender", "slow-sender-end")
                    .contains("decoder");
        } finally {
            ch.finishAndReleaseAll();
        }
    }
}
