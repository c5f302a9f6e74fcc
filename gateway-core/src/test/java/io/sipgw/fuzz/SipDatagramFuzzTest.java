package io.sipgw.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.codec.SipDecodeError;
import io.sipgw.sip.codec.SipParser;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated messages parsed as datagrams: each gives a message, a decode error or nothing (a keep-alive), never an
 * exception, and every buffer is freed (the paranoid leak detector fails the class otherwise).
 */
class SipDatagramFuzzTest {

    /** 150,000 inputs: about 20 s on the 2-core build machine. */
    @Test
    void everyDatagramDecodesToACleanResult() {
        Map<String, Integer> kinds = FuzzProperty.named("datagram parse", 150_000)
                .run(FuzzInputs::sipMessage, SipDatagramFuzzTest::parseDatagram);
        // Each kind of result must occur, or the inputs do not reach what the property is about.
        assertThat(kinds).as("results").containsKeys("request", "response", "error 400", "error 513",
                "answerable error");
    }

    /** Parses one datagram and checks the result; returns its kind. */
    private static String parseDatagram(byte[] input, SplittableRandom choices) {
        SipParser parser = new SipParser(FuzzInputs.limits(choices));
        // A receive buffer much larger than the message makes the parser copy the message out of it.
        int capacity = choices.nextBoolean() ? input.length : 64 * 1024;
        ByteBuf datagram = PooledByteBufAllocator.DEFAULT.heapBuffer(input.length, Math.max(input.length, capacity));
        datagram.writeBytes(input);
        if (capacity > input.length) {
            datagram.capacity(capacity);
        }
        Object result;
        try {
            result = parser.parseDatagram(datagram);
        } finally {
            datagram.release();
        }
        String kind = kind(result);
        CleanResults.checkAndRelease(result);
        return kind;
    }

    private static String kind(Object result) {
        if (result instanceof SipDecodeError) {
            SipDecodeError error = (SipDecodeError) result;
            return error.isAnswerable() ? "answerable error" : "error " + error.status();
        }
        if (result instanceof SipMessage) {
            return ((SipMessage) result).isRequest() ? "request" : "response";
        }
        return "keep-alive";
    }
}
