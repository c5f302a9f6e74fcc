package io.sipgw.sdp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code <type>=<value>} line of a session description, held as a view into the bytes it was parsed from.
 *
 * <p>Lines are never decoded unless asked, and when they are, they are decoded as ISO-8859-1 so that every byte
 * maps to one char: SDP text is UTF-8 (RFC 8866 §5), and a line we do not understand is written back byte for byte.
 */
final class SdpLine {

    private final byte[] bytes;
    private final int start;
    private final int end;

    SdpLine(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.start = start;
        this.end = end;
    }

    /** A new line from text whose chars are all below 256 (built by us, never from the network). */
    static SdpLine of(String text) {
        byte[] b = text.getBytes(ISO_8859_1);
        return new SdpLine(b, 0, b.length);
    }

    /** True when the line starts with one letter and "=" (RFC 8866 §5: {@code <type>=<value>}). */
    boolean hasTypeAndEquals() {
        if (end - start < 2 || bytes[start + 1] != '=') {
            return false;
        }
        int letter = bytes[start] | 0x20;
        return letter >= 'a' && letter <= 'z';
    }

    /** The bytes the line is a view into; with {@link #valueStart()} and {@link #end()} for byte-level checks. */
    byte[] bytes() {
        return bytes;
    }

    /** The index of the value's first byte, after {@code <type>=}. */
    int valueStart() {
        return start + 2;
    }

    /** The index after the line's last byte. */
    int end() {
        return end;
    }

    /** True when the line is exactly {@code text}, which is ASCII. */
    boolean is(String text) {
        if (end - start != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (bytes[start + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    char type() {
        return (char) bytes[start];
    }

    int length() {
        return end - start;
    }

    /** The whole line, type letter included. */
    String text() {
        return new String(bytes, start, end - start, ISO_8859_1);
    }

    /** Everything after {@code <type>=}. */
    String value() {
        return new String(bytes, start + 2, end - start - 2, ISO_8859_1);
    }

    /**
     * The first letter of an attribute's name in lower case, or 0 for other lines: a cheap first test before
     * {@link #isAttribute}, for loops that look for several names on every line.
     */
    int attributeInitial() {
        return bytes[start] == 'a' && end - start > 2 ? bytes[start + 2] | 0x20 : 0;
    }

    /** True for {@code a=<name>} and {@code a=<name>:<value>}; names compare ASCII case-insensitively. */
    boolean isAttribute(String name) {
        int n = name.length();
        if (bytes[start] != 'a' || end - start < 2 + n) {
            return false;
        }
        int p = start + 2;
        for (int i = 0; i < n; i++) {
            if ((bytes[p + i] | 0x20) != (name.charAt(i) | 0x20)) {
                return false;
            }
        }
        return p + n == end || bytes[p + n] == ':';
    }

    /** The value of an attribute line after {@code a=<name>:}, or "" for a property attribute (RFC 8866 §5.13). */
    String attributeValue() {
        for (int p = start + 2; p < end; p++) {
            if (bytes[p] == ':') {
                return new String(bytes, p + 1, end - p - 1, ISO_8859_1);
            }
        }
        return "";
    }

    /**
     * The payload type that starts the value of a format-specific attribute ({@code a=rtpmap:96 ...},
     * {@code a=fmtp:96 ...}, {@code a=rtcp-fb:96 ...}), or -1 when the value does not start with a number
     * (such as {@code a=rtcp-fb:*}).
     */
    int payloadType() {
        int p = start + 2;
        while (p < end && bytes[p] != ':') {
            p++;
        }
        if (p == end) {
            return -1;
        }
        int value = 0;
        int digits = 0;
        for (p++; p < end && bytes[p] >= '0' && bytes[p] <= '9' && digits < 4; p++, digits++) {
            value = value * 10 + (bytes[p] - '0');
        }
        boolean delimited = p == end || bytes[p] == ' ';
        return digits > 0 && delimited ? value : -1;
    }

    /** The encoding of an {@code a=rtpmap} line (RFC 8866 §6.6), or null when it is malformed. */
    RtpEncoding rtpmap() {
        int colon = start + 2;
        while (colon < end && bytes[colon] != ':') {
            colon++;
        }
        return RtpEncoding.parseRtpmap(bytes, colon + 1, end);
    }

    /** The values of every {@code a=<name>} line among {@code lines}, in order. */
    static List<String> attributeValues(List<SdpLine> lines, String name) {
        List<String> values = new ArrayList<>(2);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isAttribute(name)) {
                values.add(lines.get(i).attributeValue());
            }
        }
        return values;
    }

    /** The first {@code c=} line among {@code lines}, parsed (the parser has checked it). */
    static Optional<Connection> connection(List<SdpLine> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).type() == 'c') {
                return Optional.of(Connection.parse(lines.get(i)));
            }
        }
        return Optional.empty();
    }

    /** The bytes {@code lines} take when written with CRLF. */
    static int byteLength(List<SdpLine> lines) {
        int total = 0;
        for (int i = 0; i < lines.size(); i++) {
            total += lines.get(i).length() + 2;
        }
        return total;
    }

    /** Writes {@code lines} with CRLF into {@code dst} at {@code offset} and returns the offset after them. */
    static int writeAll(List<SdpLine> lines, byte[] dst, int offset) {
        int at = offset;
        for (int i = 0; i < lines.size(); i++) {
            at = lines.get(i).writeLineTo(dst, at);
        }
        return at;
    }

    /** Copies the line and a CRLF into {@code dst} at {@code offset} and returns the offset after them. */
    int writeLineTo(byte[] dst, int offset) {
        int at = offset + end - start;
        System.arraycopy(bytes, start, dst, offset, end - start);
        dst[at] = '\r';
        dst[at + 1] = '\n';
        return at + 2;
    }

    /** The line for logs: SRTP keys (RFC 4568 §6.1 key-params) and ICE passwords are masked. */
    String redacted() {
        if (isAttribute("ice-pwd")) {
            return "a=ice-pwd:***";
        }
        String text = text();
        if (!isAttribute("crypto")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int at = text.indexOf("inline:"); at >= 0; at = text.indexOf("inline:", from)) {
            out.append(text, from, at + 7).append("***");
            from = at + 7;
            while (from < text.length() && text.charAt(from) != '|' && text.charAt(from) != ' '
                    && text.charAt(from) != ';') {
                from++;
            }
        }
        return out.append(text, from, text.length()).toString();
    }

    @Override
    public String toString() {
        return redacted();
    }
}
