package io.sipgw.call;

import io.sipgw.sdp.Connection;
import io.sipgw.sdp.MediaDescription;
import io.sipgw.sdp.SessionDescription;

import java.util.Optional;

/**
 * Whether a new SDP from a peer moves its media (another address, port or transport profile on some stream) or
 * only refreshes the session; a refresh can be answered from what the gateway already sent, a move cannot.
 */
final class MediaChange {

    private MediaChange() {
    }

    /**
     * Where the media of {@code sdp} goes, stream by stream (port, profile, connection address), as one short
     * string: all a call keeps of a peer's SDP to tell a refresh from a move.
     */
    static String key(SessionDescription sdp) {
        StringBuilder key = new StringBuilder();
        for (MediaDescription media : sdp.media()) {
            key.append(media.port()).append(' ').append(media.proto()).append(' ')
                    .append(address(sdp, media)).append('|');
        }
        return key.toString();
    }

    /** True when {@code next} puts a stream of the SDP whose {@link #key} is {@code previous} elsewhere. */
    static boolean moves(String previous, SessionDescription next) {
        return !previous.equals(key(next));
    }

    /** The stream's connection address: its own c= line, else the session's (RFC 4566 section 5.7). */
    private static String address(SessionDescription session, MediaDescription media) {
        Optional<Connection> c = media.connection().or(session::connection);
        return c.map(Connection::address).orElse(null);
    }
}
