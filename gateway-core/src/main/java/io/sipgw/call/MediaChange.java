package io.sipgw.call;

import io.sipgw.sdp.Connection;
import io.sipgw.sdp.MediaDescription;
import io.sipgw.sdp.SessionDescription;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a new SDP from a peer moves its media (another address, port or transport profile on some stream) or
 * only refreshes the session; a refresh can be answered from what the gateway already sent, a move cannot.
 */
final class MediaChange {

    private MediaChange() {
    }

    /** True when {@code next} puts a stream of {@code previous} elsewhere, or has other streams. */
    static boolean moves(SessionDescription previous, SessionDescription next) {
        List<MediaDescription> before = previous.media();
        List<MediaDescription> after = next.media();
        if (before.size() != after.size()) {
            return true;
        }
        for (int i = 0; i < before.size(); i++) {
            MediaDescription a = before.get(i);
            MediaDescription b = after.get(i);
            if (a.port() != b.port() || !a.proto().equals(b.proto())
                    || !Objects.equals(address(previous, a), address(next, b))) {
                return true;
            }
        }
        return false;
    }

    /** The stream's connection address: its own c= line, else the session's (RFC 4566 section 5.7). */
    private static String address(SessionDescription session, MediaDescription media) {
        Optional<Connection> c = media.connection().or(session::connection);
        return c.map(Connection::address).orElse(null);
    }
}
