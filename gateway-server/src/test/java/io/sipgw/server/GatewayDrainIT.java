package io.sipgw.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipgw.testing.FreePorts;
import io.sipgw.testing.SipTestMessages;
import io.sipgw.testing.UdpSipClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful restart of the packaged jar: SIGTERM while 200 calls are up turns /readyz to 503 and refuses new calls
 * with 503, while every call in progress can still be hung up (Meta's BYE reaches Twilio); once the last call is
 * gone the process exits 0, well before {@code DRAIN_TIMEOUT}.
 */
class GatewayDrainIT {

    private static final int CALLS = 200;
    private static final String ANSWER = "v=0\r\no=root 1 1 IN IP4 127.0.0.3\r\ns=-\r\nc=IN IP4 127.0.0.3\r\nt=0 0\r\n"
            + "m=audio 16018 RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
            + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:dHdpbGlvYW5zd2Vya2V5bWF0ZXJpYWwwMTIzNDU2Nzg5\r\n";

    @TempDir
    Path workDir;

    @Test
    void sigtermRefusesNewCallsAndLetsEveryCallInProgressHangUp() throws Exception {
        int sipPort = FreePorts.tcpAndUdp();
        int adminPort = FreePorts.tcp();
        InetSocketAddress gatewayAddress = new InetSocketAddress("127.0.0.1", sipPort);
        try (UdpSipClient meta = new UdpSipClient(InetAddress.getByName("127.0.0.2"));
             Twilio twilio = new Twilio();
             GatewayProcess gateway = new GatewayProcess(workDir, Map.of(
                     "PUBLIC_HOST", "127.0.0.1",
                     "PORT", Integer.toString(sipPort),
                     "ADMIN_PORT", Integer.toString(adminPort),
                     "BIND_ADDRESS", "127.0.0.1",
                     "META_ALLOWED_CIDRS", "127.0.0.2/32",
                     "TWILIO_SIP_DOMAIN", "127.0.0.3:" + twilio.client.port(),
                     "TWILIO_TRANSPORT", "udp",
                     "DRAIN_TIMEOUT", "2m",
                     "IO_THREADS", "2",
                     "UDP_BUFFER_BYTES", "1048576"))) {
            gateway.awaitReadyz(adminPort, 200);
            twilio.start();
            List<String> oks = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                String ok = call(meta, gatewayAddress, "drain-" + i);
                meta.sendTo(inDialog("ACK", ok, 1, "drain-" + i + "-ack", meta.port()), gatewayAddress);
                oks.add(ok);
            }

            gateway.terminate();
            gateway.awaitReadyz(adminPort, 503);
            meta.sendTo(invite("drain-late", meta.port()), gatewayAddress);
            String refused = expect(meta, "SIP/2.0 503 ", "drain-late");
            assertThat(refused).contains("\r\nRetry-After: ");

            for (int i = 0; i < CALLS; i++) {
                meta.sendTo(inDialog("BYE", oks.get(i), 2, "drain-" + i + "-bye", meta.port()), gatewayAddress);
                expect(meta, "SIP/2.0 200 ", "drain-" + i);
            }
            assertThat(gateway.awaitExit()).as(gateway.output()).isZero();
            assertThat(twilio.byes).as("calls whose BYE reached Twilio").hasSize(CALLS);
            assertThat(twilio.invites).as("calls whose INVITE reached Twilio").hasSize(CALLS);
            assertThat(gateway.output()).contains("drained: no calls in progress").doesNotContain("LEAK:");
        }
    }

    /** One call up to Twilio's 200; the 200 Meta got. */
    private static String call(UdpSipClient meta, InetSocketAddress gateway, String callId) {
        meta.sendTo(invite(callId, meta.port()), gateway);
        return expect(meta, "SIP/2.0 200 ", callId);
    }

    /** The first message that starts with {@code start} for {@code callId}, skipping 100s and others. */
    private static String expect(UdpSipClient client, String start, String callId) {
        for (int i = 0; i < 50; i++) {
            String message = client.receive(5_000);
            if (message == null) {
                break;
            }
            if (message.startsWith(start) && callId.equals(header(message, "Call-ID"))) {
                return message;
            }
        }
        throw new AssertionError("no " + start + "for " + callId);
    }

    private static String invite(String callId, int port) {
        return SipTestMessages.META_INVITE
                .replace("SIP/2.0/TLS [2a03:2880:f22d:1c0::face:b00c]:5061;branch=z9hG4bK-wa-7f3a91c2;rport",
                        "SIP/2.0/UDP 127.0.0.2:" + port + ";branch=z9hG4bK-" + callId + ";rport")
                .replace("outgoing:wacid.HBgLMTU1NTc2NTQzMjEVAgARGBJBQzQ1RjE3", callId);
    }

    private static String inDialog(String method, String ok, int cseq, String branch, int port) {
        return SipTestMessages.crlf(method + " sip:+15550001111@127.0.0.1 SIP/2.0\n"
                + "Via: SIP/2.0/UDP 127.0.0.2:" + port + ";branch=z9hG4bK-" + branch + ";rport\n"
                + "Max-Forwards: 70\n"
                + "From: " + header(ok, "From") + "\n"
                + "To: " + header(ok, "To") + "\n"
                + "Call-ID: " + header(ok, "Call-ID") + "\n"
                + "CSeq: " + cseq + " " + method + "\n"
                + "Content-Length: 0\n\n");
    }

    static String header(String message, String name) {
        for (String line : message.split("\r\n")) {
            if (line.isEmpty()) {
                return null;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** Twilio on 127.0.0.3: 200 with SDP to each INVITE, 200 to each BYE; the Call-IDs of both, once each. */
    private static final class Twilio implements AutoCloseable {
        final UdpSipClient client;
        final Set<String> invites = ConcurrentHashMap.newKeySet();
        final Set<String> byes = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this::serve, "twilio-ua");

        Twilio() throws Exception {
            client = new UdpSipClient(InetAddress.getByName("127.0.0.3"));
        }

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            while (running.get()) {
                String message = client.receive(200);
                if (message == null) {
                    continue;
                }
                String via = header(message, "Via");
                InetSocketAddress gateway = viaAddress(via);
                if (message.startsWith("INVITE ")) {
                    invites.add(header(message, "Call-ID"));
                    client.sendTo(response(message, "200 OK", "Contact: <sip:twilio@127.0.0.3:" + client.port()
                            + ">\r\nContent-Type: application/sdp\r\n", ANSWER), gateway);
                } else if (message.startsWith("BYE ")) {
                    byes.add(header(message, "Call-ID"));
                    client.sendTo(response(message, "200 OK", "", ""), gateway);
                }
            }
        }

        private static InetSocketAddress viaAddress(String via) {
            String sentBy = via.substring(via.indexOf(' ') + 1).split(";")[0];
            int colon = sentBy.lastIndexOf(':');
            return new InetSocketAddress(sentBy.substring(0, colon), Integer.parseInt(sentBy.substring(colon + 1)));
        }

        private static String response(String request, String status, String extra, String body) {
            String to = header(request, "To");
            return "SIP/2.0 " + status + "\r\n"
                    + "Via: " + header(request, "Via") + "\r\n"
                    + "From: " + header(request, "From") + "\r\n"
                    + "To: " + to + (to.contains(";tag=") ? "" : ";tag=tw") + "\r\n"
                    + "Call-ID: " + header(request, "Call-ID") + "\r\n"
                    + "CSeq: " + header(request, "CSeq") + "\r\n"
                    + extra
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(2_000);
            client.close();
        }
    }
}
