package io.sipgw.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.codec.SipCodecLimits;
import io.sipgw.sip.codec.SipDatagramDecoder;
import io.sipgw.sip.codec.SipDecodeError;
import io.sipgw.sip.codec.SipParser;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated messages parsed as datagrams: each gives a message, a decode error or nothing (a keep-alive), never an
 * exception, and every buffer is freed (the paranoid leak detector fails the class otherwise).
 */
class SipDatagramFuzzTest {

    private static final InetSocketAddress SENDER = new InetSocketAddress("2001:db8::9", 5060);
    private static final InetSocketAddress RECIPIENT = new InetSocketAddress("192.0.2.1", 5060);

    /**
     * 150,000 datagrams a run: 10 s of CPU on the 2-core build machine, up to 25 s of wall time while other builds
     * share it. Most of it goes to the paranoid leak detector recording every retain and release.
     */
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
        SipCodecLimits limits = FuzzInputs.limits(choices);
        // A receive buffer much larger than the message makes the parser copy the message out of it.
        int capacity = choices.nextBoolean() ? input.length : 64 * 1024;
        ByteBuf datagram = PooledByteBufAllocator.DEFAULT.heapBuffer(input.length, Math.max(input.length, capacity));
        datagram.writeBytes(input);
        if (capacity > input.length) {
            datagram.capacity(capacity);
        }
        Object result = choices.nextInt(16) == 0 ? throughDecoder(limits, datagram) : parse(limits, datagram);
        String kind = kind(result);
        CleanResults.checkAndRelease(result);
        return kind;
    }

    private static Object parse(SipCodecLimits limits, ByteBuf datagram) {
        try {
            return new SipParser(limits).parseDatagram(datagram);
        } finally {
            datagram.release();
        }
    }

    /** Decodes the datagram with the channel handler, which keeps the addresses on the result. */
    private static Object throughDecoder(SipCodecLimits limits, ByteBuf datagram) {
        EmbeddedChannel channel = new EmbeddedChannel(new SipDatagramDecoder(limits));
        try {
            channel.writeInbound(new DatagramPacket(datagram, RECIPIENT, SENDER));
            AddressedEnvelope<?, ?> envelope = channel.readInbound();
            if (envelope == null) {
                return null;
            }
            CleanResults.check(SENDER.equals(envelope.sender()) && RECIPIENT.equals(envelope.recipient()),
                    "addresses lost: " + envelope);
            CleanResults.check(channel.readInbound() == null, "two results from one datagram");
            return envelope.content();
        } finally {
            channel.finishAndReleaseAll();
        }
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
