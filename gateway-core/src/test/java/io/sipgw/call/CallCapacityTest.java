package io.sipgw.call;

import io.sipgw.pipeline.SdpRewriteHandler;
import io.sipgw.sdp.MediaPolicy;
import io.sipgw.sdp.MediaPolicyConfig;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipRequest;
import io.sipgw.testing.SipTestMessages;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.sipgw.call.B2buaFixture.META;
import static io.sipgw.call.B2buaFixture.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** New calls beyond {@link CallCapacity} get 503 with Retry-After; calls in progress are not touched. */
class CallCapacityTest {

    private static B2buaFixture gateway(CallCapacity capacity) {
        return new B2buaFixture(new TwilioRouting(META::equals, "example.sip.twilio.com", -1, "support",
                "gw.example.com", new SdpRewriteHandler(new MediaPolicy(MediaPolicyConfig.defaults("gw.example.com")))),
                capacity);
    }

    private static String invite(String callId) {
        return SipTestMessages.META_INVITE
                .replace("outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3", callId)
                .replace("branch=z9hG4bK-wa-7f3a91c2", "branch=z9hG4bK-" + callId);
    }

    @Test
    void beyondMaxCallsANewInviteGets503WithRetryAfterAndTheFirstCallGoesOn() {
        CallCapacity capacity = new CallCapacity(1, 1000, 7);
        try (B2buaFixture gw = gateway(capacity)) {
            gw.fromCaller(invite("call-1"), META);
            gw.fromCaller(invite("call-2"), META);

            assertThat(gw.caller.startLines()).containsExactly("SIP/2.0 100 Trying",
                    "SIP/2.0 503 Service Unavailable");
            assertThat(gw.caller.last().header(SipHeaderName.RETRY_AFTER)).isEqualTo("7");
            assertThat(gw.callee.startLines()).hasSize(1);
            assertThat(gw.events).containsExactly("started call-1", "refused capacity");
            assertThat(capacity.calls()).isEqualTo(1);

            // The first call ends: its place is free again.
            gw.fromCallee(respond(gw.calleeRequest("INVITE", 0), 486, "tw"));
            assertThat(capacity.calls()).isZero();
            gw.fromCaller(invite("call-3"), META);
            assertThat(gw.caller.last().startLine()).isEqualTo("SIP/2.0 100 Trying");
            assertThat(capacity.calls()).isEqualTo(1);
            gw.fromCallee(respond(gw.calleeRequest("INVITE", 1), 486, "tw"));
        }
    }

    @Test
    void aLoopFullOfTransactionsRefusesNewCalls() {
        // Two loops share 4 transactions: 2 each. One call holds 2 (Meta's INVITE, ours to Twilio).
        try (B2buaFixture gw = gateway(new CallCapacity(100, 4, 5).perLoop(2))) {
            gw.fromCaller(invite("call-1"), META);
            gw.fromCaller(invite("call-2"), META);

            assertThat(gw.caller.startLines()).containsExactly("SIP/2.0 100 Trying",
                    "SIP/2.0 503 Service Unavailable");
            gw.fromCallee(respond(gw.calleeRequest("INVITE", 0), 486, "tw"));
        }
    }

    @Test
    void anAnsweredCallIsHungUpOnBothLegsAtItsMaximumDuration() {
        CallCapacity capacity = new CallCapacity(10, 1000, 5, Duration.ofHours(1));
        try (B2buaFixture gw = gateway(capacity)) {
            gw.fromCaller(invite("long-call"), META);
            gw.fromCallee(respond(gw.calleeRequest("INVITE", 0), 200, "tw"));
            gw.fromCaller(SipTestMessages.crlf("ACK sip:gw.example.com:5061;transport=tls SIP/2.0\n"
                    + "Via: SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-long-ack\n"
                    + "From: \"15557654321\" <sip:+15557654321@wa.meta.vc>;tag=wa-3b8f21\n"
                    + "To: " + gw.caller.last().header(SipHeaderName.TO) + "\n"
                    + "Call-ID: long-call\nCSeq: 1 ACK\nContent-Length: 0\n\n"), META);
            gw.clock.advance(Duration.ofMinutes(59));
            assertThat(gw.callee.startLines()).noneMatch(l -> l.startsWith("BYE"));

            gw.clock.advance(Duration.ofMinutes(2));
            SipRequest bye = gw.calleeRequest("BYE", 0);
            assertThat(gw.caller.startLines()).anyMatch(l -> l.startsWith("BYE "));
            assertThat(gw.events).last().asString().endsWith(" max-duration");
            assertThat(capacity.calls()).isZero();
            gw.fromCallee(respond(bye, 200, null));
        }
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new CallCapacity(0, 10, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
