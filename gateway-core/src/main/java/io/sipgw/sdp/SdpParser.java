package io.sipgw.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Scans an SDP body line by line (RFC 8866 §5), enforcing the limits while it scans, and builds a
 * {@link SessionDescription}; anything it cannot accept is an {@link SdpParseException}.
 */
final class SdpParser {

    private final SdpLimits limits;

    SdpParser(SdpLimits limits) {
        this.limits = limits;
    }

    SessionDescription parse(byte[] body) throws SdpParseException {
        if (body.length > limits.maxBytes()) {
            throw new SdpParseException("SDP body of " + body.length + " bytes exceeds the limit of "
                    + limits.maxBytes(), 0);
        }
        Builder builder = new Builder();
        int lineNumber = 0;
        int pos = 0;
        int n = body.length;
        while (pos < n) {
            if (++lineNumber > limits.maxLines()) {
                throw new SdpParseException("more than " + limits.maxLines() + " lines", lineNumber);
            }
            int end = pos;
            for (; end < n; end++) {
                int b = body[end] & 0xFF;
                if (b > '\r') {
                    continue; // one comparison for the ordinary bytes; LF, CR and NUL are all below it
                }
                if (b == '\n') {
                    break;
                }
                if (b == 0 || (b == '\r' && end + 1 < n && body[end + 1] != '\n')) {
                    throw new SdpParseException(b == 0 ? "NUL byte" : "CR not followed by LF", lineNumber);
                }
            }
            int next = end + 1;
            if (end > pos && body[end - 1] == '\r') {
                end--;
            }
            if (end > pos) {
                builder.add(new SdpLine(body, pos, end), lineNumber);
            }
            pos = next;
        }
        return builder.build();
    }

    /** The state of one parse: which section we are in and what the session level has shown so far. */
    private static final class Builder {

        private final List<SdpLine> sessionLines = new ArrayList<>(12);
        private final List<MediaDescription> media = new ArrayList<>(2);
        private int originIndex = -1;
        private boolean sessionConnection;

        private SdpLine mediaLine;
        private MediaLine mediaFields;
        private int mediaLineNumber;
        private List<SdpLine> mediaLines;
        private boolean mediaConnection;

        void add(SdpLine line, int lineNumber) throws SdpParseException {
            if (!line.hasTypeAndEquals()) {
                throw new SdpParseException("not a <type>=<value> line", lineNumber);
            }
            char type = line.type();
            if (sessionLines.isEmpty()) {
                // RFC 8866 §5.1: the description starts with v=0.
                if (!line.is("v=0")) {
                    throw new SdpParseException("SDP must start with v=0", lineNumber);
                }
                sessionLines.add(line);
                return;
            }
            if (type == 'm') {
                closeMedia();
                mediaLine = line;
                mediaFields = MediaLine.parse(line.value(), lineNumber);
                mediaLineNumber = lineNumber;
                mediaLines = new ArrayList<>(16);
                mediaConnection = false;
                return;
            }
            if (mediaLine != null) {
                if (type == 'c') {
                    Connection.check(line, lineNumber);
                    mediaConnection = true;
                }
                mediaLines.add(line);
                return;
            }
            if (type == 'o') {
                if (originIndex >= 0) {
                    throw new SdpParseException("second o= line", lineNumber);
                }
                Origin.check(line, lineNumber);
                originIndex = sessionLines.size();
            } else if (type == 'c') {
                Connection.check(line, lineNumber);
                sessionConnection = true;
            }
            sessionLines.add(line);
        }

        SessionDescription build() throws SdpParseException {
            if (sessionLines.isEmpty()) {
                throw new SdpParseException("empty SDP body", 0);
            }
            if (originIndex < 0) {
                throw new SdpParseException("no o= line", 0);
            }
            closeMedia();
            return new SessionDescription(Collections.unmodifiableList(sessionLines), originIndex,
                    Collections.unmodifiableList(media));
        }

        private void closeMedia() throws SdpParseException {
            if (mediaLine == null) {
                return;
            }
            // RFC 8866 §5.7: every active stream needs a c= line, its own or the session's.
            if (mediaFields.port() != 0 && !mediaConnection && !sessionConnection) {
                throw new SdpParseException("media section has no c= line and the session has none",
                        mediaLineNumber);
            }
            media.add(new MediaDescription(mediaLine, mediaFields, Collections.unmodifiableList(mediaLines)));
            mediaLine = null;
        }
    }
}
