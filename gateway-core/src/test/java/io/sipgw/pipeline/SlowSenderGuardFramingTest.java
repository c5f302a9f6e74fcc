package io.sipgw.pipeline;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.codec.SipCodecLimits;
import io.sipgw.sip.codec.SipMessageDecoder;
import io.sipgw.transport.TransportKind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.sipgw.testing.TestRequests.options;
import static io.sipgw.testing.TestRequests.via;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where {@link SlowSenderGuard} thinks a message is in progress, with the stream split at every position: CRLFs
 * before, between and after messages start no clock, the first byte of a message does.
 */
class SlowSenderGuardFramingTest {

    private static final String FIRST = options(via("TCP", "127.0.0.1", "f1", ""), "f1");
    private static final String SECOND = options(via("TCP", "127.0.0.1", "f2", ""), "f2");

    /** Feeds {@code pieces} one read each; the Call-IDs of the messages decoded, and whether one is in progress. */
    private static String feed(List<String> pieces, List<String> callIds) {
        SlowSenderGuard guard = new SlowSenderGuard(60_000, TransportKind.TCP, SipTrafficListener.NONE);
        EmbeddedChannel ch = new EmbeddedChannel(guard.bytes(), new SipMessageDecoder(SipCodecLimits.DEFAULT),
                guard.messages());
        try {
            for (String piece : pieces) {
                ch.writeInbound(Unpooled.copiedBuffer(piece, StandardCharsets.US_ASCII));
            }
            for (Object in = ch.readInbound(); in != null; in = ch.readInbound()) {
                callIds.add(((SipMessage) in).callId());
                ((SipMessage) in).release();
            }
            return guard.messageInProgress() ? "in progress" : "idle";
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    private static void assertAtEverySplit(String stream, String expected, String... callIds) {
        for (int i = 0; i <= stream.length(); i++) {
            List<String> decoded = new ArrayList<>();
            String state = feed(List.of(stream.substring(0, i), stream.substring(i)), decoded);
            assertThat(state).as("split at %d", i).isEqualTo(expected);
            assertThat(decoded).as("split at %d", i).containsExactly(callIds);
        }
    }

    @Test
    void messagesWithKeepAlivesAroundThemLeaveNothingInProgress() {
        assertAtEverySplit("\r\n\r\n" + FIRST + "\r\n" + SECOND + "\r\n\r\n", "idle", "f1", "f2");
    }

    @Test
    void theStartOfAMessageAfterAnotherIsInProgress() {
        assertAtEverySplit(FIRST + "\r\n" + SECOND.substring(0, 20), "in progress", "f1");
    }

    @Test
    void aMessageByteByByteIsInProgressUntilItsLastByte() {
        List<String> pieces = new ArrayList<>();
        for (char c : ("\r\n" + FIRST).toCharArray()) {
            pieces.add(String.valueOf(c));
        }
        List<String> decoded = new ArrayList<>();

        assertThat(feed(pieces.subList(0, pieces.size() - 1), decoded)).isEqualTo("in progress");
        assertThat(feed(pieces, decoded)).isEqualTo("idle");
        assertThat(decoded).containsExactly("f1");
    }

    @Test
    void onlyKeepAlivesStartNoClock() {
        assertThat(feed(List.of("\r\n\r\n", "\r\n", "\r"), new ArrayList<>())).isEqualTo("idle");
    }
}
