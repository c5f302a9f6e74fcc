package io.sipgw.sdp;

import java.util.ArrayList;
import java.util.Collections;
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

    MediaDescription(SdpLine mediaLine, MediaLine fields, List<SdpLine> lines) {
        this.mediaLine = mediaLine;
        this.fields = fields;
        this.lines = lines;
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
        return SdpLine.connection(lines);
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
        for (int i = 0; i < lines.size(); i++) {
            SdpLine line = lines.get(i);
            if (line.isAttribute("rtpmap") && line.payloadType() == payloadType) {
                return line.rtpmap();
            }
        }
        return StaticPayloadTypes.audio(payloadType);
    }

    /**
     * The encodings of {@link #formats()} in order, null where a format is unknown: one pass over the lines
     * instead of one per format. The first rtpmap of a payload type wins, as in {@link #encodingOf}.
     */
    RtpEncoding[] encodings() {
        List<String> formats = fields.formats();
        int n = formats.size();
        int[] payloadTypes = new int[n];
        for (int i = 0; i < n; i++) {
            payloadTypes[i] = MediaLine.number(formats.get(i), 127);
        }
        RtpEncoding[] encodings = new RtpEncoding[n];
        boolean[] mapped = new boolean[n];
        for (int l = 0; l < lines.size(); l++) {
            SdpLine line = lines.get(l);
            if (line.attributeInitial() != 'r' || !line.isAttribute("rtpmap")) {
                continue;
            }
            int payloadType = line.payloadType();
            RtpEncoding encoding = null;
            for (int i = 0; i < n; i++) {
                if (payloadTypes[i] == payloadType && payloadType >= 0 && !mapped[i]) {
                    encoding = encoding == null ? line.rtpmap() : encoding;
                    encodings[i] = encoding;
                    mapped[i] = true;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (!mapped[i]) {
                encodings[i] = StaticPayloadTypes.audio(payloadTypes[i]);
            }
        }
        return encodings;
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
        return new MediaDescription(off.toLine(), off, lines);
    }

    /**
     * The same section offering only {@code kept}, a sub-list of {@link #formats()} in the same order, without
     * the {@code a=rtpmap}, {@code a=fmtp} and {@code a=rtcp-fb} lines of the payload types left out.
     */
    MediaDescription withFormats(List<String> kept) {
        MediaLine narrowed = fields.withFormats(kept);
        // The dropped payload types as a 128-bit set, so each line is tested without parsing the formats again.
        long droppedLow = 0;
        long droppedHigh = 0;
        for (int i = 0, k = 0; i < fields.formats().size(); i++) {
            String format = fields.formats().get(i);
            if (k < kept.size() && kept.get(k).equals(format)) {
                k++;
                continue;
            }
            int payloadType = MediaLine.number(format, 127);
            if (payloadType >= 64) {
                droppedHigh |= 1L << (payloadType - 64);
            } else if (payloadType >= 0) {
                droppedLow |= 1L << payloadType;
            }
        }
        List<SdpLine> remaining = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            SdpLine line = lines.get(i);
            int initial = line.attributeInitial();
            boolean perFormat = initial == 'r' && (line.isAttribute("rtpmap") || line.isAttribute("rtcp-fb"))
                    || initial == 'f' && line.isAttribute("fmtp");
            int payloadType = perFormat ? line.payloadType() : -1;
            long set = payloadType >= 64 ? droppedHigh >>> (payloadType - 64) : droppedLow >>> payloadType;
            boolean dropped = payloadType >= 0 && payloadType < 128 && (set & 1) != 0;
            if (!dropped) {
                remaining.add(line);
            }
        }
        return new MediaDescription(narrowed.toLine(), narrowed, Collections.unmodifiableList(remaining));
    }

    List<SdpLine> lines() {
        return lines;
    }

    int byteLength() {
        return mediaLine.length() + 2 + SdpLine.byteLength(lines);
    }

    int writeTo(byte[] dst, int offset) {
        return SdpLine.writeAll(lines, dst, mediaLine.writeLineTo(dst, offset));
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
