package io.sipgw.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.Via;
import io.sipgw.sip.codec.SipMessageEncoder;
import io.sipgw.testing.Parse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static io.sipgw.testing.SipTestMessages.OPTIONS_200;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowTest {

    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 5060);
    private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.2", 40000);

    private final EmbeddedChannel channel = new EmbeddedChannel(new SipMessageEncoder());

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void udpSendsADatagramToTheRemote() {
        Flow flow = new Flow(TransportKind.UDP, LOCAL, REMOTE, channel);
        SipMessage message = Parse.message(OPTIONS_200);

        assertThat(flow.send(message).isSuccess()).isTrue();

        DatagramPacket packet = channel.readOutbound();
        try {
            assertThat(packet.recipient()).isEqualTo(REMOTE);
            assertThat(packet.content().toString(StandardCharsets.UTF_8)).isEqualTo(OPTIONS_200);
        } finally {
            packet.release();
        }
        assertThat(message.refCnt()).isZero();
    }

    @Test
    void tcpAndTlsWriteTheMessageOnTheConnection() {
        Flow flow = new Flow(TransportKind.TLS, LOCAL, REMOTE, channel);

        flow.send(Parse.message(OPTIONS_200));

        ByteBuf bytes = channel.readOutbound();
        try {
            assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(OPTIONS_200);
        } finally {
            bytes.release();
        }
    }

    @Test
    void udpResponsesGoToTheSourcePortWithRportElseToTheSentByPort() {
        Flow flow = new Flow(TransportKind.UDP, LOCAL, REMOTE, channel);

        assertThat(flow.forResponse(Via.parse("SIP/2.0/UDP host.invalid:5070;branch=z9hG4bK1;rport")))
                .isSameAs(flow);
        assertThat(flow.forResponse(Via.parse("SIP/2.0/UDP host.invalid:5070;branch=z9hG4bK1;rport=40000")))
                .isSameAs(flow);
        assertThat(flow.forResponse(Via.parse("SIP/2.0/UDP host.invalid:5070;branch=z9hG4bK1")).remote())
                .isEqualTo(new InetSocketAddress("127.0.0.2", 5070));
        assertThat(flow.forResponse(Via.parse("SIP/2.0/UDP host.invalid;branch=z9hG4bK1")).remote())
                .isEqualTo(new InetSocketAddress("127.0.0.2", 5060));
    }

    @Test
    void streamResponsesTakeTheConnectionWhateverTheVia() {
        Flow flow = new Flow(TransportKind.TCP, LOCAL, REMOTE, channel);

        assertThat(flow.forResponse(Via.parse("SIP/2.0/TCP host.invalid:5070;branch=z9hG4bK1"))).isSameAs(flow);
    }

    @Test
    void describesItselfAndRefusesMissingParts() {
        Flow flow = new Flow(TransportKind.UDP, LOCAL, new InetSocketAddress("::1", 5062), channel);

        assertThat(flow).hasToString("UDP 127.0.0.1:5060 <-> [::1]:5062");
        assertThatThrownBy(() -> new Flow(TransportKind.UDP, LOCAL, null, channel))
                .isInstanceOf(NullPointerException.class);
    }
}
