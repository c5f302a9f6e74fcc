package io.sipgw.server.sipp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway challenges Meta's INVITEs (META_SIP_USERNAME/META_SIP_PASSWORD set, META_INBOUND_AUTH default):
 * 407 with SHA-256 and MD5 challenges, the call only after a valid answer; a wrong one is 403 (SIPp over UDP).
 */
class SippMetaDigestIT extends SippTestBase {

    static final String USERNAME = "15550001111";
    static final String PASSWORD = "wa-s1p-Passw0rd";
    /** The digest uri must be the Request-URI of Meta's INVITE; SIPp's default is remote_ip:remote_port. */
    static final String AUTH_URI = "+15550001111@gw.example.com;transport=tls";

    @Override
    protected Map<String, String> gatewayEnvironment() {
        return Map.of("META_SIP_USERNAME", USERNAME, "META_SIP_PASSWORD", PASSWORD);
    }

    private Sipp.Builder metaThrough(Sha256ChallengeFilter filter, String scenario, String password) {
        return meta(scenario).remote(filter.address())
                .args("-au", USERNAME, "-ap", password, "-auth_uri", AUTH_URI);
    }

    private InetSocketAddress gatewaySocket() {
        return new InetSocketAddress(GatewayProcess.HOST, gateway.sipPort);
    }

    @Test
    void metaAnswersTheChallengeAndTheCallIsBridged(@TempDir Path dir) throws Exception {
        try (Sha256ChallengeFilter filter = new Sha256ChallengeFilter(Sipp.META_IP, gatewaySocket())) {
            run(dir, twilio("twilio-uas-answers.xml"), metaThrough(filter, "meta-uac-answers-407.xml", PASSWORD));

            // What SIPp could not see: the gateway's 407 offers SHA-256 first, then MD5, both qop="auth".
            assertThat(filter.originalChallenges()).hasSize(1);
            List<String> challenges = Arrays.stream(filter.originalChallenges().get(0).split("\r\n"))
                    .filter(line -> line.regionMatches(true, 0, "Proxy-Authenticate:", 0, 19)).toList();
            assertThat(challenges).as("Proxy-Authenticate headers of the 407").hasSize(2);
            assertThat(challenges.get(0)).containsPattern("(?i)algorithm=\"?SHA-256\"?(,|$)")
                    .contains("qop=\"auth\"").contains("realm=\"" + GatewayProcess.HOST + "\"");
            assertThat(challenges.get(1)).containsPattern("(?i)algorithm=\"?MD5\"?(,|$)")
                    .contains("qop=\"auth\"").contains("realm=\"" + GatewayProcess.HOST + "\"");
        }
        assertThat(gateway.output()).as("the password never reaches the log").doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordIs403AndNothingReachesTwilio(@TempDir Path dir) throws Exception {
        String callIds = Sipp.metaCallIdPattern();
        try (Sha256ChallengeFilter filter = new Sha256ChallengeFilter(Sipp.META_IP, gatewaySocket())) {
            run(dir, metaThrough(filter, "meta-uac-wrong-password.xml", "not-the-password")
                    .args("-cid_str", callIds));
        }
        String prefix = callIds.substring(0, callIds.indexOf('%'));
        assertThat(gateway.output()).doesNotContainPattern(Pattern.quote("call " + prefix) + "\\S*: started");
    }

    /**
     * Meta's real behaviour needs no filter; SIPp 3.6 cannot do it: its [authentication] reads the first
     * Proxy-Authenticate only and supports MD5 and AKAv1-MD5 only, so the gateway's SHA-256-first 407 stops it
     * with "createAuthHeader: authentication must use MD5 or AKAv1-MD5" (exit 255).
     */
    @Test
    @Disabled("SIPp 3.6 answers only MD5 challenges and reads only the first Proxy-Authenticate, which is SHA-256: "
            + "it exits 255 with 'createAuthHeader: authentication must use MD5 or AKAv1-MD5'")
    void metaAnswersTheSha256FirstChallengeWithoutAFilter(@TempDir Path dir) throws Exception {
        run(dir, twilio("twilio-uas-answers.xml"), meta("meta-uac-answers-407.xml")
                .args("-au", USERNAME, "-ap", PASSWORD, "-auth_uri", AUTH_URI));
    }
}
