package io.sipgw.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TransportKindTest {

    @Test
    void tokensPortsAndReliability() {
        assertThat(TransportKind.UDP.token()).isEqualTo("UDP");
        assertThat(TransportKind.TCP.token()).isEqualTo("TCP");
        assertThat(TransportKind.TLS.token()).isEqualTo("TLS");
        assertThat(TransportKind.UDP.defaultPort()).isEqualTo(5060);
        assertThat(TransportKind.TCP.defaultPort()).isEqualTo(5060);
        assertThat(TransportKind.TLS.defaultPort()).isEqualTo(5061);
        assertThat(TransportKind.UDP.isReliable()).isFalse();
        assertThat(TransportKind.TCP.isReliable()).isTrue();
        assertThat(TransportKind.TLS.isReliable()).isTrue();
        assertThat(TransportKind.TLS.isSecure()).isTrue();
        assertThat(TransportKind.TCP.isSecure()).isFalse();
    }

    @Test
    void parsesTokensCaseInsensitively() {
        assertThat(TransportKind.fromToken("udp")).contains(TransportKind.UDP);
        assertThat(TransportKind.fromToken("Tcp")).contains(TransportKind.TCP);
        assertThat(TransportKind.fromToken("TLS")).contains(TransportKind.TLS);
        assertThat(TransportKind.fromToken(new StringBuilder("tLs"))).contains(TransportKind.TLS);
        // The same Optional every time: parsing a Via does not allocate.
        assertThat(TransportKind.fromToken("udp")).isSameAs(TransportKind.fromToken("UDP"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sctp", "ws", "wss", "tl", "tlss", "ud[", "U D", "dtls"})
    void otherTransportsAreEmpty(String token) {
        assertThat(TransportKind.fromToken(token)).isEmpty();
    }

    @Test
    void nullIsEmpty() {
        assertThat(TransportKind.fromToken(null)).isEmpty();
    }
}
