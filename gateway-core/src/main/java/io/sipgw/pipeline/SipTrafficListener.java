package io.sipgw.pipeline;

import io.sipgw.sip.SipMessage;
import io.sipgw.transport.TransportKind;

import java.net.InetSocketAddress;

/**
 * Hears about the SIP traffic of the gateway's channels, for counters and traces; every method does nothing by
 * default. Called on the channel's event loop, so an implementation must be quick and safe to call from several
 * loops at once. A message passed in is only valid during the call and must not be retained or released.
 */
public interface SipTrafficListener {

    /** A listener that ignores everything. */
    SipTrafficListener NONE = new SipTrafficListener() {
    };

    /** A message was received from {@code remote}. */
    default void messageIn(TransportKind transport, InetSocketAddress remote, SipMessage message) {
    }

    /** A message is being written to {@code remote}. */
    default void messageOut(TransportKind transport, InetSocketAddress remote, SipMessage message) {
    }

    /**
     * Bytes from {@code remote} were not an acceptable SIP message.
     *
     * @param reason   what was wrong, a short fixed phrase from the codec such as {@code "Missing Call-ID"}
     * @param answered whether the sender is told so with an error response; otherwise the bytes are dropped
     */
    default void decodeFailure(TransportKind transport, InetSocketAddress remote, String reason, boolean answered) {
    }

    /**
     * A well-formed message was dropped without an answer.
     *
     * @param reason a short fixed phrase, such as {@code "no matching transaction"}
     */
    default void messageDropped(TransportKind transport, InetSocketAddress remote, SipMessage message,
                                String reason) {
    }

    /**
     * A TLS handshake with a peer that connected to us failed (bad certificate, no common protocol or cipher,
     * not TLS at all, timeout); the connection is closed. {@code remote} is {@code null} on a channel that is not
     * an IP connection.
     */
    default void tlsHandshakeFailure(InetSocketAddress remote, Throwable cause) {
    }

    /** An inbound TCP or TLS connection from {@code remote} was admitted; {@link #connectionClosed} follows. */
    default void connectionOpened(TransportKind transport, InetSocketAddress remote) {
    }

    /** An inbound connection that {@link #connectionOpened} reported has closed, for whatever reason. */
    default void connectionClosed(TransportKind transport, InetSocketAddress remote) {
    }

    /**
     * An inbound connection was closed at once because a connection limit was reached.
     *
     * @param reason a short fixed phrase: {@code "total limit"} or {@code "source limit"}
     */
    default void connectionRefused(TransportKind transport, InetSocketAddress remote, String reason) {
    }

    /**
     * An inbound connection was closed because a timeout expired.
     *
     * @param reason a short fixed phrase: {@code "idle"} (no traffic either way) or {@code "slow sender"}
     *               (a message begun and not finished in time)
     */
    default void connectionTimedOut(TransportKind transport, InetSocketAddress remote, String reason) {
    }

    /**
     * A request from {@code remote} over {@code transport} was refused because its source exceeded the
     * {@link SourceRateLimiter}: answered 503, or dropped when the source had used up its 503s too.
     */
    default void rateLimited(TransportKind transport, InetSocketAddress remote, boolean answered) {
    }
}
