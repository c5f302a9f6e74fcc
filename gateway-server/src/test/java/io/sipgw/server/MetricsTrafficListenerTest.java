package io.sipgw.server;

import static io.sipgw.testing.SipTestMessages.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sipgw.sip.SipMessage;
import io.sipgw.testing.Parse;
import io.sipgw.transport.TransportKind;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class MetricsTrafficListenerTest {

    private static final InetSocketAddress PEER = new InetSocketAddress("2001:db8::7", 5061);
    private static final String REGISTER = crlf("REGISTER sip:gw.example.com SIP/2.0\n"
            + "Via: SIP/2.0/TLS [2001:db8::7]:5061;branch=z9hG4bK-1\n"
            + "From: <sip:15550001111@gw.example.com>;tag=1\n"
            + "To: <sip:15550001111@gw.example.com>\n"
            + "Call-ID: reg-1\n"
            + "CSeq: 2 REGISTER\n"
            + "Authorization: Digest username=\"15550001111\", realm=\"gw\", nonce=\"abc\", uri=\"sip:gw\", "
            + "response=\"0123456789abcdef0123456789abcdef\"\n"
            + "Content-Length: 0\n\n");

    private final GatewayMetrics metrics = new GatewayMetrics();
    private final MetricsTrafficListener listener = new MetricsTrafficListener(metrics);
    private final Logger trace = (Logger) LoggerFactory.getLogger("sip.trace");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @AfterEach
    void close() {
        trace.detachAppender(lines);
        trace.setLevel(null);
        trace.setAdditive(true);
        metrics.close();
    }

    private double count(String name, String... tags) {
        return metrics.registry().get(name).tags(tags).counter().count();
    }

    @Test
    void countsByTransportMethodAndStatusClass() {
        SipMessage request = Parse.message(REGISTER);
        SipMessage response = Parse.message(crlf("SIP/2.0 486 Busy Here\nVia: SIP/2.0/UDP h;branch=z9hG4bK-2\n"
                + "From: <sip:a@h>;tag=1\nTo: <sip:b@h>;tag=2\nCall-ID: c\nCSeq: 1 INVITE\nContent-Length: 0\n\n"));
        try {
            listener.messageIn(TransportKind.TLS, PEER, request);
            listener.messageOut(TransportKind.UDP, PEER, response);
            listener.messageDropped(TransportKind.UDP, PEER, response, "no matching transaction");
            listener.decodeFailure(TransportKind.TCP, PEER, "Missing Call-ID", true);
            listener.tlsHandshakeFailure(PEER, new SSLHandshakeException("certificate_unknown"));
        } finally {
            request.release();
            response.release();
        }

        assertThat(count("sipgw.sip.messages.received", "transport", "tls", "message", "REGISTER")).isEqualTo(1);
        assertThat(count("sipgw.sip.messages.sent", "transport", "udp", "message", "4xx")).isEqualTo(1);
        assertThat(count("sipgw.sip.messages.dropped", "transport", "udp", "reason", "no_matching_transaction"))
                .isEqualTo(1);
        assertThat(count("sipgw.sip.parse.failures", "transport", "tcp", "reason", "missing_call_id")).isEqualTo(1);
        assertThat(count("sipgw.tls.handshake.failures", "side", "server", "reason", "sslhandshakeexception"))
                .isEqualTo(1);
    }

    @Test
    void tracesWholeMessagesWithSecretsMaskedOnlyWhenSipTraceIsOn() {
        lines.start();
        trace.addAppender(lines);
        trace.setAdditive(false);
        SipMessage request = Parse.message(REGISTER);
        try {
            listener.messageIn(TransportKind.TLS, PEER, request);
            trace.setLevel(Level.TRACE);
            listener.messageIn(TransportKind.TLS, PEER, request);
        } finally {
            request.release();
        }

        assertThat(lines.list).hasSize(1);
        String line = lines.list.get(0).getFormattedMessage();
        assertThat(line).startsWith("received over TLS from [2001:db8::7]:5061:")
                .contains("Call-ID: reg-1")
                .contains("response=\"****\"")
                .doesNotContain("0123456789abcdef");
    }
}
