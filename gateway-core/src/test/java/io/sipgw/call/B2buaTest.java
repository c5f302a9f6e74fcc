package io.sipgw.call;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.sipgw.pipeline.SdpRewriteHandler;
import io.sipgw.sdp.MediaPolicy;
import io.sipgw.sdp.MediaPolicyConfig;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The B2BUA of one loop without sockets: transports that record, a manual clock. */
class B2buaTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final String ANSWER = B2buaFixture.TWILIO_ANSWER;

    private final ManualTimerService clock = new ManualTimerService();
    private final TransactionTable transactions = new TransactionTable(TransactionTimers.DEFAULT, clock, ALLOC);
    private final RecordingTransport meta = new RecordingTransport();
    private final RecordingTransport twilio = new RecordingTransport();
    private final List<String> events = new ArrayList<>();
    private final InetAddress metaAddress = InetAddress.getLoopbackAddress();
    private final B2bua b2bua = new B2bua(3,
            new CallSettings(CallSettings.presence("gw.example.com", 5061, "TLS"),
                    CallSettings.presence("gw.example.com", 5060, "UDP"), Duration.ofSeconds(20)),
            new TwilioRouting(metaAddress::equals, "example.sip.twilio.com", -1, "support", "gw.example.com",
                    new SdpRewriteHandler(new MediaPolicy(MediaPolicyConfig.defaults("gw.example.com")))),
            twilio, transactions, clock, new CallEvents() {
                @Override
                public void started(String callId) {
                    events.add("started " + callId);
                }

                @Override
                public void answered(String callId, Duration setup) {
                    events.add("answered " + callId);
                }

                @Override
                public void ended(String callId, String reason, Duration total, Duration talk) {
                    events.add("ended " + callId + " " + reason);
                }
            }, ALLOC);

    @AfterEach
    void release() {
        // Every transaction ends on its timers and lets go of its messages.
        clock.advance(Duration.ofMinutes(5));
        assertThat(transactions.size()).isZero();
        meta.close();
        twilio.close();
    }

    private void fromMeta(String text) {
        SipRequest request = Parse.request(text);
        try {
            b2bua.onRequest(request, metaAddress, meta);
        } finally {
            request.release();
        }
    }

    private void fromTwilio(SipMessage message) {
        try {
            if (message instanceof SipResponse response) {
                b2bua.onResponse(response);
            } else {
                b2bua.onRequest((SipRequest) message, InetAddress.getLoopbackAddress(), twilio);
            }
        } finally {
            message.release();
        }
    }

    private SipRequest calleeInvite() {
        return (SipRequest) twilio.sent().get(0);
    }

    private SipResponse twilioAnswer(int status) {
        SipResponseBuilder b = SipResponseBuilder.forRequest(calleeInvite(), status, null).toTag("tw")
                .addHeader(SipHeaderName.CONTACT, "<sip:172.18.0.1:5060>");
        if (status == 200) {
            b.body("application/sdp", ANSWER.getBytes(StandardCharsets.US_ASCII));
        }
        return b.build(ALLOC);
    }

    @Test
    void theCalleeInviteGoesToTheConfiguredDestinationWithANewDialog() {
        fromMeta(SipTestMessages.META_INVITE);

        assertThat(meta.startLines()).containsExactly("SIP/2.0 100 Trying");
        SipRequest invite = calleeInvite();
        assertThat(invite.startLine()).isEqualTo("INVITE sip:support@example.sip.twilio.com SIP/2.0");
        assertThat(twilio.targets()).containsExactly("sip:support@example.sip.twilio.com");
        assertThat(invite.header(SipHeaderName.TO)).isEqualTo("<sip:support@example.sip.twilio.com>");
        assertThat(invite.callId()).startsWith("gw3.");
        assertThat(CallIds.shardOf(invite.callId(), 4)).isEqualTo(3);
        assertThat(invite.topVia().toString()).startsWith("SIP/2.0/UDP gw.example.com:5060;branch=z9hG4bK");
        assertThat(b2bua.calls().size()).isEqualTo(1);
        assertThat(b2bua.calls().find(invite.callId())).isSameAs(b2bua.calls().find(
                "outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3"));
        assertThat(events).containsExactly("started outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3");
    }

    @Test
    void aRetransmittedInviteStartsNoSecondCalleeTransaction() {
        fromMeta(SipTestMessages.META_INVITE);
        fromMeta(SipTestMessages.META_INVITE);

        assertThat(twilio.startLines()).containsExactly("INVITE sip:support@example.sip.twilio.com SIP/2.0");
        // RFC 3261 17.2.1: the retransmission is answered with the last response, the 100.
        assertThat(meta.startLines()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 100 Trying");
        assertThat(b2bua.calls().size()).isEqualTo(1);
    }

    @Test
    void aNewInviteReusingTheCallIdOfALiveCallIsAnswered482AndLeavesTheCallAlone() {
        fromMeta(SipTestMessages.META_INVITE);
        Call live = b2bua.calls().find("outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3");

        // RFC 3261 8.2.2.2: same Call-ID, From tag and CSeq, no To tag, but another branch: a merged request.
        fromMeta(SipTestMessages.META_INVITE.replace("branch=z9hG4bK-wa-7f3a91c2", "branch=z9hG4bK-wa-other"));

        assertThat(meta.startLines()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 482 Loop Detected");
        assertThat(twilio.startLines()).containsExactly("INVITE sip:support@example.sip.twilio.com SIP/2.0");
        assertThat(b2bua.calls().size()).isEqualTo(1);
        assertThat(b2bua.calls().find("outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3")).isSameAs(live);
        assertThat(b2bua.calls().find(calleeInvite().callId())).isSameAs(live);
        assertThat(events).containsExactly("started outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3");
    }

    @Test
    void tenThousandCallsBackToBackLeaveNoCallTransactionOrTimer() {
        for (int i = 0; i < 10_000; i++) {
            String callId = "wa-" + i;
            fromMeta(SipTestMessages.META_INVITE
                    .replace("outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3", callId)
                    .replace("branch=z9hG4bK-wa-7f3a91c2", "branch=z9hG4bK-" + callId));
            SipRequest invite = (SipRequest) twilio.last();
            fromTwilio(SipResponseBuilder.forRequest(invite, 200, null).toTag("tw")
                    .addHeader(SipHeaderName.CONTACT, "<sip:172.18.0.1:5060>")
                    .body("application/sdp", ANSWER.getBytes(StandardCharsets.US_ASCII)).build(ALLOC));
            String to = meta.last().header(SipHeaderName.TO);
            fromMeta(inDialogFromMeta("ACK", callId, to, 1));
            fromMeta(inDialogFromMeta("BYE", callId, to, 2));
            fromTwilio(SipResponseBuilder.forRequest((SipRequest) twilio.last(), 200, null).build(ALLOC));
            meta.close();
            twilio.close();
        }
        assertThat(b2bua.calls().size()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(transactions.size()).isZero();
        assertThat(clock.pendingCount()).isZero();
        assertThat(events).hasSize(30_000).last().asString().endsWith(" caller-bye");
    }

    private static String inDialogFromMeta(String method, String callId, String to, int cseq) {
        return SipTestMessages.crlf(method + " sip:gw.example.com:5061;transport=tls SIP/2.0\n"
                + "Via: SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-" + callId + "-" + cseq + "\n"
                + "Max-Forwards: 70\n"
                + "From: \"15557654321\" <sip:+15557654321@wa.meta.vc>;tag=wa-3b8f21\n"
                + "To: " + to + "\n"
                + "Call-ID: " + callId + "\n"
                + "CSeq: " + cseq + " " + method + "\n"
                + "Content-Length: 0\n\n");
    }

    @Test
    void aByeFromMetaBeforeItsAckStillAcksTwiliosAnswerBeforeTheBye() {
        fromMeta(SipTestMessages.META_INVITE);
        fromTwilio(twilioAnswer(200));
        fromMeta(inDialogFromMeta("BYE", "outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3",
                meta.last().header(SipHeaderName.TO), 2));

        assertThat(twilio.startLines()).containsExactly("INVITE sip:support@example.sip.twilio.com SIP/2.0",
                "ACK sip:172.18.0.1:5060 SIP/2.0", "BYE sip:172.18.0.1:5060 SIP/2.0");
        assertThat(meta.last().startLine()).isEqualTo("SIP/2.0 200 OK");
        assertThat(b2bua.calls().size()).isZero();
        fromTwilio(SipResponseBuilder.forRequest((SipRequest) twilio.last(), 200, null).build(ALLOC));
    }

    @Test
    void maxForwardsZeroIsAnswered483() {
        fromMeta(SipTestMessages.META_INVITE.replace("Max-Forwards: 70", "Max-Forwards: 0"));

        assertThat(meta.startLines()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 483 Too Many Hops");
        assertThat(twilio.sent()).isEmpty();
        assertThat(b2bua.calls().size()).isZero();
    }

    @Test
    void aDtlsOfferIsRefused488WithAWarning() {
        String dtls = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                + "m=audio 4000 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n"
                + "a=fingerprint:sha-256 AB:CD\r\na=setup:actpass\r\n";
        String invite = SipTestMessages.META_INVITE.substring(0, SipTestMessages.META_INVITE.indexOf("\r\n\r\n"))
                .replaceAll("Content-Length: \\d+", "Content-Length: " + dtls.length()) + "\r\n\r\n" + dtls;
        fromMeta(invite);

        assertThat(meta.startLines()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 488 Not Acceptable Here");
        assertThat(meta.last().header(SipHeaderName.WARNING)).isNotNull();
        assertThat(twilio.sent()).isEmpty();
        assertThat(b2bua.calls().size()).isZero();
    }

    @Test
    void aRedirectIsRelayedAs480() {
        fromMeta(SipTestMessages.META_INVITE);
        fromTwilio(twilioAnswer(302));

        assertThat(meta.startLines()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 480 Temporarily Unavailable");
        assertThat(b2bua.calls().size()).isZero();
        assertThat(events).last().asString().endsWith(" rejected-302");
    }

    /** INVITE, Twilio's 200, Meta's ACK: a confirmed call on both legs. */
    private void confirmedCall() {
        fromMeta(SipTestMessages.META_INVITE);
        fromTwilio(twilioAnswer(200));
        SipRequest metaAck = Parse.request(SipTestMessages.crlf("ACK sip:gw.example.com:5061;transport=tls SIP/2.0\n"
                + "Via: SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-wa-ack\n"
                + "Max-Forwards: 70\n"
                + "From: \"15557654321\" <sip:+15557654321@wa.meta.vc>;tag=wa-3b8f21\n"
                + "To: " + meta.last().header(SipHeaderName.TO) + "\n"
                + "Call-ID: outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3\n"
                + "CSeq: 1 ACK\n"
                + "Content-Length: 0\n\n"));
        try {
            b2bua.onRequest(metaAck, metaAddress, meta);
        } finally {
            metaAck.release();
        }
        assertThat(twilio.startLines()).containsExactly("INVITE sip:support@example.sip.twilio.com SIP/2.0",
                "ACK sip:172.18.0.1:5060 SIP/2.0");
    }

    @Test
    void metasByeLendsItsCallDurationToTwiliosBye() {
        confirmedCall();
        fromMeta(SipTestMessages.crlf("BYE sip:gw.example.com:5061;transport=tls SIP/2.0\n"
                + "Via: SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-wa-bye\n"
                + "Max-Forwards: 70\n"
                + "From: \"15557654321\" <sip:+15557654321@wa.meta.vc>;tag=wa-3b8f21\n"
                + "To: " + meta.sent().get(1).header(SipHeaderName.TO) + "\n"
                + "Call-ID: outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3\n"
                + "CSeq: 2 BYE\n"
                + "x-wa-meta-call-duration: 42\n"
                + "X-FB-Reason: hangup\n"
                + "Content-Length: 0\n\n"));

        SipRequest bye = (SipRequest) twilio.last();
        assertThat(bye.startLine()).isEqualTo("BYE sip:172.18.0.1:5060 SIP/2.0");
        assertThat(bye.header("x-wa-meta-call-duration")).isEqualTo("42");
        assertThat(bye.header("X-FB-Reason")).isNull();
        fromTwilio(SipResponseBuilder.forRequest(bye, 200, null).build(ALLOC));
    }

    @Test
    void aReInviteFromMetaIsBridgedToTwilioWithItsOwnCSeq() {
        confirmedCall();
        String reInvite = SipTestMessages.META_INVITE
                .replace("branch=z9hG4bK-wa-7f3a91c2", "branch=z9hG4bK-wa-re")
                .replace("To: <sip:+15550001111@gw.example.com>",
                        "To: " + meta.sent().get(1).header(SipHeaderName.TO))
                .replace("CSeq: 1 INVITE", "CSeq: 2 INVITE");
        fromMeta(reInvite);

        SipRequest toTwilio = (SipRequest) twilio.last();
        assertThat(toTwilio.startLine()).isEqualTo("INVITE sip:172.18.0.1:5060 SIP/2.0");
        assertThat(toTwilio.header(SipHeaderName.CSEQ)).isEqualTo("2 INVITE");
        assertThat(toTwilio.callId()).isEqualTo(calleeInvite().callId());
        assertThat(toTwilio.bodyAsString()).doesNotContain("opus");

        SipResponse ok = SipResponseBuilder.forRequest(toTwilio, 200, null)
                .addHeader(SipHeaderName.CONTACT, "<sip:172.18.0.1:5060>")
                .body("application/sdp", ANSWER.getBytes(StandardCharsets.US_ASCII)).build(ALLOC);
        fromTwilio(ok);

        assertThat(twilio.last().startLine()).isEqualTo("ACK sip:172.18.0.1:5060 SIP/2.0");
        assertThat(twilio.last().header(SipHeaderName.CSEQ)).isEqualTo("2 ACK");
        SipMessage answer = meta.last();
        assertThat(answer.startLine()).isEqualTo("SIP/2.0 200 OK");
        assertThat(answer.header(SipHeaderName.CSEQ)).isEqualTo("2 INVITE");
        assertThat(answer.bodyAsString()).contains("m=audio 16018 RTP/SAVP 0 126");
    }

    @Test
    void anInfoFromMetaIsRelayedToTwilioAndItsAnswerComesBack() {
        confirmedCall();
        String info = inDialogFromMeta("INFO", "outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3",
                meta.sent().get(1).header(SipHeaderName.TO), 2);
        fromMeta(info.replace("Content-Length: 0\r\n", "Info-Package: dtmf\r\nContent-Length: 0\r\n"));

        SipRequest relayed = (SipRequest) twilio.last();
        assertThat(relayed.startLine()).isEqualTo("INFO sip:172.18.0.1:5060 SIP/2.0");
        assertThat(relayed.header(SipHeaderName.CSEQ)).isEqualTo("2 INFO");
        assertThat(relayed.header("Info-Package")).isEqualTo("dtmf");
        assertThat(relayed.callId()).isEqualTo(calleeInvite().callId());

        fromTwilio(SipResponseBuilder.forRequest(relayed, 200, null).build(ALLOC));
        assertThat(meta.last().startLine()).isEqualTo("SIP/2.0 200 OK");
        assertThat(meta.last().header(SipHeaderName.CSEQ)).isEqualTo("2 INFO");
    }

    /** Twilio's re-INVITE in the callee dialog, CSeq {@code cseq}, offering {@code sdp}. */
    private String twilioReInvite(int cseq, String sdp) {
        SipRequest invite = calleeInvite();
        return SipTestMessages.crlf("INVITE sip:gw.example.com:5060 SIP/2.0\n"
                + "Via: SIP/2.0/UDP 172.18.0.1:5060;branch=z9hG4bK-tw-" + cseq + "\n"
                + "Max-Forwards: 70\n"
                + "From: " + invite.header(SipHeaderName.TO) + ";tag=tw\n"
                + "To: " + invite.header(SipHeaderName.FROM) + "\n"
                + "Call-ID: " + invite.callId() + "\n"
                + "CSeq: " + cseq + " INVITE\n"
                + "Content-Type: application/sdp\n"
                + "Content-Length: " + sdp.length() + "\n\n") + sdp;
    }

    @Test
    void aReInviteFromTwilioThatMovesItsMediaIsRefused488() {
        confirmedCall();
        fromTwilio(Parse.request(twilioReInvite(8, ANSWER.replace("m=audio 16018", "m=audio 17000"))));

        assertThat(twilio.last().startLine()).isEqualTo("SIP/2.0 488 Not Acceptable Here");
    }

    @Test
    void aReInviteFromTwilioIsAnsweredWithTheSdpItAlreadyHasAndNeverReachesMeta() {
        confirmedCall();
        int toMeta = meta.sent().size();

        fromTwilio(Parse.request(twilioReInvite(7, ANSWER)));

        SipMessage ok = twilio.last();
        assertThat(ok.startLine()).isEqualTo("SIP/2.0 200 OK");
        assertThat(ok.header(SipHeaderName.CSEQ)).isEqualTo("7 INVITE");
        assertThat(ok.bodyAsString()).contains("m=audio 40012 RTP/SAVP 0 8 126").doesNotContain("opus");
        assertThat(meta.sent()).hasSize(toMeta);
        assertThat(events).containsExactly(
                "started outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3",
                "answered outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3");
    }

    @Test
    void noResponseAtAllIs408AndEverythingIsForgotten() {
        fromMeta(SipTestMessages.META_INVITE);
        // The ring timeout (20 s here) comes before Timer B (64*T1, RFC 3261 17.1.1.2), which then ends the INVITE.
        clock.advance(Duration.ofSeconds(40));

        assertThat(meta.startLines()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 408 Request Timeout");
        assertThat(events).last().asString().endsWith(" ring-timeout");
        clock.advance(Duration.ofMinutes(1));
        assertThat(b2bua.calls().size()).isZero();
        assertThat(transactions.size()).isZero();
        assertThat(clock.pendingCount()).isZero();
    }

    @Test
    void noAnswerWithinTheRingTimeoutIs408ToMetaAndACancelToTwilio() {
        fromMeta(SipTestMessages.META_INVITE);
        fromTwilio(SipResponseBuilder.forRequest(calleeInvite(), 180, null).toTag("tw").build(ALLOC));
        clock.advance(Duration.ofSeconds(20));

        assertThat(meta.startLines()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 180 Ringing",
                "SIP/2.0 408 Request Timeout");
        assertThat(twilio.last().startLine()).isEqualTo("CANCEL sip:support@example.sip.twilio.com SIP/2.0");
        assertThat(b2bua.calls().size()).isZero();
        assertThat(events).last().asString().endsWith(" ring-timeout");

        // Twilio never answers the CANCEL's INVITE: it is given up 64*T1 later (RFC 3261 9.1), nothing remains.
        clock.advance(TransactionTimers.DEFAULT.timerB());
        assertThat(transactions.size()).isZero();
        assertThat(clock.pendingCount()).isZero();
    }

    @Test
    void aCancelBeforeAnyProvisionalWaitsForTheFirstOne() {
        fromMeta(SipTestMessages.META_INVITE);
        fromMeta(SipTestMessages.META_INVITE.replace("INVITE sip:", "CANCEL sip:")
                .replace("CSeq: 1 INVITE", "CSeq: 1 CANCEL")
                .replaceAll("(?s)Content-Type: application/sdp.*", "Content-Length: 0\r\n\r\n"));
        assertThat(meta.startLines()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 200 OK",
                "SIP/2.0 487 Request Terminated");
        assertThat(twilio.startLines()).hasSize(1);

        fromTwilio(SipResponseBuilder.forRequest(calleeInvite(), 180, null).toTag("tw").build(ALLOC));
        assertThat(twilio.last().startLine()).startsWith("CANCEL ");
        fromTwilio(SipResponseBuilder.forRequest(calleeInvite(), 487, null).toTag("tw").build(ALLOC));
        assertThat(b2bua.calls().size()).isZero();
        assertThat(events).last().asString().endsWith(" cancelled");
    }

    /** The soak's leak: SIPp gave up on a ringing call with a CANCEL, and its side of the callee never spoke again. */
    @Test
    void aCancelledCallEndsAtOnceEvenWhenTheCalleeNeverAnswersAgain() {
        fromMeta(SipTestMessages.META_INVITE);
        fromTwilio(SipResponseBuilder.forRequest(calleeInvite(), 180, null).toTag("tw").build(ALLOC));
        fromMeta(metaCancel());

        assertThat(meta.startLines()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 180 Ringing", "SIP/2.0 200 OK",
                "SIP/2.0 487 Request Terminated");
        assertThat(twilio.last().startLine()).startsWith("CANCEL ");
        assertThat(b2bua.calls().size()).isZero();
        assertThat(events).last().asString().endsWith(" cancelled");

        // Neither the CANCEL nor the INVITE gets an answer: both are given up 64*T1 later, nothing remains.
        clock.advance(TransactionTimers.DEFAULT.timerB());
        clock.advance(Duration.ofMinutes(1));
        assertThat(transactions.size()).isZero();
        assertThat(clock.pendingCount()).isZero();
    }

    @Test
    void aCalleeWhoAnswersTheCancelledInviteWithA2xxGetsAnAckAndABye() {
        fromMeta(SipTestMessages.META_INVITE);
        fromTwilio(SipResponseBuilder.forRequest(calleeInvite(), 180, null).toTag("tw").build(ALLOC));
        fromMeta(metaCancel());
        int events = this.events.size();

        fromTwilio(twilioAnswer(200));

        assertThat(twilio.startLines()).last().asString().startsWith("BYE ");
        assertThat(twilio.startLines()).anyMatch(line -> line.startsWith("ACK "));
        assertThat(meta.startLines()).last().isEqualTo("SIP/2.0 487 Request Terminated");
        assertThat(b2bua.calls().size()).isZero();
        assertThat(this.events).hasSize(events);
    }

    private static String metaCancel() {
        return SipTestMessages.META_INVITE.replace("INVITE sip:", "CANCEL sip:")
                .replace("CSeq: 1 INVITE", "CSeq: 1 CANCEL")
                .replaceAll("(?s)Content-Type: application/sdp.*", "Content-Length: 0\r\n\r\n");
    }

    @Test
    void aRegisterIsNotAllowed() {
        fromMeta(SipTestMessages.crlf("REGISTER sip:gw.example.com SIP/2.0\n"
                + "Via: SIP/2.0/TLS 192.0.2.1:5061;branch=z9hG4bK-reg\n"
                + "Max-Forwards: 70\n"
                + "From: <sip:a@wa.meta.vc>;tag=1\n"
                + "To: <sip:a@wa.meta.vc>\n"
                + "Call-ID: reg\n"
                + "CSeq: 1 REGISTER\n"
                + "Content-Length: 0\n\n"));
        assertThat(meta.startLines()).containsExactly("SIP/2.0 405 Method Not Allowed");
        assertThat(meta.last().header(SipHeaderName.ALLOW)).startsWith("INVITE, ACK, BYE, CANCEL");
    }

    @Test
    void anInDialogRequestForNoDialogIs481() {
        fromMeta(SipTestMessages.crlf("INFO sip:gw.example.com SIP/2.0\n"
                + "Via: SIP/2.0/TLS 192.0.2.1:5061;branch=z9hG4bK-info\n"
                + "Max-Forwards: 70\n"
                + "From: <sip:a@wa.meta.vc>;tag=1\n"
                + "To: <sip:b@gw.example.com>;tag=2\n"
                + "Call-ID: nothing\n"
                + "CSeq: 3 INFO\n"
                + "Content-Length: 0\n\n"));
        assertThat(meta.startLines()).containsExactly("SIP/2.0 481 Call/Transaction Does Not Exist");
    }
}
