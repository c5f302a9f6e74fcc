package io.sipgw.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An immutable RFC 8866 session description: the session-level lines, then the media sections, every line kept
 * in order and every line we do not interpret kept byte for byte.
 *
 * <p>Parsing accepts CRLF and bare LF line ends; writing always uses CRLF (RFC 8866 §5). The parsed body's bytes
 * are referenced, not copied: the caller must not modify the array afterwards. {@link #toString()} masks SRTP keys
 * and ICE passwords, so a description may be logged.
 */
public final class SessionDescription {

    private final List<SdpLine> sessionLines;
    private final int originIndex;
    private final List<MediaDescription> media;

    SessionDescription(List<SdpLine> sessionLines, int originIndex, List<MediaDescription> media) {
        this.sessionLines = sessionLines;
        this.originIndex = originIndex;
        this.media = media;
    }

    /** Parses a body within {@link SdpLimits#DEFAULT}. */
    public static SessionDescription parse(byte[] body) throws SdpParseException {
        return parse(body, SdpLimits.DEFAULT);
    }

    /** Parses a body, refusing it as soon as it breaks a limit or the RFC 8866 syntax. */
    public static SessionDescription parse(byte[] body, SdpLimits limits) throws SdpParseException {
        return new SdpParser(limits).parse(body);
    }

    /** The {@code o=} line. */
    public Origin origin() {
        return Origin.parse(sessionLines.get(originIndex));
    }

    /** The session-level {@code c=} line, if there is one. */
    public Optional<Connection> connection() {
        return SdpLine.connection(sessionLines);
    }

    /** The media sections in order. */
    public List<MediaDescription> media() {
        return media;
    }

    /** The values of every session-level {@code a=<name>} line, in order ("" for a property attribute). */
    public List<String> attributes(String name) {
        return SdpLine.attributeValues(sessionLines, name);
    }

    /** The body as bytes with CRLF line ends. */
    public byte[] toBytes() {
        int size = SdpLine.byteLength(sessionLines);
        for (int i = 0; i < media.size(); i++) {
            size += media.get(i).byteLength();
        }
        byte[] out = new byte[size];
        int at = SdpLine.writeAll(sessionLines, out, 0);
        for (int i = 0; i < media.size(); i++) {
            at = media.get(i).writeTo(out, at);
        }
        return out;
    }

    /**
     * The same description with the {@code o=} version incremented, for a body that changes within a dialog in
     * which an earlier version was already sent (RFC 3264 §8, RFC 8866 §5.2).
     */
    public SessionDescription withNextVersion() {
        List<SdpLine> lines = new ArrayList<>(sessionLines);
        lines.set(originIndex, SdpLine.of(origin().withNextVersion().toLine()));
        return new SessionDescription(List.copyOf(lines), originIndex, media);
    }

    List<SdpLine> sessionLines() {
        return sessionLines;
    }

    /** Other session-level lines, which still hold the {@code o=} line, and other media sections. */
    SessionDescription with(List<SdpLine> newSessionLines, List<MediaDescription> newMedia) {
        int origin = 0;
        while (newSessionLines.get(origin).type() != 'o') {
            origin++;
        }
        return new SessionDescription(newSessionLines, origin, newMedia);
    }

    /** The body as text with SRTP keys and ICE passwords masked, safe for logs. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(1024);
        for (SdpLine line : sessionLines) {
            out.append(line.redacted()).append("\r\n");
        }
        for (MediaDescription section : media) {
            section.appendRedacted(out);
        }
        return out.toString();
    }
}
