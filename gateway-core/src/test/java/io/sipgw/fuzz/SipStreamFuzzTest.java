package io.sipgw.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.sipgw.sip.codec.SipCodecLimits;
import io.sipgw.sip.codec.SipMessageDecoder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams of mutated messages through the TCP/TLS decoder: whatever the bytes, the decoder emits clean results
 * only, and the same results whether the stream arrives in one buffer or split at random points.
 */
class SipStreamFuzzTest {

    /**
     * 40,000 streams a run, of one to four messages each (about 85,000 decoded results), decoded whole and split:
     * 14 s of CPU on the 2-core build machine, up to 60 s of wall time while other builds share it; the leak
     * detector's stack traces for each retained slice and pipeline touch, and collecting them, take most of it.
     */
    @Test
    void splitStreamsDecodeLikeWholeOnes() {
        Map<String, Integer> kinds = FuzzProperty.named("stream decode", 40_000)
                .run(FuzzInputs::sipStream, SipStreamFuzzTest::decodeWholeAndSplit);
        // Streams must be framed into several messages, and some must lose their framing.
        assertThat(kinds).as("streams").containsKeys("2 messages", "3 messages", "1 messages, closed");
    }

    /** Decodes one stream whole and split and compares; returns how many messages it held and how it ended. */
    private static String decodeWholeAndSplit(byte[] input, SplittableRandom choices) {
        SipCodecLimits limits = FuzzInputs.limits(choices);
        List<String> whole = decode(input, new int[0], limits);
        int[] cuts = FuzzInputs.cuts(choices, input.length);
        List<String> split = decode(input, cuts, limits);
        String cutAt = java.util.Arrays.toString(cuts);
        assertThat(split).as("results with the stream cut at %s", cutAt).isEqualTo(whole);
        long messages = whole.stream().filter(r -> !r.startsWith("error")).count();
        boolean closed = !whole.isEmpty() && whole.get(whole.size() - 1).endsWith("close)");
        return messages + " messages" + (closed ? ", closed" : "");
    }

    /**
     * Feeds {@code input} cut at {@code cuts} and returns the description of each result, all released; results of
     * the whole stream are checked for cleanliness, those of the split one only compared with them.
     */
    private static List<String> decode(byte[] input, int[] cuts, SipCodecLimits limits) {
        EmbeddedChannel channel = new EmbeddedChannel(new SipMessageDecoder(limits));
        List<Object> results = new ArrayList<>();
        try {
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : input.length;
                // The whole stream comes in a pooled buffer, tracked by the leak detector; so does the buffer the
                // decoder gathers split chunks in. Tracking each chunk too would double the run time.
                ByteBuf chunk = cuts.length == 0
                        ? PooledByteBufAllocator.DEFAULT.buffer(to - from).writeBytes(input, from, to - from)
                        : Unpooled.wrappedBuffer(input, from, to - from);
                channel.writeInbound(chunk);
                drain(channel, results);
                from = to;
            }
            channel.finish();
            drain(channel, results);
            List<String> described = new ArrayList<>(results.size());
            while (!results.isEmpty()) {
                Object result = results.remove(0);
                described.add(cuts.length == 0 ? CleanResults.checkAndRelease(result)
                        : CleanResults.describeAndRelease(result));
            }
            return described;
        } finally {
            results.forEach(ReferenceCountUtil::release);
            channel.finishAndReleaseAll();
        }
    }

    private static void drain(EmbeddedChannel channel, List<Object> results) {
        Object o;
        while ((o = channel.readInbound()) != null) {
            results.add(o);
        }
    }
}
