package io.sipgw.pipeline;

import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.transport.Flow;
import io.sipgw.testing.UdpSipClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.sipgw.testing.SipTestMessages.crlf;
import static io.sipgw.testing.TestRequests.options;
import static io.sipgw.testing.TestRequests.request;
import static io.sipgw.testing.TestRequests.via;
import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline on a real UDP socket on 127.0.0.1: OPTIONS, Via stamping, response routing, errors, 503s. */
class UdpPipelineTest {

    private final RecordingListener listener = new RecordingListener();
    private final UdpSipClient client = new UdpSipClient();
    private LoopbackGateway gateway;

    private LoopbackGateway start(PipelineSettings.Builder settings) throws InterruptedException {
        gateway = new LoopbackGateway(settings.listener(listener).build(), null);
        return gateway;
    }

    @AfterEach
    void stop() {
        client.close();
        if (gateway != null) {
            gateway.close();
        }
    }

    private String viaFromClient(String callId) {
        return via("UDP", "127.0.0.1:" + client.port(), callId, "");
    }

    @Test
    void optionsIsAnswered200WithAllowAcceptSupportedAndAToTag() throws Exception {
        int port = start(PipelineSettings.builder()).udpPort();

        String answer = client.exchange(options(viaFromClient("o1"), "o1"), port);

        assertThat(answer).startsWith("SIP/2.0 200 OK\r\n")
                .contains("\r\nAllow: INVITE, ACK, BYE, CANCEL, OPTIONS\r\n")
                .contains("\r\nAccept: application/sdp\r\n")
                .contains("\r\nSupported: \r\n")
                .contains("\r\nCall-ID: o1\r\n")
                .contains("\r\nCSeq: 1 OPTIONS\r\n")
                .containsPattern("\r\nTo: <sip:gw.example.com>;tag=[0-9a-f]{16}\r\n")
                .endsWith("\r\nContent-Length: 0\r\n\r\n");
        // Sent-by is the source address and there is no rport: the Via goes back exactly as it came.
        assertThat(answer).contains("\r\nVia: " + viaFromClient("o1") + "\r\n");
        assertThat(listener.events()).containsExactly("in UDP OPTIONS", "out UDP 200");
    }

    @Test
    void aDatagramLongerThanNettysDefaultBufferIsReadWhole() throws Exception {
        int port = start(PipelineSettings.builder()).udpPort();
        String filler = "X-Filler: " + "f".repeat(200) + "\r\n";
        String big = options(viaFromClient("big"), "big").replace("Max-Forwards: 70\r\n",
                "Max-Forwards: 70\r\n" + filler.repeat(40));
        assertThat(big.length()).isGreaterThan(8_000);

        String answer = client.exchange(big, port);

        assertThat(answer).startsWith("SIP/2.0 200 OK\r\n").contains("\r\nCall-ID: big\r\n");
    }

    @Test
    void rportSendsTheResponseToTheSourcePortAndAddsReceived() throws Exception {
        int port = start(PipelineSettings.builder()).udpPort();
        // A client behind a NAT: it believes it is client.invalid:5999, the packet comes from 127.0.0.1:<port>.
        String via = via("UDP", "client.invalid:5999", "r1", ";rport");

        String answer = client.exchange(options(via, "r1"), port);

        assertThat(answer).startsWith("SIP/2.0 200 OK\r\n").contains("\r\nVia: SIP/2.0/UDP client.invalid:5999"
                + ";branch=z9hG4bK-r1;rport=" + client.port() + ";received=127.0.0.1\r\n");
    }

    @Test
    void rportAddsReceivedEvenWhenTheSentByIsTheSourceAddress() throws Exception {
        int port = start(PipelineSettings.builder()).udpPort();
        String via = via("UDP", "127.0.0.1:" + client.port(), "r2", ";rport");

        String answer = client.exchange(options(via, "r2"), port);

        // RFC 3581 section 4.
        assertThat(answer).contains("\r\nVia: " + via + "=" + client.port() + ";received=127.0.0.1\r\n");
    }

    @Test
    void withoutRportTheResponseGoesToTheSentByPortOfTheSourceAddress() throws Exception {
        int port = start(PipelineSettings.builder()).udpPort();
        try (UdpSipClient other = new UdpSipClient()) {
            // Sent from client, but the Via names other's port: RFC 3261 section 18.2.2 answers the sent-by port.
            String via = via("UDP", "localhost:" + other.port(), "s1", "");
            client.send(options(via, "s1"), port);

            String answer = other.receive();

            assertThat(answer).startsWith("SIP/2.0 200 OK\r\n")
                    .contains("\r\nVia: " + via + ";received=127.0.0.1\r\n");
            assertThat(client.receive(200)).isNull();
        }
    }

    @Test
    void inviteIsAnswered503WithRetryAfterAndItsAckIsAbsorbed() throws Exception {
        int port = start(PipelineSettings.builder().retryAfterSeconds(17)).udpPort();

        String answer = client.exchange(request("INVITE", viaFromClient("i1"), "i1", null), port);
        client.send(request("ACK", viaFromClient("i1"), "i1", "t1"), port);
        String next = client.exchange(options(viaFromClient("i2"), "i2"), port);

        assertThat(answer).startsWith("SIP/2.0 503 Service Unavailable\r\n")
                .contains("\r\nRetry-After: 17\r\n")
                .containsPattern("\r\nTo: <sip:gw.example.com>;tag=[0-9a-f]+\r\n");
        assertThat(next).contains("\r\nCall-ID: i2\r\n");
        assertThat(listener.events()).containsExactly("in UDP INVITE", "out UDP 503", "in UDP ACK",
                "in UDP OPTIONS", "out UDP 200");
    }

    @Test
    void aSourceOverItsRateLimitGets503WithRetryAfterButItsDialogsGoOn() throws Exception {
        long[] now = {0};
        int port = start(PipelineSettings.builder()
                .rateLimiter(new SourceRateLimiter(1, 2, 10, 9, () -> now[0]))).udpPort();

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(client.exchange(options(viaFromClient("rl" + i), "rl" + i), port));
        }
        // In-dialog requests and CANCELs are never limited (here they find no dialog: 481).
        String bye = client.exchange(request("BYE", viaFromClient("rl-bye"), "rl-bye", "tag1"), port);
        String cancel = client.exchange(request("CANCEL", viaFromClient("rl-cancel"), "rl-cancel", null), port);

        assertThat(answers).extracting(a -> a.substring(0, a.indexOf("\r\n"))).containsExactly(
                "SIP/2.0 200 OK", "SIP/2.0 200 OK", "SIP/2.0 503 Service Unavailable",
                "SIP/2.0 503 Service Unavailable");
        assertThat(answers.get(3)).contains("\r\nRetry-After: 9\r\n", "\r\nCall-ID: rl3\r\n");
        assertThat(bye).startsWith("SIP/2.0 481 ");
        assertThat(cancel).startsWith("SIP/2.0 481 ");
        // Past its 503s too, the source is not answered at all.
        client.send(options(viaFromClient("rl-dropped"), "rl-dropped"), port);
        assertThat(client.receive(300)).isNull();
        assertThat(listener.events()).filteredOn(e -> e.startsWith("rate limited")).containsExactly(
                "rate limited UDP answered", "rate limited UDP answered", "rate limited UDP dropped");
        now[0] += 1_000_000_000L;
        assertThat(client.exchange(options(viaFromClient("rl5"), "rl5"), port)).startsWith("SIP/2.0 200 OK");
    }

    @Test
    void requestsOfUnknownDialogsAndCancelsGet481() throws Exception {
        int port = start(PipelineSettings.builder()).udpPort();

        String bye = client.exchange(request("BYE", viaFromClient("b1"), "b1", "gone"), port);
        String cancel = client.exchange(request("CANCEL", viaFromClient("c1"), "c1", null), port);

        assertThat(bye).startsWith("SIP/2.0 481 Call/Transaction Does Not Exist\r\n")
                .contains("\r\nTo: <sip:gw.example.com>;tag=gone\r\n");
        assertThat(cancel).startsWith("SIP/2.0 481 ");
    }

    @Test
    void aMalformedRequestGets400WithTheReasonAndGarbageIsDroppedThenTheNextIsAnswered() throws Exception {
        int port = start(PipelineSettings.builder()).udpPort();
        String noCallId = options(viaFromClient("m1"), "m1").replace("Call-ID: m1\r\n", "");

        String answer = client.exchange(noCallId, port);
        client.send("\u0001\u0002 not SIP at all\r\n\r\n".getBytes(StandardCharsets.UTF_8), port);
        client.send(request("ACK", viaFromClient("m2"), "m2", "t").replace("CSeq: 1 ACK", "CSeq: x"), port);
        String next = client.exchange(options(viaFromClient("m3"), "m3"), port);

        assertThat(answer).startsWith("SIP/2.0 400 Missing Call-ID\r\n").contains("\r\nCSeq: 1 OPTIONS\r\n");
        assertThat(next).startsWith("SIP/2.0 200 OK\r\n").contains("\r\nCall-ID: m3\r\n");
        assertThat(listener.events()).containsExactly("bad UDP Missing Call-ID answered", "out UDP 400",
                "bad UDP Control character in start line dropped", "bad UDP Bad CSeq dropped", "in UDP OPTIONS", "out UDP 200");
    }

    @Test
    void aViaWithBrokenParametersGets400BadVia() throws Exception {
        int port = start(PipelineSettings.builder()).udpPort();

        String answer = client.exchange(options(viaFromClient("v1") + ";=x", "v1"), port);

        assertThat(answer).startsWith("SIP/2.0 400 Bad Via\r\n");
        assertThat(listener.events()).containsExactly("in UDP OPTIONS", "bad UDP Bad Via answered", "out UDP 400");
    }

    @Test
    void responsesWithoutATransactionAreDroppedAndCounted() throws Exception {
        int port = start(PipelineSettings.builder()).udpPort();
        String response = crlf("SIP/2.0 200 OK\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-nobody\n"
                + "From: <sip:a@example.com>;tag=1\n"
                + "To: <sip:b@example.com>;tag=2\n"
                + "Call-ID: d1\n"
                + "CSeq: 1 OPTIONS\n"
                + "Content-Length: 0\n\n");

        client.send(response, port);
        client.exchange(options(viaFromClient("d2"), "d2"), port);

        assertThat(listener.events()).startsWith("in UDP 200", "dropped UDP 200 no matching transaction");
    }

    @Test
    void whileDrainingANewInviteGets503AndNeverReachesTheEndpoint() throws Exception {
        AtomicBoolean draining = new AtomicBoolean();
        List<String> seen = new ArrayList<>();
        SipEndpoint endpoint = new SipEndpoint() {
            @Override
            public void onRequest(SipRequest request, Flow flow) {
                seen.add(request.method().name());
                Replies.send(request, flow, Replies.to(request, 486, null));
            }

            @Override
            public void onResponse(SipResponse response, Flow flow) {
                seen.add(Integer.toString(response.status()));
            }
        };
        int port = start(PipelineSettings.builder().endpoint(endpoint).draining(draining::get)
                .retryAfterSeconds(60)).udpPort();

        String before = client.exchange(request("INVITE", viaFromClient("n1"), "n1", null), port);
        draining.set(true);
        String during = client.exchange(request("INVITE", viaFromClient("n2"), "n2", null), port);
        String inDialog = client.exchange(request("INVITE", viaFromClient("n3"), "n3", "t3"), port);
        String options = client.exchange(options(viaFromClient("n4"), "n4"), port);

        assertThat(before).startsWith("SIP/2.0 486 Busy Here\r\n");
        assertThat(during).startsWith("SIP/2.0 503 Service Unavailable\r\n").contains("\r\nRetry-After: 60\r\n");
        assertThat(inDialog).startsWith("SIP/2.0 486 ");
        assertThat(options).startsWith("SIP/2.0 200 OK\r\n");
        assertThat(seen).containsExactly("INVITE", "INVITE");
    }

    @Test
    void theEndpointGetsTheStampedRequestAndTheFlowAndAnExceptionStopsNothing() throws Exception {
        List<String> seen = new ArrayList<>();
        SipEndpoint endpoint = new SipEndpoint() {
            @Override
            public void onRequest(SipRequest request, Flow flow) {
                seen.add(request.topVia() + " from " + flow);
                // Two bugs at once: it releases what it does not own, then throws.
                request.release();
                throw new IllegalStateException("endpoint bug");
            }

            @Override
            public void onResponse(SipResponse response, Flow flow) {
            }
        };
        int port = start(PipelineSettings.builder().endpoint(endpoint)).udpPort();

        client.send(request("MESSAGE", via("UDP", "client.invalid", "e1", ";rport"), "e1", null), port);
        String next = client.exchange(options(viaFromClient("e2"), "e2"), port);

        assertThat(next).startsWith("SIP/2.0 200 OK\r\n");
        assertThat(seen).containsExactly("SIP/2.0/UDP client.invalid;branch=z9hG4bK-e1;rport=" + client.port()
                + ";received=127.0.0.1 from UDP 127.0.0.1:" + port + " <-> 127.0.0.1:" + client.port());
    }
}
