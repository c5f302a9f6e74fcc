package io.sipgw.call;

import java.time.Duration;

/** Hears about each call's life (for metrics); called on the call's event loop, so it must not block. */
public interface CallEvents {

    /** Ignores every event. */
    CallEvents NONE = new CallEvents() {
    };

    /** A call was admitted and its callee INVITE sent. */
    default void started(String callerCallId) {
    }

    /**
     * An INVITE was refused before any call existed.
     *
     * @param cause {@code source} (not allow-listed), {@code auth} (bad credentials), {@code auth-limit} (too many
     *              failures from its source), {@code route} (nothing to call), {@code sdp} (media policy), or
     *              {@code capacity} (too many calls or transactions: 503)
     */
    default void refused(String cause) {
    }

    /** The callee answered (2xx) after {@code setup}. */
    default void answered(String callerCallId, Duration setup) {
    }

    /**
     * The call ended.
     *
     * @param reason   the outcome, e.g. {@code completed}, {@code rejected-486}, {@code cancelled}, {@code refused-sdp}
     * @param total    from the INVITE to the end
     * @param talkTime from the answer to the end ({@link Duration#ZERO} when never answered)
     */
    default void ended(String callerCallId, String reason, Duration total, Duration talkTime) {
    }
}
