package io.sipgw.pipeline;

import io.sipgw.auth.DigestAnswer;
import io.sipgw.auth.DigestChallenge;
import io.sipgw.auth.DigestClient;
import io.sipgw.auth.DigestCredentials;
import io.sipgw.auth.DigestVerifier;
import io.sipgw.auth.FailureLimiter;
import io.sipgw.auth.NonceService;
import io.sipgw.auth.ReplayGuard;
import io.sipgw.call.CallSettings;
import io.sipgw.call.CallerAuthentication;
import io.sipgw.call.MetaRouting;
import io.sipgw.call.RoutingPolicy;
import io.sipgw.call.TwilioRouting;
import io.sipgw.sdp.MediaPolicy;
import io.sipgw.sdp.MediaPolicyConfig;
import io.sipgw.sdp.SecureMedia;
import io.sipgw.testing.FreePorts;
import io.sipgw.testing.SipTestMessages;
import io.sipgw.transport.NextHop;
import io.sipgw.transport.TestCertificates;
import io.sipgw.transport.TlsContexts;
import io.sipgw.transport.TransportKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.sipgw.pipeline.SipPeer.header;
import static io.sipgw.pipeline.SipPeer.respond;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Digest authentication and business-initiated calls through real sockets: "Meta" on 127.0.0.2 (UDP caller) or as
 * a TLS server for {@code wa.meta.vc} (callee, reached through an outbound proxy address, its certificate from the
 * test CA), "Twilio" on 127.0.0.3 over UDP; each challenging side verifies our digest with its own verifier.
 */
class B2buaAuthFlowTest {

    private static final DigestCredentials META_USER = new DigestCredentials("15550001111", "meta-Pa55");
    private static final DigestCredentials TWILIO_USER = new DigestCredentials("gateway", "twilio-Pa55");
    private static final String ANSWER = "v=0\r\n"
            + "o=root 1 1 IN IP4 168.86.128.10\r\n"
            + "s=-\r\n"
            + "c=IN IP4 168.86.128.10\r\n"
            + "t=0 0\r\n"
            + "m=audio 16018 RTP/SAVP 0 101\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:dHdpbGlvYW5zd2Vya2V5bWF0ZXJpYWwwMTIzNDU2Nzg5\r\n"
            + "a=sendrecv\r\n";

    private final DigestVerifier twilioVerifier = verifier("sip.twilio.com", TWILIO_USER);
    private final DigestVerifier metaVerifier = verifier("wa.meta.vc", META_USER);
    private int gatewayPort;
    private SipPeer meta;
    private SipPeer twilio;
    private LoopbackB2bua gw;

    private static DigestVerifier verifier(String realm, DigestCredentials credentials) {
        return new DigestVerifier(realm, credentials, NonceService.withRandomSecret(Duration.ofSeconds(30)),
                new ReplayGuard(Duration.ofSeconds(30), 100, System::currentTimeMillis));
    }

    /**
     * The gateway with both directions: Meta's INVITEs challenged, Twilio's 407 answered, business calls to the
     * TLS peer {@code metaServer} (or to nobody) as {@code wa.meta.vc}.
     */
    private void start(SipPeer metaCaller, SipPeer metaServer) throws Exception {
        TestCertificates certs = TestCertificates.shared();
        meta = metaCaller != null ? metaCaller : metaServer;
        MediaPolicyConfig policy = MediaPolicyConfig.defaults("127.0.0.1");
        RoutingPolicy routing = RoutingPolicy.firstOf(List.of(
                new TwilioRouting(InetAddress.getByName("127.0.0.2")::equals, "127.0.0.3", twilio.port(), null,
                        "127.0.0.1", new SdpRewriteHandler(new MediaPolicy(policy)))
                        .withTwilioCredentials(TWILIO_USER)
                        .withMeta(new CallerAuthentication("127.0.0.1", verifier("127.0.0.1", META_USER),
                                new FailureLimiter(5, Duration.ofMinutes(1), 100, System::currentTimeMillis)),
                                META_USER),
                new MetaRouting(InetAddress.getByName("127.0.0.3")::equals, "127.0.0.1", null,
                        new SdpRewriteHandler(new MediaPolicy(policy.withSecureMedia(SecureMedia.REQUIRED))))
                        .withCredentials(null, META_USER.password())));
        Map<String, NextHop> proxies = metaServer == null ? Map.of()
                : Map.of(MetaRouting.META_DOMAIN, new NextHop("127.0.0.1", metaServer.port(), TransportKind.TLS,
                        false));
        gw = new LoopbackB2bua(gatewayPort, new CallSettings(CallSettings.presence("127.0.0.1", gatewayPort, "udp"),
                CallSettings.presence("127.0.0.1", gatewayPort, "udp"), CallSettings.DEFAULT_RING_TIMEOUT), routing,
                TransportKind.UDP, TlsContexts.forClient(certs.trustManagerFactory(), TlsContexts.defaultProvider()),
                proxies);
    }

    private InetSocketAddress gateway() {
        if (gatewayPort == 0) {
            gatewayPort = FreePorts.tcpAndUdp();
        }
        return new InetSocketAddress("127.0.0.1", gatewayPort);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            gw.assertIdle();
        } finally {
            meta.close();
            twilio.close();
            gw.close();
        }
    }

    private String metaInvite(int cseq, String branch, String credentials) {
        String invite = SipTestMessages.META_INVITE
                .replace("SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-wa-7f3a91c2;rport",
                        "SIP/2.0/UDP 127.0.0.2:" + meta.port() + ";branch=z9hG4bK-" + branch + ";rport")
                .replace("INVITE sip:+15550001111@gw.example.com;transport=tls",
                        "INVITE sip:+15550001111@127.0.0.1:" + gatewayPort)
                .replace("CSeq: 1 INVITE", "CSeq: " + cseq + " INVITE");
        return credentials == null ? invite
                : invite.replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nProxy-Authorization: " + credentials
                        + "\r\n");
    }

    /** Meta's answer to our 407 {@code challenge} with {@code password}, for the MD5 challenge. */
    private String metaAnswer(String challenge, String password) throws Exception {
        String md5 = SipPeer.headers(challenge, "Proxy-Authenticate").get(1);
        return DigestClient.authorization(DigestChallenge.parseAll(md5).get(0),
                new DigestCredentials(META_USER.username(), password), "INVITE",
                "sip:+15550001111@127.0.0.1:" + gatewayPort, new byte[0], 1, null);
    }

    private String challenge407(String request, DigestVerifier verifier, String tag) {
        StringBuilder extra = new StringBuilder();
        for (String challenge : verifier.challenges(false)) {
            extra.append("Proxy-Authenticate: ").append(challenge).append("\r\n");
        }
        return respond(request, "407 Proxy Authentication Required", tag, extra.toString(), "");
    }

    private static String requestUri(String request) {
        String line = request.substring(0, request.indexOf("\r\n"));
        return line.substring(line.indexOf(' ') + 1, line.lastIndexOf(' '));
    }

    @Test
    void metaAnswersOurChallengeAndTwiliosChallengeIsAnsweredTheCallCompletes() throws Exception {
        twilio = new SipPeer("127.0.0.3", gateway());
        start(new SipPeer("127.0.0.2", gateway()), null);

        meta.send(metaInvite(1, "m1", null));
        String challenge = meta.expect("SIP/2.0 407 ");
        assertThat(SipPeer.headers(challenge, "Proxy-Authenticate")).hasSize(2);
        assertThat(twilio.receives("INVITE ", 200)).isFalse();
        meta.send(metaInvite(2, "m2", metaAnswer(challenge, META_USER.password())));
        meta.expect("SIP/2.0 100 ");

        String first = twilio.expect("INVITE ");
        twilio.send(challenge407(first, twilioVerifier, "tw-407"));
        assertThat(twilio.expect("ACK ")).contains("CSeq: 1 ACK");
        String second = twilio.expect("INVITE ");
        assertThat(header(second, "CSeq")).isEqualTo("2 INVITE");
        assertThat(twilioVerifier.verify("INVITE", requestUri(second), header(second, "Proxy-Authorization"))
                .isValid()).isTrue();
        String contact = "Contact: <sip:twilio@127.0.0.3:" + twilio.port() + ">\r\n";
        twilio.send(respond(second, "200 OK", "tw", contact, ANSWER));
        String ok = meta.expect("SIP/2.0 200 ");
        assertThat(header(ok, "CSeq")).isEqualTo("2 INVITE");
        meta.send("ACK sip:+15550001111@127.0.0.1:" + gatewayPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.2:" + meta.port() + ";branch=z9hG4bK-m2ack\r\n"
                + "From: " + header(ok, "From") + "\r\nTo: " + header(ok, "To") + "\r\n"
                + "Call-ID: " + header(ok, "Call-ID") + "\r\nCSeq: 2 ACK\r\nContent-Length: 0\r\n\r\n");
        assertThat(twilio.expect("ACK ")).contains("CSeq: 2 ACK");
        twilio.send("BYE sip:+15550001111@127.0.0.1:" + gatewayPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.3:" + twilio.port() + ";branch=z9hG4bK-twbye\r\n"
                + "From: " + header(second, "To") + ";tag=tw\r\nTo: " + header(second, "From") + "\r\n"
                + "Call-ID: " + header(second, "Call-ID") + "\r\nCSeq: 7 BYE\r\nContent-Length: 0\r\n\r\n");
        twilio.expect("SIP/2.0 200 ", "7 BYE");
        String bye = meta.expect("BYE ");
        meta.send(respond(bye, "200 OK", null, "", ""));
    }

    @Test
    void aWrongPasswordFromMetaIs403AndNothingReachesTwilio() throws Exception {
        twilio = new SipPeer("127.0.0.3", gateway());
        start(new SipPeer("127.0.0.2", gateway()), null);

        meta.send(metaInvite(1, "w1", null));
        String challenge = meta.expect("SIP/2.0 407 ");
        meta.send(metaInvite(2, "w2", metaAnswer(challenge, "not-the-password")));
        meta.expect("SIP/2.0 403 ");
        assertThat(twilio.receives("INVITE ", 300)).isFalse();
    }

    @Test
    void aBusinessCallReachesMetaOverTlsAndAnswersItsDoubleChallenge() throws Exception {
        twilio = new SipPeer("127.0.0.3", gateway());
        start(null, SipPeer.tlsServer("127.0.0.1", TestCertificates.shared().serverSslContext()));

        String offer = ANSWER.replace("m=audio 16018", "m=audio 17400");
        twilio.send("INVITE sip:15557654321@127.0.0.1:" + gatewayPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.3:" + twilio.port() + ";branch=z9hG4bK-tw1;rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:+15550001111@example.sip.twilio.com>;tag=twf\r\n"
                + "To: <sip:15557654321@127.0.0.1>\r\n"
                + "Call-ID: tw-call-1@127.0.0.3\r\nCSeq: 101 INVITE\r\n"
                + "Contact: <sip:+15550001111@127.0.0.3:" + twilio.port() + ">\r\n"
                + "X-Twilio-CallSid: CA0123\r\n"
                + "Content-Type: application/sdp\r\nContent-Length: " + offer.length() + "\r\n\r\n" + offer);
        twilio.expect("SIP/2.0 100 ");

        // Over TLS to the peer that holds a wa.meta.vc certificate: SNI and verification for wa.meta.vc.
        String first = meta.expect("INVITE ");
        assertThat(first).startsWith("INVITE sip:+15557654321@wa.meta.vc;transport=tls SIP/2.0\r\n");
        assertThat(header(first, "From")).startsWith("<sip:+15550001111@127.0.0.1>;tag=");
        assertThat(header(first, "Via")).startsWith("SIP/2.0/TLS 127.0.0.1:" + gatewayPort);
        assertThat(first).doesNotContain("X-Twilio");
        meta.send(challenge407(first, metaVerifier, "meta-407"));
        assertThat(meta.expect("ACK ")).contains("CSeq: 1 ACK");
        String second = meta.expect("INVITE ");
        String credentials = header(second, "Proxy-Authorization");
        assertThat(DigestAnswer.parse(credentials).algorithmToken()).isEqualTo("SHA-256");
        assertThat(metaVerifier.verify("INVITE", requestUri(second), credentials).isValid()).isTrue();

        meta.send(respond(second, "200 OK", "meta", "Contact: <sip:+15557654321@wa.meta.vc;transport=tls;ob>\r\n",
                ANSWER));
        String ok = twilio.expect("SIP/2.0 200 ");
        twilio.send("ACK sip:127.0.0.1:" + gatewayPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.3:" + twilio.port() + ";branch=z9hG4bK-tw1ack\r\n"
                + "From: " + header(ok, "From") + "\r\nTo: " + header(ok, "To") + "\r\n"
                + "Call-ID: tw-call-1@127.0.0.3\r\nCSeq: 101 ACK\r\nContent-Length: 0\r\n\r\n");
        assertThat(meta.expect("ACK ")).contains("CSeq: 2 ACK");

        // Meta hangs up on the connection the gateway opened.
        meta.send("BYE sip:127.0.0.1:" + gatewayPort + ";transport=tls SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bK-metabye\r\n"
                + "From: " + header(second, "To") + ";tag=meta\r\nTo: " + header(second, "From") + "\r\n"
                + "Call-ID: " + header(second, "Call-ID") + "\r\nCSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n");
        meta.expect("SIP/2.0 200 ", "1 BYE");
        String bye = twilio.expect("BYE ");
        twilio.send(respond(bye, "200 OK", null, "", ""));
        assertThat(gw.outbound.connectionCount()).as("connections to Meta").isEqualTo(1);
    }
}
