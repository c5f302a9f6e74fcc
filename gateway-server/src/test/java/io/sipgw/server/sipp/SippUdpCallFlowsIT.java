package io.sipgw.server.sipp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User-initiated calls (WhatsApp user → Meta → gateway → Twilio) end to end with SIPp over UDP on both sides:
 * the packaged jar, Meta's realistic SDES INVITE from 127.0.0.2, a Twilio SIP Domain played on 127.0.0.3.
 * What each side checks is in the comments of its scenario under {@code scripts/sipp/}.
 */
class SippUdpCallFlowsIT extends SippTestBase {

    @Test
    void answeredCallThatMetaHangsUp(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-answers.xml"), meta("meta-uac-hangs-up.xml"));
    }

    @Test
    void answeredCallThatTwilioHangsUpFollowsMetasRouteSet(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-hangs-up.xml"), meta("meta-uac-callee-hangs-up.xml"));
    }

    @Test
    void reInviteFromTwilioIsAnsweredByTheGatewayAndNeverReachesMeta(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-reinvite-hangs-up.xml"), meta("meta-uac-callee-hangs-up.xml"));
    }

    @Test
    void reInviteFromTwilioThatMovesTheMediaIs488AndNeverReachesMeta(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-reinvite-moves-media.xml"), meta("meta-uac-callee-hangs-up.xml"));
    }

    @Test
    void twoRecordRoutesFromMetaStayInOrderInThe200AndTheBye(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-hangs-up.xml"), meta("meta-uac-two-record-routes.xml"));
    }

    @Test
    void aDtlsOfferIs488WithAWarningAndNotBridged(@TempDir Path dir) throws Exception {
        String callIds = Sipp.metaCallIdPattern();
        run(dir, meta("meta-uac-dtls-offer-refused.xml").args("-cid_str", callIds));
        String prefix = callIds.substring(0, callIds.indexOf('%'));
        assertThat(gateway.output()).doesNotContainPattern(Pattern.quote("call " + prefix) + "\\S*: started");
    }

    @Test
    void earlyMediaAndAnInDialogOptionsFromTwilioReachMeta(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-early-media-options.xml"), meta("meta-uac-early-media-options.xml"));
    }

    @Test
    void anIpv6ViaFromMetaIsAnsweredToTheSourceAddress(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-answers.xml"), meta("meta-uac-ipv6-via.xml")
                .args("-key", "meta_edge_v6", "[2a03:2880:f22d:1c0::face:b00c]"));
    }

    @Test
    void aReInviteFromMetaIsBridgedToTwilio(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-reinvited.xml"), meta("meta-uac-reinvites.xml"));
    }

    @Test
    void aRedirectFromTwilioReachesMetaAs480(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-redirects.xml"), meta("meta-uac-unavailable.xml"));
    }

    @Test
    void maxForwardsZeroIs483AndNotBridged(@TempDir Path dir) throws Exception {
        String callIds = Sipp.metaCallIdPattern();
        run(dir, meta("meta-uac-max-forwards-0.xml").args("-cid_str", callIds));
        String prefix = callIds.substring(0, callIds.indexOf('%'));
        assertThat(gateway.output()).doesNotContainPattern(Pattern.quote("call " + prefix) + "\\S*: started");
    }

    @Test
    void twilioRetransmits200AfterTheAckAndTheGatewayAcksItAgain(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-retransmits-200.xml"), meta("meta-uac-hangs-up.xml"));
    }

    @Test
    void aRetransmittedInviteFromMetaIsAbsorbed(@TempDir Path dir) throws Exception {
        String callIds = Sipp.metaCallIdPattern();
        run(dir, twilio("twilio-uas-answers.xml"), meta("meta-uac-retransmits-invite.xml").args("-cid_str", callIds));
        String prefix = callIds.substring(0, callIds.indexOf('%'));
        assertThat(Pattern.compile(Pattern.quote("call " + prefix) + "\\S*: started").matcher(gateway.output())
                .results().count()).as("calls started").isEqualTo(1);
        assertThat(Pattern.compile("message received[^\\n]*\\n\\s*INVITE sip:")
                .matcher(Files.readString(dir.resolve("twilio-messages.log"), StandardCharsets.ISO_8859_1))
                .results().count()).as("INVITEs that reached Twilio").isEqualTo(1);
    }

    @Test
    void metaCancelsWhileTwilioRings(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-rings-cancelled.xml"), meta("meta-uac-cancels-after-180.xml"));
    }

    @Test
    void busyAtTwilioReachesMetaAs486(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-busy.xml"), meta("meta-uac-busy.xml"));
    }

    @Test
    void optionsKeepAliveFromMetaTwilioAndALoadBalancer(@TempDir Path dir) throws Exception {
        run(dir.resolve("meta"), Sipp.scenario("options-keepalive.xml").name("meta-options")
                .local(Sipp.META_IP, Sipp.freePort(Sipp.META_IP)).remote(gateway.sipAddress()));
        run(dir.resolve("twilio"), Sipp.scenario("options-keepalive.xml").name("twilio-options")
                .local(Sipp.TWILIO_IP, Sipp.freePort(Sipp.TWILIO_IP)).remote(gateway.sipAddress()));
        // README (Listeners): a load balancer's keep-alive, from outside both allow-lists, is answered too.
        run(dir.resolve("balancer"), Sipp.scenario("options-keepalive.xml").name("balancer-options")
                .local(Sipp.STRANGER_IP, Sipp.freePort(Sipp.STRANGER_IP)).remote(gateway.sipAddress()));
    }

    @Test
    void inviteFromAnAddressOutsideBothAllowListsIs403AndNotBridged(@TempDir Path dir) throws Exception {
        String callIds = Sipp.metaCallIdPattern();
        run(dir, Sipp.scenario("stranger-uac-forbidden.xml").name("stranger")
                .local(Sipp.STRANGER_IP, Sipp.freePort(Sipp.STRANGER_IP)).remote(gateway.sipAddress())
                .args("-cid_str", callIds));
        String prefix = callIds.substring(0, callIds.indexOf('%'));
        // The refusal is logged; no call was started for it (nothing went to Twilio).
        assertThat(gateway.output())
                .containsPattern(Pattern.quote("call " + prefix) + "\\S*: INVITE from 127\\.0\\.0\\.4 refused 403")
                .doesNotContainPattern(Pattern.quote("call " + prefix) + "\\S*: started");
    }
}
