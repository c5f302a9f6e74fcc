package io.sipgw.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.sip.codec.SipCodecLimits;
import io.sipgw.sip.codec.SipDecodeError;
import io.sipgw.sip.codec.SipParser;

import java.nio.charset.StandardCharsets;

/** Parses test text the way a datagram is parsed; the caller releases what it gets. */
public final class Parse {

    private Parse() {
    }

    /** The datagram decoder's result for {@code text}: a message, a decode error, or null. */
    public static Object datagram(String text) {
        return datagram(text.getBytes(StandardCharsets.UTF_8));
    }

    public static Object datagram(byte[] bytes) {
        // A pooled buffer is tracked by the leak detector; an Unpooled wrapper would not be.
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.heapBuffer(bytes.length).writeBytes(bytes);
        try {
            return new SipParser(SipCodecLimits.DEFAULT).parseDatagram(buf);
        } finally {
            buf.release();
        }
    }

    /** A message that must parse; fails the test with the decode error otherwise. */
    public static SipMessage message(String text) {
        Object r = datagram(text);
        if (r instanceof SipDecodeError) {
            ((SipDecodeError) r).release();
            throw new AssertionError("expected a message, got " + r);
        }
        return (SipMessage) r;
    }

    public static SipRequest request(String text) {
        return (SipRequest) message(text);
    }

    public static SipResponse response(String text) {
        return (SipResponse) message(text);
    }

    /** A decode error that must result; fails the test otherwise. */
    public static SipDecodeError error(String text) {
        Object r = datagram(text);
        if (!(r instanceof SipDecodeError)) {
            if (r instanceof SipMessage) {
                ((SipMessage) r).release();
            }
            throw new AssertionError("expected a decode error, got a message for:\n" + text);
        }
        return (SipDecodeError) r;
    }
}
