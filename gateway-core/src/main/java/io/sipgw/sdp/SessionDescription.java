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
    private final Origin origin;
    private final Connection connection;
    private final List<MediaDescription> media;

    SessionDescription(List<SdpLine> sessionLines, int originIndex, Origin origin, Connection connection,
                       List<MediaDescription> media) {
        this.sessionLines = sessionLines;
        this.originIndex = originIndex;
        this.origin = origin;
        this.connection = connection;
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
        return origin;
    }

    /** The session-level {@code c=} line, if there is one. */
    public Optional<Connection> connection() {
        return Optional.ofNullable(connection);
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
        int size = 0;
        for (SdpLine line : sessionLines) {
            size += line.length() + 2;
        }
        for (MediaDescription section : media) {
            size += section.byteLength();
        }
        byte[] out = new byte[size];
        int at = 0;
        for (SdpLine line : sessionLines) {
            at = writeLine(line, out, at);
        }
        for (MediaDescription section : media) {
            at = section.writeTo(out, at);
        }
        return out;
    }

    /**
     * The same description with the {@code o=} version incremented, for a body that changes within a dialog in
     * which an earlier version was already sent (RFC 3264 §8, RFC 8866 §5.2).
     */
    public SessionDescription withNextVersion() {
        Origin next = origin.withNextVersion();
        List<SdpLine> lines = new ArrayList<>(sessionLines);
        lines.set(originIndex, SdpLine.of(next.toLine()));
        return new SessionDescription(List.copyOf(lines), originIndex, next, connection, media);
    }

    List<SdpLine> sessionLines() {
        return sessionLines;
    }

    boolean hasSessionAttribute(String name) {
        return SdpLine.anyAttribute(sessionLines, name);
    }

    /** The same session-level lines (with the {@code o=} line at the same place) and other media sections. */
    SessionDescription with(List<SdpLine> newSessionLines, List<MediaDescription> newMedia) {
        return new SessionDescription(newSessionLines, originIndex, origin, connection, newMedia);
    }

    static int writeLine(SdpLine line, byte[] dst, int offset) {
        int at = line.writeTo(dst, offset);
        dst[at] = '\r';
        dst[at + 1] = '\n';
        return at + 2;
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
