package io.sipgw.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One media section of a session description: its {@code m=} line and the lines up to the next one
 * (RFC 8866 §5.14), immutable.
 */
public final class MediaDescription {

    private final SdpLine mediaLine;
    private final MediaLine fields;
    private final List<SdpLine> lines;
    private final Connection connection;

    MediaDescription(SdpLine mediaLine, MediaLine fields, List<SdpLine> lines, Connection connection) {
        this.mediaLine = mediaLine;
        this.fields = fields;
        this.lines = lines;
        this.connection = connection;
    }

    /** The media type, such as "audio" or "video". */
    public String media() {
        return fields.media();
    }

    /** The transport port; 0 means the stream is disabled or declined (RFC 3264 §5.1, §6). */
    public int port() {
        return fields.port();
    }

    /** The transport protocol, such as "RTP/AVP", "RTP/SAVP" or "UDP/TLS/RTP/SAVPF". */
    public String proto() {
        return fields.proto();
    }

    /** The formats in preference order; RTP payload type numbers for RTP protocols. */
    public List<String> formats() {
        return fields.formats();
    }

    /** The section's own {@code c=} line, if it has one (otherwise the session-level one applies). */
    public Optional<Connection> connection() {
        return Optional.ofNullable(connection);
    }

    /** The values of every {@code a=<name>} line of this section, in order ("" for a property attribute). */
    public List<String> attributes(String name) {
        return SdpLine.attributeValues(lines, name);
    }

    /** What an RTP format carries, from its {@code a=rtpmap} or else the RFC 3551 static table. */
    public Optional<RtpEncoding> encoding(String format) {
        return Optional.ofNullable(encodingOf(MediaLine.number(format, 127)));
    }

    /** The encoding of a payload type, or null when the section neither maps it nor is it static. */
    RtpEncoding encodingOf(int payloadType) {
        if (payloadType < 0) {
            return null;
        }
        for (SdpLine line : lines) {
            if (line.isAttribute("rtpmap") && line.payloadType() == payloadType) {
                return RtpEncoding.parseRtpmap(line.attributeValue());
            }
        }
        return StaticPayloadTypes.audio(payloadType);
    }

    boolean hasAttribute(String name) {
        return SdpLine.anyAttribute(lines, name);
    }

    boolean isAudio() {
        return "audio".equals(fields.media());
    }

    boolean isRtp() {
        return fields.isRtp();
    }

    /** The same section with port 0, its lines untouched: how RFC 3264 §8.2 removes a stream without deleting it. */
    MediaDescription disabled() {
        MediaLine off = fields.withPort(0);
        return new MediaDescription(SdpLine.of(off.toLine()), off, lines, connection);
    }

    /**
     * The same section offering only {@code kept}, a sub-list of {@link #formats()} in the same order, without
     * the {@code a=rtpmap}, {@code a=fmtp} and {@code a=rtcp-fb} lines of the payload types left out.
     */
    MediaDescription withFormats(List<String> kept) {
        MediaLine narrowed = fields.withFormats(kept);
        List<SdpLine> remaining = new ArrayList<>(lines.size());
        for (SdpLine line : lines) {
            if (!describesDroppedFormat(line, kept)) {
                remaining.add(line);
            }
        }
        return new MediaDescription(SdpLine.of(narrowed.toLine()), narrowed, remaining, connection);
    }

    private boolean describesDroppedFormat(SdpLine line, List<String> kept) {
        if (line.type() != 'a') {
            return false;
        }
        int payloadType = line.payloadType();
        if (payloadType < 0 || !(line.isAttribute("rtpmap") || line.isAttribute("fmtp")
                || line.isAttribute("rtcp-fb"))) {
            return false;
        }
        return listsPayloadType(fields.formats(), payloadType) && !listsPayloadType(kept, payloadType);
    }

    private static boolean listsPayloadType(List<String> formats, int payloadType) {
        for (String format : formats) {
            if (MediaLine.number(format, 127) == payloadType) {
                return true;
            }
        }
        return false;
    }

    List<SdpLine> lines() {
        return lines;
    }

    int byteLength() {
        int total = mediaLine.length() + 2;
        for (SdpLine line : lines) {
            total += line.length() + 2;
        }
        return total;
    }

    int writeTo(byte[] dst, int offset) {
        int at = SessionDescription.writeLine(mediaLine, dst, offset);
        for (SdpLine line : lines) {
            at = SessionDescription.writeLine(line, dst, at);
        }
        return at;
    }

    void appendRedacted(StringBuilder out) {
        out.append(mediaLine.text()).append("\r\n");
        for (SdpLine line : lines) {
            out.append(line.redacted()).append("\r\n");
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(256);
        appendRedacted(out);
        return out.toString();
    }
}
