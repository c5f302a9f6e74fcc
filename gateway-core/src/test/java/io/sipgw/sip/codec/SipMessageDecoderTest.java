package io.sipgw.sip.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.testing.SipTestMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.sipgw.testing.SipTestMessages.crlf;
import static org.assertj.core.api.Assertions.assertThat;

class SipMessageDecoderTest {

    private static final String BYE = crlf("BYE sip:+15557654321@wa.meta.vc;transport=tls SIP/2.0\n"
            + "Via: SIP/2.0/TLS gw.example.com:5061;branch=z9hG4bK-bye-1\n"
            + "Max-Forwards: 70\n"
            + "From: <sip:+15550001111@gw.example.com>;tag=gw-1\n"
            + "To: \"15557654321\" <sip:+15557654321@wa.meta.vc>;tag=wa-3b8f21\n"
            + "Call-ID: outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3\n"
            + "CSeq: 2 BYE\n"
            + "Content-Length: 0\n\n");

    private EmbeddedChannel channel;
    private final List<Object> decoded = new ArrayList<>();

    @AfterEach
    void releaseEverything() {
        decoded.forEach(ReferenceCountUtil::release);
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private EmbeddedChannel newChannel(SipCodecLimits limits) {
        channel = new EmbeddedChannel(new SipMessageDecoder(limits));
        return channel;
    }

    private static ByteBuf pooled(byte[] bytes, int from, int to) {
        return PooledByteBufAllocator.DEFAULT.buffer(to - from).writeBytes(bytes, from, to - from);
    }

    /** Feeds {@code bytes} cut at the given positions and collects what the decoder emits. */
    private List<Object> feed(byte[] bytes, int... cuts) {
        int from = 0;
        for (int cut : cuts) {
            channel.writeInbound(pooled(bytes, from, cut));
            from = cut;
        }
        channel.writeInbound(pooled(bytes, from, bytes.length));
        Object o;
        while ((o = channel.readInbound()) != null) {
            decoded.add(o);
        }
        return decoded;
    }

    @Test
    void wholeMessage() {
        newChannel(SipCodecLimits.DEFAULT);
        List<Object> out = feed(SipTestMessages.META_INVITE.getBytes(StandardCharsets.UTF_8));
        assertThat(out).singleElement().isInstanceOf(SipRequest.class);
        SipRequest r = (SipRequest) out.get(0);
        assertThat(r.content().toString(StandardCharsets.UTF_8)).isEqualTo(SipTestMessages.META_INVITE);
        assertThat(r.bodyAsString()).isEqualTo(SipTestMessages.META_SDES_OFFER);
    }

    @Test
    void oneByteAtATime() {
        newChannel(SipCodecLimits.DEFAULT);
        byte[] bytes = (SipTestMessages.META_INVITE + BYE).getBytes(StandardCharsets.UTF_8);
        int[] cuts = new int[bytes.length - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        List<Object> out = feed(bytes, cuts);
        assertThat(out).hasSize(2);
        assertThat(((SipMessage) out.get(0)).content().toString(StandardCharsets.UTF_8)).isEqualTo(SipTestMessages.META_INVITE);
        assertThat(((SipMessage) out.get(1)).content().toString(StandardCharsets.UTF_8)).isEqualTo(BYE);
    }

    @Test
    void splitAtEveryPosition() {
        byte[] bytes = (SipTestMessages.META_INVITE + SipTestMessages.OPTIONS_200 + BYE).getBytes(StandardCharsets.UTF_8);
        // One decoder for every cut: it must come back to its initial state after each message.
        newChannel(SipCodecLimits.DEFAULT);
        for (int cut = 1; cut < bytes.length; cut++) {
            List<Object> out = feed(bytes, cut);
            assertThat(out).as("cut at %d", cut).hasSize(3);
            assertThat(((SipRequest) out.get(0)).bodyAsString()).isEqualTo(SipTestMessages.META_SDES_OFFER);
            assertThat(((SipResponse) out.get(1)).status()).isEqualTo(200);
            assertThat(((SipRequest) out.get(2)).callId()).isEqualTo("outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3");
            out.forEach(ReferenceCountUtil::release);
            decoded.clear();
        }
    }

    @Test
    void severalMessagesInOneBufferWithBareLineFeedsAndCompactLength() {
        newChannel(SipCodecLimits.DEFAULT);
        String compact = BYE.replace("\r\n", "\n").replace("Content-Length: 0", "l: 4") + "body";
        List<Object> out = feed((BYE + compact + BYE).getBytes(StandardCharsets.UTF_8));
        assertThat(out).hasSize(3);
        assertThat(((SipMessage) out.get(1)).bodyAsString()).isEqualTo("body");
        assertThat(((SipMessage) out.get(2)).content().toString(StandardCharsets.UTF_8)).isEqualTo(BYE);
    }

    @Test
    void bodySplitAcrossReads() {
        newChannel(SipCodecLimits.DEFAULT);
        byte[] bytes = SipTestMessages.META_INVITE.getBytes(StandardCharsets.UTF_8);
        int bodyStart = SipTestMessages.META_INVITE.indexOf("v=0");
        List<Object> out = feed(bytes, bodyStart + 1, bodyStart + 100, bodyStart + 200);
        assertThat(out).singleElement().satisfies(m ->
                assertThat(((SipMessage) m).bodyAsString()).isEqualTo(SipTestMessages.META_SDES_OFFER));
    }

    @Test
    void doubleCrlfPingIsAnsweredWithOneCrlf() {
        newChannel(SipCodecLimits.DEFAULT);
        List<Object> out = feed(("\r\n\r\n" + BYE + "\r\n" + "\r\n\r\n").getBytes(StandardCharsets.UTF_8), 2, 3);
        assertThat(out).hasSize(1);
        ByteBuf pong1 = channel.readOutbound();
        ByteBuf pong2 = channel.readOutbound();
        try {
            assertThat(pong1.toString(StandardCharsets.US_ASCII)).isEqualTo("\r\n");
            assertThat(pong2.toString(StandardCharsets.US_ASCII)).isEqualTo("\r\n");
            assertThat((Object) channel.readOutbound()).isNull();
        } finally {
            pong1.release();
            pong2.release();
        }
    }

    @Test
    void singleCrlfKeepAliveIsSkippedSilently() {
        newChannel(SipCodecLimits.DEFAULT);
        List<Object> out = feed(("\r\n" + BYE).getBytes(StandardCharsets.UTF_8), 2);
        assertThat(out).hasSize(1);
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void badHeaderKeepsTheConnectionWhenFramingSurvives() {
        newChannel(SipCodecLimits.DEFAULT);
        String bad = BYE.replace("CSeq: 2 BYE", "CSeq: two BYE");
        List<Object> out = feed((bad + BYE).getBytes(StandardCharsets.UTF_8));
        assertThat(out).hasSize(2);
        SipDecodeError e = (SipDecodeError) out.get(0);
        assertThat(e.reason()).isEqualTo("Bad CSeq");
        assertThat(e.closeConnection()).isFalse();
        assertThat(e.request().topViaBranch()).isEqualTo("z9hG4bK-bye-1");
        assertThat(out.get(1)).isInstanceOf(SipRequest.class);
    }

    @Test
    void badContentLengthClosesTheStream() {
        newChannel(SipCodecLimits.DEFAULT);
        String bad = BYE.replace("Content-Length: 0", "Content-Length: zero");
        List<Object> out = feed((bad + BYE + BYE).getBytes(StandardCharsets.UTF_8));
        assertThat(out).singleElement().isInstanceOf(SipDecodeError.class);
        SipDecodeError e = (SipDecodeError) out.get(0);
        assertThat(e.reason()).isEqualTo("Bad Content-Length");
        assertThat(e.closeConnection()).isTrue();
        assertThat(e.isAnswerable()).isTrue();
        // Everything after the error is discarded.
        decoded.clear();
        assertThat(feed(BYE.getBytes(StandardCharsets.UTF_8))).isEmpty();
        ReferenceCountUtil.release(e);
    }

    @Test
    void oversizedHeaderBlockIsRefusedEarlyAndAnswered() {
        SipCodecLimits limits = new SipCodecLimits(1024, 2048, 64, 1024);
        newChannel(limits);
        StringBuilder huge = new StringBuilder(BYE.substring(0, BYE.length() - 2));
        while (huge.length() < 10_000) {
            huge.append("X-Filler: ").append("a".repeat(100)).append("\r\n");
        }
        List<Object> out = feed(huge.toString().getBytes(StandardCharsets.UTF_8), 3000);
        assertThat(out).singleElement().isInstanceOf(SipDecodeError.class);
        SipDecodeError e = (SipDecodeError) out.get(0);
        assertThat(e.status()).isEqualTo(513);
        assertThat(e.closeConnection()).isTrue();
        assertThat(e.isAnswerable()).isTrue();
        assertThat(e.request().callId()).startsWith("outgoing:wacid");
    }

    @Test
    void oversizedBodyIsRefusedBeforeItArrives() {
        newChannel(new SipCodecLimits(1024, 4096, 64, 1000));
        String big = BYE.replace("Content-Length: 0", "Content-Length: 5000");
        List<Object> out = feed(big.getBytes(StandardCharsets.UTF_8));
        assertThat(out).singleElement().satisfies(o -> {
            SipDecodeError e = (SipDecodeError) o;
            assertThat(e.status()).isEqualTo(513);
            assertThat(e.closeConnection()).isTrue();
        });
    }

    @Test
    void endlessStartLineIsRefused() {
        newChannel(new SipCodecLimits(64, 4096, 64, 1000));
        List<Object> out = feed(("INVITE sip:" + "a".repeat(200)).getBytes(StandardCharsets.UTF_8));
        assertThat(out).singleElement().satisfies(o -> {
            SipDecodeError e = (SipDecodeError) o;
            assertThat(e.isAnswerable()).isFalse();
            assertThat(e.closeConnection()).isTrue();
        });
    }

    @Test
    void garbageNeverThrowsAndClosesTheStream() {
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 200; round++) {
            newChannel(SipCodecLimits.DEFAULT);
            byte[] garbage = new byte[random.nextInt(6000) + 1];
            random.nextBytes(garbage);
            List<Object> out = feed(garbage, garbage.length / 3, garbage.length / 2);
            assertThat(out).allSatisfy(o -> assertThat(o).isInstanceOf(SipDecodeError.class));
            if (!out.isEmpty()) {
                assertThat(((SipDecodeError) out.get(out.size() - 1)).closeConnection()).isTrue();
            }
            releaseEverything();
            decoded.clear();
        }
        channel = null;
    }

    @Test
    void tlsClientHelloOnThePlainPortIsRefusedAtOnce() {
        newChannel(SipCodecLimits.DEFAULT);
        // The first bytes of a TLS record: handshake (0x16), version 3.1, length.
        List<Object> out = feed(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03});
        assertThat(out).singleElement().satisfies(o -> {
            SipDecodeError e = (SipDecodeError) o;
            assertThat(e.reason()).isEqualTo("Not a SIP message");
            assertThat(e.closeConnection()).isTrue();
            assertThat(e.isAnswerable()).isFalse();
        });
    }

    @Test
    void unreadableStartLineClosesTheStream() {
        newChannel(SipCodecLimits.DEFAULT);
        List<Object> out = feed(("INVITE  sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n\r\n" + BYE)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(out).singleElement().satisfies(o -> assertThat(((SipDecodeError) o).closeConnection()).isTrue());
    }
}
