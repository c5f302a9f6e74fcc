package io.sipgw.pipeline;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.sipgw.sip.codec.SipDatagramDecoder;
import io.sipgw.sip.codec.SipMessageDecoder;
import io.sipgw.testing.TestRequests;
import io.sipgw.transport.TestCertificates;
import io.sipgw.transport.TlsContexts;
import io.sipgw.transport.TransportKind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayChannelInitializerTest {

    private static final List<String> SIP_HANDLERS =
            List.of("decoder", "encoder", "flow", "traffic", "decode-errors", "sip");
    /** TCP and TLS connections also get the idle and slow-sender guards around the decoder. */
    private static final List<String> STREAM_HANDLERS = List.of("idle", "slow-sender", "decoder", "slow-sender-end",
            "encoder", "flow", "traffic", "decode-errors", "sip");

    private static List<String> names(EmbeddedChannel ch) {
        return ch.pipeline().names().stream().filter(n -> !n.startsWith("DefaultChannelPipeline$")).toList();
    }

    @Test
    void udpGetsTheDatagramDecoder() {
        GatewayChannelInitializer init = GatewayChannelInitializer.udp(PipelineSettings.defaults());
        EmbeddedChannel ch = new EmbeddedChannel(init);
        try {
            assertThat(init.transport()).isEqualTo(TransportKind.UDP);
            assertThat(names(ch)).isEqualTo(SIP_HANDLERS);
            assertThat(ch.pipeline().get("decoder")).isInstanceOf(SipDatagramDecoder.class);
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void tcpGetsTheStreamDecoder() {
        EmbeddedChannel ch = new EmbeddedChannel(GatewayChannelInitializer.tcp(PipelineSettings.defaults()));
        try {
            assertThat(names(ch)).isEqualTo(STREAM_HANDLERS);
            assertThat(ch.pipeline().get("decoder")).isInstanceOf(SipMessageDecoder.class);
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void aMessageOnAChannelWithoutIpAddressesIsReleasedAndDropped() {
        EmbeddedChannel ch = new EmbeddedChannel(GatewayChannelInitializer.tcp(PipelineSettings.defaults()));
        try {
            byte[] options = TestRequests.options(TestRequests.via("TCP", "127.0.0.1", "x1", ""), "x1")
                    .getBytes(StandardCharsets.UTF_8);

            ch.writeInbound(PooledByteBufAllocator.DEFAULT.buffer().writeBytes(options));

            assertThat((Object) ch.readOutbound()).isNull();
            assertThat((Object) ch.readInbound()).isNull();
            assertThat(ch.isOpen()).isTrue();
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void tlsPutsTheSslHandlerFirst() throws Exception {
        TestCertificates certificates = TestCertificates.shared();
        SslContext server = TlsContexts.forServer(certificates.certificateChain(), certificates.pkcs8Key());
        EmbeddedChannel ch = new EmbeddedChannel(GatewayChannelInitializer.tls(server, PipelineSettings.defaults()));
        try {
            assertThat(names(ch).subList(0, 2)).containsExactly("tls", "tls-handshake");
            assertThat(names(ch).subList(2, names(ch).size())).isEqualTo(STREAM_HANDLERS);
            assertThat(ch.pipeline().first()).isInstanceOf(SslHandler.class);
            assertThat(((SslHandler) ch.pipeline().first()).engine().getUseClientMode()).isFalse();
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void tlsRefusesAClientContext() throws Exception {
        SslContext client = TlsContexts.forClient(TestCertificates.shared().trustManagerFactory(),
                TlsContexts.defaultProvider());

        assertThatThrownBy(() -> GatewayChannelInitializer.tls(client, PipelineSettings.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsHaveDefaultsAndRefuseANegativeRetryAfter() {
        PipelineSettings defaults = PipelineSettings.defaults();

        assertThat(defaults.retryAfterSeconds()).isEqualTo(PipelineSettings.DEFAULT_RETRY_AFTER_SECONDS);
        assertThat(defaults.draining().getAsBoolean()).isFalse();
        assertThat(defaults.listener()).isSameAs(SipTrafficListener.NONE);
        assertThat(defaults.endpoint()).isInstanceOf(UnavailableEndpoint.class);
        assertThatThrownBy(() -> PipelineSettings.builder().retryAfterSeconds(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
