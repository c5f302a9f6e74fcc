package io.sipgw.pipeline;

import io.netty.handler.ssl.SslContext;
import io.sipgw.call.CallSettings;
import io.sipgw.call.TwilioRouting;
import io.sipgw.sdp.MediaPolicy;
import io.sipgw.sdp.MediaPolicyConfig;
import io.sipgw.testing.FreePorts;
import io.sipgw.testing.SipTestMessages;
import io.sipgw.transport.OutboundConnections;
import io.sipgw.transport.TestCertificates;
import io.sipgw.transport.TlsContexts;
import io.sipgw.transport.TransportKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static io.sipgw.pipeline.SipPeer.body;
import static io.sipgw.pipeline.SipPeer.header;
import static io.sipgw.pipeline.SipPeer.headers;
import static io.sipgw.pipeline.SipPeer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The user-initiated call through the real pipeline and {@link B2buaEndpoint} over UDP: "Meta" on 127.0.0.2 (the
 * allow-list), "Twilio" on 127.0.0.3, the gateway on 127.0.0.1; asserts what each peer receives.
 */
class B2buaCallFlowTest {

    private static final String META_RECORD_ROUTE = "<sip:[2a03:2880:f22d:1c0::face:b00c]:5061;transport=tls;lr>";
    private static final String TWILIO_ANSWER = "v=0\r\n"
            + "o=root 1720413262 1720413262 IN IP4 168.86.128.10\r\n"
            + "s=Twilio Media Gateway\r\n"
            + "c=IN IP4 168.86.128.10\r\n"
            + "t=0 0\r\n"
            + "m=audio 16018 RTP/SAVP 0 126\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:126 telephone-event/8000\r\n"
            + "a=fmtp:126 0-16\r\n"
            + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:dHdpbGlvYW5zd2Vya2V5bWF0ZXJpYWwwMTIzNDU2Nzg5\r\n"
            + "a=ptime:20\r\n"
            + "a=rtcp-mux\r\n"
            + "a=sendrecv\r\n";

    private LoopbackB2bua gw;
    private SipPeer meta;
    private SipPeer twilio;
    private int gatewayPort;

    /** The Twilio side's transport, URI host and our Contact's transport token on that side. */
    private TransportKind twilioTransport = TransportKind.UDP;
    private String twilioHost = "127.0.0.3";

    @BeforeEach
    void start() throws Exception {
        start(TransportKind.UDP, gateway -> new SipPeer("127.0.0.3", gateway), "127.0.0.3",
                TlsContexts.forClient(TlsContexts.defaultProvider()));
    }

    /**
     * Starts the gateway whose Twilio side is the peer {@code twilioPeer} makes (given the gateway's address), at
     * {@code host} over {@code transport}; over TCP and TLS the gateway connects out to the peer through
     * {@link OutboundConnections}, which trusts what {@code tls} trusts.
     */
    private void start(TransportKind transport, Function<InetSocketAddress, SipPeer> twilioPeer, String host,
                       SslContext tls) throws Exception {
        gatewayPort = FreePorts.tcpAndUdp();
        InetSocketAddress gateway = new InetSocketAddress("127.0.0.1", gatewayPort);
        meta = new SipPeer("127.0.0.2", gateway);
        twilio = twilioPeer.apply(gateway);
        twilioTransport = transport;
        twilioHost = host;
        InetAddress metaAddress = InetAddress.getByName("127.0.0.2");
        CallSettings settings = new CallSettings(CallSettings.presence("127.0.0.1", gatewayPort, "udp"),
                CallSettings.presence("127.0.0.1", gatewayPort, transport.name()), CallSettings.DEFAULT_RING_TIMEOUT);
        gw = new LoopbackB2bua(gatewayPort, settings,
                new TwilioRouting(metaAddress::equals, host, twilio.port(), null, "127.0.0.1",
                        new SdpRewriteHandler(new MediaPolicy(MediaPolicyConfig.defaults("gw.example.com")))),
                transport, tls, Map.of());
    }

    /** Stops the UDP wiring of {@link #start()} and starts one whose Twilio side is {@code twilioPeer}. */
    private void restart(TransportKind transport, Function<InetSocketAddress, SipPeer> twilioPeer, String host,
                         SslContext tls) throws Exception {
        stop();
        start(transport, twilioPeer, host, tls);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            // Every call and transaction is gone once its timers ran (64*T1 = 1.28 s here).
            gw.assertIdle();
        } finally {
            meta.close();
            twilio.close();
            gw.close();
        }
    }

    private String metaInvite(String callId) {
        return SipTestMessages.META_INVITE
                .replace("SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-wa-7f3a91c2;rport",
                        "SIP/2.0/" + meta.transport() + " 127.0.0.2:" + meta.port() + ";branch=z9hG4bK-" + callId
                                + ";rport")
                .replace("outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3", callId);
    }

    /** Meta's request in the dialog the 2xx {@code ok} set up. */
    private String metaInDialog(String method, String ok, int cseq, String branch) {
        return method + " sip:+15550001111@127.0.0.1:" + gatewayPort + " SIP/2.0\n"
                + "Via: SIP/2.0/" + meta.transport() + " 127.0.0.2:" + meta.port() + ";branch=z9hG4bK-" + branch
                + ";rport\n"
                + "Max-Forwards: 70\n"
                + "From: " + header(ok, "From") + "\n"
                + "To: " + header(ok, "To") + "\n"
                + "Call-ID: " + header(ok, "Call-ID") + "\n"
                + "CSeq: " + cseq + " " + method + "\n"
                + "Content-Length: 0\n\n";
    }

    private String twilioContact() {
        return "Contact: <sip:twilio@" + twilioHost + ":" + twilio.port() + ">\r\n";
    }

    /** INVITE → 100 → 180 → 200 → ACK; returns the 200 Meta got, and leaves Twilio's INVITE in {@code invite}. */
    private String[] answeredCall(String callId) {
        meta.send(metaInvite(callId));
        assertThat(meta.expect("SIP/2.0 100 ")).contains("Call-ID: " + callId);
        String invite = twilio.expect("INVITE ");
        twilio.send(respond(invite, "180 Ringing", "tw1", twilioContact(), ""));
        String ringing = meta.expect("SIP/2.0 180 ");
        assertThat(headers(ringing, "Record-Route")).containsExactly(META_RECORD_ROUTE);
        twilio.send(respond(invite, "200 OK", "tw1", twilioContact(), TWILIO_ANSWER));
        String ok = meta.expect("SIP/2.0 200 ");
        meta.send(metaInDialog("ACK", ok, 1, callId + "-ack"));
        return new String[] {ok, invite};
    }

    @Test
    void completeCallWithByeFromMeta() {
        String[] call = answeredCall("call-1");
        String ok = call[0];
        String invite = call[1];

        // What Twilio got: its URI and To, our From/Contact/Call-ID, the x-wa-meta-* headers, no Opus, nothing of Meta's.
        String twilioHostPort = twilioHost + ":" + twilio.port();
        assertThat(invite).startsWith("INVITE sip:+15550001111@" + twilioHostPort + " SIP/2.0\r\n");
        assertThat(header(invite, "To")).isEqualTo("<sip:+15550001111@" + twilioHostPort + ">");
        assertThat(header(invite, "Via")).startsWith("SIP/2.0/" + twilio.transport() + " 127.0.0.1:" + gatewayPort);
        assertThat(header(invite, "From")).startsWith("<sip:+15557654321@127.0.0.1>;tag=");
        assertThat(header(invite, "Contact")).isEqualTo("<sip:127.0.0.1:" + gatewayPort + ";transport="
                + twilio.transport().toLowerCase(Locale.ROOT) + ">");
        assertThat(header(invite, "CSeq")).isEqualTo("1 INVITE");
        assertThat(header(invite, "Max-Forwards")).isEqualTo("69");
        assertThat(header(invite, "x-wa-meta-wacid")).isEqualTo("wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3");
        assertThat(header(invite, "x-wa-meta-phone-number-id")).isEqualTo("109876543210987");
        assertThat(header(invite, "Call-ID")).doesNotContain("call-1").startsWith("gw");
        assertThat(invite).doesNotContain("X-FB-External-Domain", "Record-Route", "wa.meta.vc", "User-Agent");
        assertThat(body(invite)).contains("m=audio 40012 RTP/SAVP 0 8 126\r\n", "a=crypto:1 ")
                .doesNotContain("opus");

        // What Meta got in the 200: its Record-Route unchanged, our Contact, Twilio's answer.
        assertThat(headers(ok, "Record-Route")).containsExactly(META_RECORD_ROUTE);
        assertThat(header(ok, "Contact")).isEqualTo("<sip:127.0.0.1:" + gatewayPort + ";transport=udp>");
        assertThat(header(ok, "CSeq")).isEqualTo("1 INVITE");
        assertThat(header(ok, "Call-ID")).isEqualTo("call-1");
        assertThat(body(ok)).contains("m=audio 16018 RTP/SAVP 0 126");

        // The ACK on the callee leg: to Twilio's Contact, CSeq of the INVITE, Twilio's tag.
        String ack = twilio.expect("ACK ");
        assertThat(ack).startsWith("ACK sip:twilio@" + twilioHostPort + " SIP/2.0\r\n");
        assertThat(header(ack, "CSeq")).isEqualTo("1 ACK");
        assertThat(header(ack, "To")).endsWith(";tag=tw1");
        assertThat(header(ack, "Call-ID")).isEqualTo(header(invite, "Call-ID"));

        meta.send(metaInDialog("BYE", ok, 2, "call-1-bye"));
        meta.expect("SIP/2.0 200 ", "2 BYE");
        String bye = twilio.expect("BYE ");
        assertThat(bye).startsWith("BYE sip:twilio@" + twilioHostPort + " SIP/2.0\r\n");
        assertThat(header(bye, "CSeq")).isEqualTo("2 BYE");
        assertThat(header(bye, "Call-ID")).isEqualTo(header(invite, "Call-ID"));
        twilio.send(respond(bye, "200 OK", null, "", ""));
    }

    @Test
    void metaOverTcpGetsItsResponsesAndTwiliosByeOnItsConnection() {
        meta.close();
        meta = SipPeer.tcp("127.0.0.2", new InetSocketAddress("127.0.0.1", gatewayPort));
        byeFromTwilioFollowsMetasRouteSet();
    }

    @Test
    void byeFromTwilioFollowsMetasRouteSet() {
        String[] call = answeredCall("call-2");
        String invite = call[1];
        String ack = twilio.expect("ACK ");
        String twilioBye = "BYE sip:127.0.0.1:" + gatewayPort + " SIP/2.0\n"
                + "Via: SIP/2.0/" + twilio.transport() + " " + twilioHost + ":" + twilio.port()
                + ";branch=z9hG4bK-tw-bye\n"
                + "Max-Forwards: 70\n"
                + "From: " + header(ack, "To") + "\n"
                + "To: " + header(ack, "From") + "\n"
                + "Call-ID: " + header(invite, "Call-ID") + "\n"
                + "CSeq: 1 BYE\n"
                + "Content-Length: 0\n\n";
        twilio.send(twilioBye);
        twilio.expect("SIP/2.0 200 ", "1 BYE");

        String bye = meta.expect("BYE ");
        assertThat(bye).startsWith("BYE sip:+15557654321@wa.meta.vc;transport=tls;ob SIP/2.0\r\n");
        assertThat(headers(bye, "Route")).containsExactly(META_RECORD_ROUTE);
        assertThat(header(bye, "Call-ID")).isEqualTo("call-2");
        assertThat(header(bye, "To")).isEqualTo("\"15557654321\" <sip:+15557654321@wa.meta.vc>;tag=wa-3b8f21");
        assertThat(header(bye, "From")).isEqualTo(header(call[0], "To"));
        meta.send(respond(bye, "200 OK", null, "", ""));
    }

    @Test
    void twilioOverTcpCompleteCallWithByeFromMeta() throws Exception {
        restart(TransportKind.TCP, gateway -> SipPeer.tcpServer("127.0.0.3"), "127.0.0.3",
                TlsContexts.forClient(TlsContexts.defaultProvider()));
        completeCallWithByeFromMeta();
        assertThat(gw.outbound.connectionCount()).as("connections to Twilio").isEqualTo(1);
    }

    @Test
    void aTcpConnectionDroppedMidCallIsOpenedAgainForTheBye() throws Exception {
        restart(TransportKind.TCP, gateway -> SipPeer.tcpServer("127.0.0.3"), "127.0.0.3",
                TlsContexts.forClient(TlsContexts.defaultProvider()));
        String ok = answeredCall("call-drop")[0];
        twilio.expect("ACK ");
        twilio.dropConnection();
        // Until the gateway notices the close, a write may still go to the dead connection; give it a moment.
        long deadline = System.currentTimeMillis() + 5_000;
        while (gw.outbound.connectionCount() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }

        meta.send(metaInDialog("BYE", ok, 2, "call-drop-bye"));
        meta.expect("SIP/2.0 200 ", "2 BYE");
        String bye = twilio.expect("BYE ");
        assertThat(header(bye, "CSeq")).isEqualTo("2 BYE");
        twilio.send(respond(bye, "200 OK", null, "", ""));
        assertThat(gw.outbound.connectionCount()).as("connections to Twilio").isEqualTo(1);
    }

    @Test
    void twilioRefusingTheConnectionIs503ForMetaNotATimeout() throws Exception {
        restart(TransportKind.TCP, gateway -> SipPeer.tcpServer("127.0.0.3"), "127.0.0.3",
                TlsContexts.forClient(TlsContexts.defaultProvider()));
        // Nobody listens on Twilio's port any more: the connect is refused.
        twilio.close();
        meta.send(metaInvite("call-refused"));
        meta.expect("SIP/2.0 100 ");
        // A refused connection is a transport error (RFC 3261 17.1.4): 503 at once, where Timer B would give 408.
        String unavailable = meta.expect("SIP/2.0 503 ");
        meta.send(metaInDialog("ACK", unavailable, 1, "call-refused"));
    }

    @Test
    void twiliosUdpPortClosedIs503ForMetaNotATimeout() throws Exception {
        // Nobody listens on Twilio's UDP port: the kernel answers the INVITE with ICMP port unreachable.
        twilio.close();
        meta.send(metaInvite("call-icmp"));
        meta.expect("SIP/2.0 100 ");
        // RFC 3261 18.4: the ICMP error is a failure to send; 503 on the retransmission, where Timer B would give 408.
        String unavailable = meta.expect("SIP/2.0 503 ");
        meta.send(metaInDialog("ACK", unavailable, 1, "call-icmp"));
        assertThat(gw.outbound.connectedPeerCount()).as("UDP peers with a connected socket").isEqualTo(1);
        // A new INVITE while the peer is known unreachable fails at once, without waiting for a retransmission.
        meta.send(metaInvite("call-icmp-2"));
        meta.expect("SIP/2.0 100 ");
        meta.send(metaInDialog("ACK", meta.expect("SIP/2.0 503 "), 1, "call-icmp-2"));
    }

    @Test
    void twilioOverTcpSendsItsByeOnTheGatewaysConnection() throws Exception {
        restart(TransportKind.TCP, gateway -> SipPeer.tcpServer("127.0.0.3"), "127.0.0.3",
                TlsContexts.forClient(TlsContexts.defaultProvider()));
        byeFromTwilioFollowsMetasRouteSet();
        assertThat(gw.outbound.connectionCount()).as("connections to Twilio").isEqualTo(1);
    }

    /**
     * Twilio over TLS: the test certificate names localhost and 127.0.0.1 only, so this "Twilio" listens on
     * 127.0.0.1 and is reached as {@code localhost} (the SNI and the name its certificate is checked against).
     */
    @Test
    void twilioOverTlsCompleteCallWithByeFromMeta() throws Exception {
        TestCertificates certs = TestCertificates.shared();
        restart(TransportKind.TLS, gateway -> SipPeer.tlsServer("127.0.0.1", certs.serverSslContext()), "localhost",
                TlsContexts.forClient(certs.trustManagerFactory(), TlsContexts.defaultProvider()));
        completeCallWithByeFromMeta();
        assertThat(gw.outbound.connectionCount()).as("connections to Twilio").isEqualTo(1);
    }

    @Test
    void twilioOverTlsSendsItsByeOnTheGatewaysConnection() throws Exception {
        TestCertificates certs = TestCertificates.shared();
        restart(TransportKind.TLS, gateway -> SipPeer.tlsServer("127.0.0.1", certs.serverSslContext()), "localhost",
                TlsContexts.forClient(certs.trustManagerFactory(), TlsContexts.defaultProvider()));
        byeFromTwilioFollowsMetasRouteSet();
    }

    @Test
    void twilioOverTlsWithACertificateTheGatewayDoesNotTrustIs503ForMeta() throws Exception {
        TestCertificates certs = TestCertificates.shared();
        restart(TransportKind.TLS, gateway -> SipPeer.tlsServer("127.0.0.1", certs.serverSslContext()), "localhost",
                TlsContexts.forClient(TlsContexts.defaultProvider()));
        meta.send(metaInvite("call-6"));
        meta.expect("SIP/2.0 100 ");
        // The peer's side of the handshake fails as the gateway refuses the test CA; no INVITE is ever sent.
        assertThatThrownBy(() -> twilio.receives("INVITE ", 5_000)).hasRootCauseInstanceOf(SSLException.class);
        String unavailable = meta.expect("SIP/2.0 503 ");
        assertThat(header(unavailable, "CSeq")).isEqualTo("1 INVITE");
        meta.send(metaInDialog("ACK", unavailable, 1, "call-6"));
    }

    @Test
    void busyFromTwilioIsBusyForMeta() {
        meta.send(metaInvite("call-3"));
        String invite = twilio.expect("INVITE ");
        twilio.send(respond(invite, "486 Busy Here", "tw3", "", ""));
        // RFC 3261 17.1.1.3: the transaction ACKs the 486 hop by hop, with the INVITE's branch.
        String ack = twilio.expect("ACK ");
        assertThat(header(ack, "CSeq")).isEqualTo("1 ACK");
        String busy = meta.expect("SIP/2.0 486 ");
        assertThat(header(busy, "CSeq")).isEqualTo("1 INVITE");
        meta.send(metaInDialog("ACK", busy, 1, "call-3"));
    }

    @Test
    void cancelAfterRingingCancelsTheCalleeAndAnswers487() {
        String callId = "call-4";
        meta.send(metaInvite(callId));
        String invite = twilio.expect("INVITE ");
        twilio.send(respond(invite, "180 Ringing", "tw4", twilioContact(), ""));
        meta.expect("SIP/2.0 180 ");

        meta.send(metaInvite(callId).replace("INVITE sip:", "CANCEL sip:").replace("CSeq: 1 INVITE", "CSeq: 1 CANCEL")
                .replaceAll("(?s)Content-Type: application/sdp.*", "Content-Length: 0\r\n\r\n"));
        meta.expect("SIP/2.0 200 ", "1 CANCEL");
        String terminated = meta.expect("SIP/2.0 487 ");
        assertThat(header(terminated, "CSeq")).isEqualTo("1 INVITE");

        String cancel = twilio.expect("CANCEL ");
        assertThat(header(cancel, "CSeq")).isEqualTo("1 CANCEL");
        assertThat(header(cancel, "Call-ID")).isEqualTo(header(invite, "Call-ID"));
        twilio.send(respond(cancel, "200 OK", "tw4", "", ""));
        twilio.send(respond(invite, "487 Request Terminated", "tw4", "", ""));
        twilio.expect("ACK ");
        meta.send(metaInDialog("ACK", terminated, 1, callId));
    }

    @Test
    void inviteFromOutsideTheAllowListIsForbidden() {
        try (SipPeer stranger = new SipPeer("127.0.0.4", new InetSocketAddress("127.0.0.1", gatewayPort))) {
            stranger.send(metaInvite("call-5").replace("127.0.0.2:", "127.0.0.4:"));
            assertThat(stranger.expect("SIP/2.0 ")).startsWith("SIP/2.0 403 ");
        }
        assertThat(twilio.receives("INVITE ", 300)).isFalse();
    }

    @Test
    void byeForAnUnknownDialogIs481() {
        String bye = "BYE sip:127.0.0.1 SIP/2.0\n"
                + "Via: SIP/2.0/UDP 127.0.0.2:" + meta.port() + ";branch=z9hG4bK-nobye;rport\n"
                + "Max-Forwards: 70\n"
                + "From: <sip:+15557654321@wa.meta.vc>;tag=a\n"
                + "To: <sip:+15550001111@gw.example.com>;tag=b\n"
                + "Call-ID: no-such-call\n"
                + "CSeq: 5 BYE\n"
                + "Content-Length: 0\n\n";
        meta.send(bye);
        assertThat(meta.expect("SIP/2.0 ")).startsWith("SIP/2.0 481 ");
    }
}
