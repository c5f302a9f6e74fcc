package io.sipgw.transaction;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.sip.SipResponseBuilder;
import io.sipgw.testing.Parse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.sipgw.testing.SipTestMessages.crlf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table on a manual clock with a UDP and a TCP recording transport, and the messages of the tests; received
 * messages made here are released by {@link #close()}.
 */
final class Harness implements AutoCloseable {

    static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    /** Our INVITE to Twilio: the top Via is ours, with Route headers from a preloaded route set. */
    static final String OUR_VIA = "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-gw-1;rport";
    /** Meta's INVITE to us. */
    static final String THEIR_VIA = "SIP/2.0/UDP [2a03:2880:f22d:1c0::face:b00c]:5060;branch=z9hG4bK-wa-7f3a91c2;rport";

    final ManualTimerService clock = new ManualTimerService();
    final TransactionTable table = new TransactionTable(TransactionTimers.DEFAULT, clock, ALLOC);
    final RecordingTransport udp = new RecordingTransport(false, clock);
    final RecordingTransport tcp = new RecordingTransport(true, clock);
    final RecordingListener listener = new RecordingListener();
    private final List<SipMessage> received = new ArrayList<>();

    /** An INVITE from the gateway with {@code via} on top, two Route headers and an SDP body. */
    static SipRequest ourInvite(String via) {
        String sdp = crlf("v=0\no=- 1 1 IN IP4 192.0.2.10\ns=-\nc=IN IP4 192.0.2.10\nt=0 0\nm=audio 4000 RTP/AVP 0\n");
        return Parse.request(crlf("INVITE sip:+15550001111@example.sip.twilio.com SIP/2.0\n"
                + "Via: " + via + "\n"
                + "Route: <sip:edge1.example.com;lr>\n"
                + "Route: <sip:edge2.example.com;lr>\n"
                + "Max-Forwards: 69\n"
                + "From: \"15557654321\" <sip:+15557654321@gw.example.com>;tag=gw-3b8f\n"
                + "To: <sip:+15550001111@example.sip.twilio.com>\n"
                + "Call-ID: c-1@gw.example.com\n"
                + "CSeq: 7 INVITE\n"
                + "Contact: <sip:gw@192.0.2.10:5060>\n"
                + "Content-Type: application/sdp\n"
                + "Content-Length: " + sdp.length() + "\n"
                + "\n") + sdp);
    }

    /** A request without body; {@code toTag} {@code null} for one outside a dialog. */
    static SipRequest request(String method, String via, String toTag, long cseq) {
        return Parse.request(crlf(method + " sip:+15550001111@gw.example.com SIP/2.0\n"
                + "Via: " + via + "\n"
                + "Max-Forwards: 70\n"
                + "From: <sip:+15557654321@wa.meta.vc>;tag=wa-3b8f21\n"
                + "To: <sip:+15550001111@gw.example.com>" + (toTag == null ? "" : ";tag=" + toTag) + "\n"
                + "Call-ID: outgoing:wacid.HBgLMTU1NTc2\n"
                + "CSeq: " + cseq + " " + method + "\n"
                + "Content-Length: 0\n"
                + "\n"));
    }

    /** A response to {@code request}, with a To tag unless {@code toTag} is null; the caller owns it. */
    static SipResponse response(SipRequest request, int status, String toTag) {
        SipResponseBuilder b = SipResponseBuilder.forRequest(request, status, null);
        if (toTag != null) {
            b.toTag(toTag);
        }
        return b.build(ALLOC);
    }

    /**
     * A reference of our own to {@code message} (e.g. a transaction's request, which it releases at its final
     * response), released when the harness closes.
     */
    <M extends SipMessage> M keep(M message) {
        message.retain();
        return received(message);
    }

    /** A received message, released when the harness closes. */
    <M extends SipMessage> M received(M message) {
        received.add(message);
        return message;
    }

    /** A response received for {@code request}, released when the harness closes. */
    SipResponse receivedResponse(SipRequest request, int status, String toTag) {
        return received(response(request, status, toTag));
    }

    /** A request received from Meta, released when the harness closes. */
    SipRequest receivedRequest(String method, String via, String toTag, long cseq) {
        return received(request(method, via, toTag, cseq));
    }

    /** Checks that {@code t} terminated and that nothing is left: no transaction in the table, no timer pending. */
    void assertGone(ServerTransaction t) {
        assertThat(t.isTerminated()).isTrue();
        assertIdle();
    }

    /** See {@link #assertGone(ServerTransaction)}. */
    void assertGone(ClientTransaction t) {
        assertThat(t.isTerminated()).isTrue();
        assertIdle();
    }

    private void assertIdle() {
        assertThat(table.size()).as("transactions in the table").isZero();
        assertThat(clock.pendingCount()).as("timers pending").isZero();
    }

    void advance(double seconds) {
        clock.advance(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    /**
     * Lets an hour pass, so that every transaction that can end on its own does, checks that the test left none
     * behind, and releases what was sent and received.
     */
    @Override
    public void close() {
        clock.advance(Duration.ofHours(1));
        int left = table.size();
        int pending = clock.pendingCount();
        udp.close();
        tcp.close();
        for (SipMessage m : received) {
            m.release();
        }
        received.clear();
        assertThat(left).as("transactions left in the table").isZero();
        assertThat(pending).as("timers left pending").isZero();
    }
}
