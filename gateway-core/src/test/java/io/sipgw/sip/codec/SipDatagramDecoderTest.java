package io.sipgw.sip.codec;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipRequest;
import io.sipgw.testing.SipTestMessages;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SipDatagramDecoderTest {

    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 5060);
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.2", 40000);

    private static DatagramPacket packet(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new DatagramPacket(PooledByteBufAllocator.DEFAULT.buffer(b.length).writeBytes(b), LOCAL, PEER);
    }

    @Test
    void eachDatagramIsOneMessageWithItsAddresses() {
        EmbeddedChannel ch = new EmbeddedChannel(new SipDatagramDecoder(SipCodecLimits.DEFAULT));
        ch.writeInbound(packet(SipTestMessages.META_INVITE));
        ch.writeInbound(packet("\r\n\r\n"));
        ch.writeInbound(packet("not sip at all"));
        AddressedEnvelope<?, ?> first = ch.readInbound();
        AddressedEnvelope<?, ?> second = ch.readInbound();
        try {
            assertThat(first.sender()).isEqualTo(PEER);
            assertThat(first.recipient()).isEqualTo(LOCAL);
            assertThat(first.content()).isInstanceOf(SipRequest.class);
            assertThat(((SipMessage) first.content()).bodyAsString()).isEqualTo(SipTestMessages.META_SDES_OFFER);
            assertThat(second.content()).isInstanceOf(SipDecodeError.class);
            assertThat(((SipDecodeError) second.content()).isAnswerable()).isFalse();
            assertThat((Object) ch.readInbound()).isNull();
        } finally {
            ReferenceCountUtil.release(first);
            ReferenceCountUtil.release(second);
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void aSmallMessageInALargeReceiveBufferIsCopiedOut() {
        EmbeddedChannel ch = new EmbeddedChannel(new SipDatagramDecoder(SipCodecLimits.DEFAULT));
        byte[] b = SipTestMessages.OPTIONS_200.getBytes(StandardCharsets.UTF_8);
        io.netty.buffer.ByteBuf receive = PooledByteBufAllocator.DEFAULT.buffer(65536).writeBytes(b);
        ch.writeInbound(new DatagramPacket(receive, LOCAL, PEER));
        AddressedEnvelope<?, ?> in = ch.readInbound();
        try {
            // The 64 KiB receive buffer is released as soon as the datagram is decoded.
            assertThat(receive.refCnt()).isZero();
            SipMessage m = (SipMessage) in.content();
            assertThat(m.content().capacity()).isEqualTo(b.length);
            assertThat(m.content().toString(StandardCharsets.UTF_8)).isEqualTo(SipTestMessages.OPTIONS_200);
        } finally {
            ReferenceCountUtil.release(in);
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void encoderWritesTheMessageBytesToTheEnvelopeRecipient() {
        EmbeddedChannel ch = new EmbeddedChannel(new SipDatagramDecoder(SipCodecLimits.DEFAULT), new SipMessageEncoder());
        ch.writeInbound(packet(SipTestMessages.OPTIONS_200));
        AddressedEnvelope<?, ?> in = ch.readInbound();
        SipMessage m = (SipMessage) in.content();
        ch.writeOutbound(new io.netty.channel.DefaultAddressedEnvelope<>(m, PEER));
        DatagramPacket out = ch.readOutbound();
        try {
            assertThat(out.recipient()).isEqualTo(PEER);
            assertThat(out.content().toString(StandardCharsets.UTF_8)).isEqualTo(SipTestMessages.OPTIONS_200);
            // The packet shares the message's buffer: no copy was made.
            assertThat(m.refCnt()).isEqualTo(1);
        } finally {
            out.release();
            assertThat(m.refCnt()).isZero();
            ch.finishAndReleaseAll();
        }
    }
}
