package io.sipgw.server;

import io.netty.util.NetUtil;
import io.sipgw.pipeline.SipTrafficListener;
import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.transport.TransportKind;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the pipeline's traffic reports into {@link GatewayMetrics} counters, and prints whole messages, secrets
 * masked by {@link SipTraceMasker}, on the {@code sip.trace} logger at TRACE.
 */
final class MetricsTrafficListener implements SipTrafficListener {

    private static final Logger TRACE = LoggerFactory.getLogger("sip.trace");
    private static final Logger LOG = LoggerFactory.getLogger(MetricsTrafficListener.class);

    private final GatewayMetrics metrics;

    MetricsTrafficListener(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void messageIn(TransportKind transport, InetSocketAddress remote, SipMessage message) {
        metrics.messageIn(tag(transport), methodOrStatus(message));
        trace("received over", transport, "from", remote, message);
    }

    @Override
    public void messageOut(TransportKind transport, InetSocketAddress remote, SipMessage message) {
        metrics.messageOut(tag(transport), methodOrStatus(message));
        trace("sent over", transport, "to", remote, message);
    }

    @Override
    public void decodeFailure(TransportKind transport, InetSocketAddress remote, String reason, boolean answered) {
        metrics.parseFailure(tag(transport), reason);
        LOG.debug("malformed message over {} from {}: {} ({})", transport, address(remote), reason,
                answered ? "answered" : "dropped");
    }

    @Override
    public void messageDropped(TransportKind transport, InetSocketAddress remote, SipMessage message,
                               String reason) {
        metrics.messageDropped(tag(transport), reason);
        LOG.debug("{} over {} from {} dropped: {}", message.startLine(), transport, address(remote), reason);
    }

    @Override
    public void tlsHandshakeFailure(InetSocketAddress remote, Throwable cause) {
        // The exception's class names the kind of failure and keeps the number of series small; the pipeline
        // logs the full reason.
        metrics.tlsHandshakeFailure("server", cause.getClass().getSimpleName());
    }

    @Override
    public void connectionOpened(TransportKind transport, InetSocketAddress remote) {
        metrics.connectionOpened(tag(transport));
    }

    @Override
    public void connectionClosed(TransportKind transport, InetSocketAddress remote) {
        metrics.connectionClosed(tag(transport));
    }

    @Override
    public void connectionRefused(TransportKind transport, InetSocketAddress remote, String reason) {
        // The pipeline logs refusals, at most once a minute per source.
        metrics.connectionRefused(tag(transport), reason);
    }

    @Override
    public void connectionTimedOut(TransportKind transport, InetSocketAddress remote, String reason) {
        // The pipeline logs the timeout.
        metrics.connectionTimedOut(tag(transport), reason);
    }

    @Override
    public void rateLimited(TransportKind transport, InetSocketAddress remote, boolean answered) {
        metrics.rateLimited(tag(transport), answered);
        LOG.debug("request over {} from {} {}: over the per-source rate limit", transport, address(remote),
                answered ? "refused 503" : "dropped");
    }

    private static void trace(String verb, TransportKind transport, String preposition, InetSocketAddress remote,
                              SipMessage message) {
        if (TRACE.isTraceEnabled()) {
            TRACE.trace("{} {} {} {}:{}{}", verb, transport, preposition, address(remote), System.lineSeparator(),
                    SipTraceMasker.mask(message.content().toString(StandardCharsets.UTF_8)));
        }
    }

    private static String methodOrStatus(SipMessage message) {
        return message instanceof SipRequest ? ((SipRequest) message).method().name()
                : Integer.toString(((SipResponse) message).status());
    }

    private static String tag(TransportKind transport) {
        return transport.token().toLowerCase(Locale.ROOT);
    }

    private static String address(InetSocketAddress remote) {
        return remote == null ? "(unknown)" : NetUtil.toSocketAddressString(remote);
    }
}
