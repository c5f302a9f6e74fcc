package io.sipgw.transport;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionKeyTest {

    @Test
    void normalisesHost() {
        assertThat(new ConnectionKey(TransportKind.TLS, "WA.Meta.VC", 5061))
                .isEqualTo(new ConnectionKey(TransportKind.TLS, "wa.meta.vc", 5061));
        assertThat(new ConnectionKey(TransportKind.UDP, "[2A03:2880::1]", 5060).host()).isEqualTo("2a03:2880::1");
        assertThat(new ConnectionKey(TransportKind.UDP, "h", 5060))
                .isNotEqualTo(new ConnectionKey(TransportKind.TCP, "h", 5060));
    }

    @Test
    void keysResolvedAddressesByIp() throws Exception {
        InetSocketAddress named = new InetSocketAddress(
                InetAddress.getByAddress("sip.example.test", new byte[] {10, 0, 0, 1}), 5060);
        assertThat(ConnectionKey.of(TransportKind.UDP, named))
                .isEqualTo(new ConnectionKey(TransportKind.UDP, "10.0.0.1", 5060));
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 5061);
        assertThat(ConnectionKey.of(TransportKind.TLS, v6).host()).isEqualTo("::1");
    }

    @Test
    void rejectsBadValues() {
        assertThatThrownBy(() -> new ConnectionKey(TransportKind.UDP, "", 5060))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectionKey(TransportKind.UDP, "h", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectionKey(TransportKind.UDP, "h", 65536))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectionKey.of(TransportKind.UDP, InetSocketAddress.createUnresolved("h", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
