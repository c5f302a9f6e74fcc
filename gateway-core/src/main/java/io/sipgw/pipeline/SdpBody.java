package io.sipgw.pipeline;

import io.netty.buffer.ByteBufUtil;
import io.sipgw.sip.SipMessage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where the SDP of a message is: the whole body ({@code application/sdp}) or one part of a {@code multipart/mixed}
 * body (RFC 5621); and how to put a rewritten SDP back, keeping every other byte of the body.
 */
final class SdpBody {

    private final byte[] body;
    private final int sdpStart;
    private final int sdpEnd;

    private SdpBody(byte[] body, int sdpStart, int sdpEnd) {
        this.body = body;
        this.sdpStart = sdpStart;
        this.sdpEnd = sdpEnd;
    }

    /** The SDP of {@code message}, or {@code null} when it carries none. */
    static SdpBody of(SipMessage message) {
        if (message.bodyLength() == 0) {
            return null;
        }
        String contentType = message.contentType();
        if (contentType == null) {
            return null;
        }
        String mediaType = mediaType(contentType);
        if (mediaType.equals("application/sdp")) {
            byte[] body = ByteBufUtil.getBytes(message.body());
            return new SdpBody(body, 0, body.length);
        }
        if (mediaType.equals("multipart/mixed")) {
            String boundary = parameter(contentType, "boundary");
            return boundary == null || boundary.isEmpty() ? null
                    : inMultipart(ByteBufUtil.getBytes(message.body()), boundary);
        }
        return null;
    }

    /** The SDP bytes, a copy the policy may keep. */
    byte[] sdp() {
        return sdpStart == 0 && sdpEnd == body.length ? body : Arrays.copyOfRange(body, sdpStart, sdpEnd);
    }

    /** The whole body with the SDP replaced by {@code newSdp}. */
    byte[] withSdp(byte[] newSdp) {
        if (sdpStart == 0 && sdpEnd == body.length) {
            return newSdp;
        }
        byte[] out = new byte[body.length - (sdpEnd - sdpStart) + newSdp.length];
        System.arraycopy(body, 0, out, 0, sdpStart);
        System.arraycopy(newSdp, 0, out, sdpStart, newSdp.length);
        System.arraycopy(body, sdpEnd, out, sdpStart + newSdp.length, body.length - sdpEnd);
        return out;
    }

    /**
     * Finds the first {@code application/sdp} part between {@code --boundary} delimiters (RFC 2046 section 5.1.1):
     * a part's headers end at a blank line, its content at the CRLF before the next delimiter.
     */
    private static SdpBody inMultipart(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int lineEnd = indexOf(body, new byte[] {'\n'}, at);
            if (lineEnd < 0) {
                return null;
            }
            int next = indexOf(body, delimiter, lineEnd + 1);
            if (next < 0) {
                return null;
            }
            int partStart = lineEnd + 1;
            int headersEnd = blankLine(body, partStart, next);
            if (headersEnd >= 0) {
                String headers = new String(body, partStart, headersEnd - partStart, StandardCharsets.UTF_8);
                int contentEnd = next;
                // The CRLF before a delimiter belongs to the delimiter (RFC 2046 section 5.1.1).
                if (contentEnd > headersEnd && body[contentEnd - 1] == '\n') {
                    contentEnd--;
                    if (contentEnd > headersEnd && body[contentEnd - 1] == '\r') {
                        contentEnd--;
                    }
                }
                if (isSdpPart(headers)) {
                    return new SdpBody(body, headersEnd, contentEnd);
                }
            }
            at = next;
        }
        return null;
    }

    private static boolean isSdpPart(String headers) {
        for (String line : headers.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Type")
                    && mediaType(line.substring(colon + 1)).equals("application/sdp")) {
                return true;
            }
        }
        return false;
    }

    /** The index just after the blank line ending the part headers in {@code body[from, to)}, or -1. */
    private static int blankLine(byte[] body, int from, int to) {
        if (from < to && body[from] == '\n') {
            return from + 1;
        }
        if (from + 1 < to && body[from] == '\r' && body[from + 1] == '\n') {
            return from + 2;
        }
        for (int i = from; i < to - 1; i++) {
            if (body[i] == '\n') {
                if (body[i + 1] == '\n') {
                    return i + 2;
                }
                if (body[i + 1] == '\r' && i + 2 < to && body[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The type/subtype of a Content-Type value, lower case, without parameters. */
    static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** A parameter of a Content-Type value, unquoted, or {@code null}. */
    static String parameter(String contentType, String name) {
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = p.substring(eq + 1).trim();
                return v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"'
                        ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }
}
