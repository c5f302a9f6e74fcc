package io.sipgw.fuzz;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sipgw.sip.codec.SipMessageDecoder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Inputs the fuzz properties found that the stream decoder gets wrong, kept until the decoder is fixed. */
class StreamDecoderBugsTest {

    /**
     * A start line over the limit is refused with 513 when the stream is cut before its LF arrives (the decoder
     * stops waiting for a line that is already too long), but with 400 "Start line too long" when the LF comes in
     * the same read, and not at all while the head has not ended: the outcome depends on the segmentation.
     */
    @Test

    void overlongStartLine() {
        byte[] input = ack("ACK sips:%2B1555%20000@[2001:db8::5]:5061;transport=tls;ob SIP/2.0");

        List<String> whole = decode(input, input.length);
        List<String> split = decode(input, 66);

        assertThat(whole).containsExactly("error SipDecodeError(400 Start line too long, unanswerable, close)");
        assertThat(split).isEqualTo(whole);
    }

    /**
     * A start line exactly as long as the limit is accepted when its CRLF arrives in one read, but refused with 513
     * when the read ends between the CR and the LF: the early check counts the CR as part of the line.
     */
    @Test

    void startLineOfMaximumLengthCutBetweenCrAndLf() {
        byte[] input = ack("ACK sips:+15550001111@[2001:db8::5]:5061;transport=tls;o SIP/2.0");

        List<String> whole = decode(input, input.length);
        List<String> split = decode(input, 65);

        assertThat(whole).singleElement().asString().startsWith("request ACK");
        assertThat(split).isEqualTo(whole);
    }

    /** An ACK with this start line. */
    private static byte[] ack(String startLine) {
        return Mutations.ascii(startLine + "\r\n"
                + "Via: SIP/2.0/TLS 10.0.0.1:5061;branch=z9hG4bK-ack-9\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:a@example.com>;tag=t1\r\n"
                + "To: <sip:b@example.com>;tag=t2\r\n"
                + "Call-ID: ack-1@10.0.0.1\r\n"
                + "CSeq: 1 ACK\r\n"
                + "Content-Length: 0\r\n"
                + "\r\n");
    }

    /**
     * Decodes {@code input} sent in two reads, the first of {@code firstRead} bytes, within the small limits (a start
     * line of at most 64 bytes).
     */
    private static List<String> decode(byte[] input, int firstRead) {
        EmbeddedChannel channel = new EmbeddedChannel(new SipMessageDecoder(FuzzInputs.SMALL_LIMITS));
        try {
            channel.writeInbound(PooledByteBufAllocator.DEFAULT.buffer().writeBytes(input, 0, firstRead));
            channel.writeInbound(PooledByteBufAllocator.DEFAULT.buffer()
                    .writeBytes(input, firstRead, input.length - firstRead));
            List<String> results = new ArrayList<>();
            Object o;
            while ((o = channel.readInbound()) != null) {
                results.add(CleanResults.checkAndRelease(o));
            }
            return results;
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
