package io.sipgw.call;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.sip.SipResponseBuilder;
import io.sipgw.testing.Parse;
import io.sipgw.testing.SipTestMessages;
import io.sipgw.transaction.ManualTimerService;
import io.sipgw.transaction.TransactionTable;
import io.sipgw.transaction.TransactionTimers;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One loop's B2BUA without sockets, for the tests of both directions: the caller side's messages go to
 * {@link #caller}, the callee side's to {@link #callee} (its {@link CallTransport} too), a manual clock.
 */
final class B2buaFixture implements AutoCloseable {

    static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    static final InetAddress META = address("127.0.0.2");
    static final InetAddress TWILIO = address("127.0.0.3");
    static final String TWILIO_ANSWER = SipTestMessages.crlf("v=0\n"
            + "o=root 1 1 IN IP4 168.86.128.10\n"
            + "s=Twilio Media Gateway\n"
            + "c=IN IP4 168.86.128.10\n"
            + "t=0 0\n"
            + "m=audio 16018 RTP/SAVP 0 126\n"
            + "a=rtpmap:0 PCMU/8000\n"
            + "a=rtpmap:126 telephone-event/8000\n"
            + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:dHdpbGlvYW5zd2Vya2V5bWF0ZXJpYWwwMTIzNDU2Nzg5\n"
            + "a=rtcp-mux\n"
            + "a=sendrecv\n");

    final ManualTimerService clock = new ManualTimerService();
    final TransactionTable transactions = new TransactionTable(TransactionTimers.DEFAULT, clock, ALLOC);
    final RecordingTransport caller = new RecordingTransport();
    final RecordingTransport callee = new RecordingTransport();
    final List<String> events = new ArrayList<>();
    final B2bua b2bua;

    B2buaFixture(RoutingPolicy routing) {
        this(routing, CallCapacity.defaults());
    }

    B2buaFixture(RoutingPolicy routing, CallCapacity capacity) {
        b2bua = new B2bua(0, new CallSettings(CallSettings.presence("gw.example.com", 5061, "TLS"),
                CallSettings.presence("gw.example.com", 5060, "UDP"), Duration.ofSeconds(20), capacity), routing,
                callee,
                transactions, clock, new CallEvents() {
                    @Override
                    public void refused(String cause) {
                        events.add("refused " + cause);
                    }

                    @Override
                    public void started(String callId) {
                        events.add("started " + callId);
                    }

                    @Override
                    public void ended(String callId, String reason, Duration total, Duration talk) {
                        events.add("ended " + callId + " " + reason);
                    }
                }, ALLOC);
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request from the caller side, arriving from {@code source}. */
    void fromCaller(String text, InetAddress source) {
        SipRequest request = Parse.request(text);
        try {
            b2bua.onRequest(request, source, caller);
        } finally {
            request.release();
        }
    }

    /** A message from the callee side (taken over). */
    void fromCallee(SipMessage message) {
        try {
            if (message instanceof SipResponse response) {
                b2bua.onResponse(response);
            } else {
                b2bua.onRequest((SipRequest) message, TWILIO, callee);
            }
        } finally {
            message.release();
        }
    }

    /** The {@code n}-th request the callee side got (from 0), skipping ACKs of failures. */
    SipRequest calleeRequest(String method, int n) {
        return (SipRequest) callee.sent().stream()
                .filter(m -> m instanceof SipRequest r && r.method().toString().equals(method))
                .skip(n).findFirst().orElseThrow(() -> new AssertionError("no " + method + " #" + n + " in "
                        + callee.startLines()));
    }

    /** A response of the callee side to {@code request}, with To tag {@code tag}, and extra headers. */
    static SipResponse respond(SipRequest request, int status, String tag, String... headers) {
        SipResponseBuilder b = SipResponseBuilder.forRequest(request, status, null);
        if (tag != null) {
            b.toTag(tag);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.addHeader(headers[i], headers[i + 1]);
        }
        if (status == 200 && request.method().toString().equals("INVITE")) {
            b.addHeader(SipHeaderName.CONTACT, "<sip:172.18.0.1:5060>")
                    .body("application/sdp", TWILIO_ANSWER.getBytes(StandardCharsets.US_ASCII));
        }
        return b.build(ALLOC);
    }

    @Override
    public void close() {
        // Every transaction ends on its timers and lets go of its messages.
        clock.advance(Duration.ofMinutes(5));
        assertThat(transactions.size()).as("transactions").isZero();
        caller.close();
        callee.close();
    }
}
