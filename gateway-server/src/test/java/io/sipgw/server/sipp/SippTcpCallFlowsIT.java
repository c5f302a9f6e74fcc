package io.sipgw.server.sipp;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user-initiated call with TWILIO_TRANSPORT=tcp: the gateway opens a TCP connection to the Twilio-side SIPp
 * ({@code -t t1}) and keeps using it for the ACK, the BYE and Twilio's own requests; Meta's side uses TCP as well
 * (its production transport, TLS, is a TCP stream too).
 */
class SippTcpCallFlowsIT extends SippTestBase {

    @Override
    protected Map<String, String> gatewayEnvironment() {
        return Map.of("TWILIO_TRANSPORT", "tcp");
    }

    @Test
    void answeredCallThatMetaHangsUp(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-answers.xml").tcp(), meta("meta-uac-hangs-up.xml").tcp());
    }

    @Test
    void answeredCallThatTwilioHangsUp(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-hangs-up.xml").tcp(), meta("meta-uac-callee-hangs-up.xml").tcp());
    }

    @Test
    void reInviteFromTwilioIsAbsorbed(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-reinvite-hangs-up.xml").tcp(), meta("meta-uac-callee-hangs-up.xml").tcp());
    }

    @Test
    void metaOverUdpTwilioOverTcpCancelled(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-rings-cancelled.xml").tcp(), meta("meta-uac-cancels-after-180.xml"));
    }
}
