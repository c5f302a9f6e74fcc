package io.sipgw.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The fields of an {@code m=} line (RFC 8866 §5.14): {@code m=<media> <port>[/<count>] <proto> <fmt> ...}.
 *
 * @param media     the media type, such as "audio" or "video"
 * @param port      the transport port, 0 when the stream is disabled (RFC 3264 §5.1)
 * @param portCount the number of ports after a slash, or 0 when the line has none
 * @param proto     the transport protocol, such as "RTP/SAVP"
 * @param formats   the media formats in preference order; RTP payload type numbers for RTP protocols
 */
record MediaLine(String media, int port, int portCount, String proto, List<String> formats) {

    static MediaLine parse(String value, int line) throws SdpParseException {
        String media = null;
        String portField = null;
        String proto = null;
        List<String> formats = new ArrayList<>(8);
        int i = 0;
        int n = value.length();
        while (i < n) {
            if (value.charAt(i) == ' ') {
                i++;
                continue;
            }
            int end = value.indexOf(' ', i);
            end = end < 0 ? n : end;
            String field = value.substring(i, end);
            if (media == null) {
                media = field;
            } else if (portField == null) {
                portField = field;
            } else if (proto == null) {
                proto = field;
            } else {
                formats.add(field);
            }
            i = end;
        }
        if (formats.isEmpty()) {
            throw new SdpParseException("m= needs media, port, proto and at least one format", line);
        }
        int slash = portField.indexOf('/');
        int port = number(slash < 0 ? portField : portField.substring(0, slash), 65535);
        int portCount = slash < 0 ? 0 : number(portField.substring(slash + 1), 65535);
        if (port < 0 || (slash >= 0 && portCount < 1)) {
            throw new SdpParseException("m= port is not a number from 0 to 65535", line);
        }
        if (isRtp(proto)) {
            for (String format : formats) {
                if (number(format, 127) < 0) {
                    throw new SdpParseException("m= format " + printable(format)
                            + " is not an RTP payload type (0 to 127)", line);
                }
            }
        }
        return new MediaLine(media, port, portCount, proto, Collections.unmodifiableList(formats));
    }

    /** True for the RTP-based protocols, whose formats are payload type numbers (RFC 8866 §5.14). */
    static boolean isRtp(String proto) {
        return proto.startsWith("RTP/") || proto.contains("/RTP/");
    }

    boolean isRtp() {
        return isRtp(proto);
    }

    MediaLine withPort(int newPort) {
        return new MediaLine(media, newPort, newPort == 0 ? 0 : portCount, proto, formats);
    }

    MediaLine withFormats(List<String> newFormats) {
        return new MediaLine(media, port, portCount, proto, newFormats);
    }

    String toLine() {
        StringBuilder line = new StringBuilder(32 + 4 * formats.size());
        line.append("m=").append(media).append(' ').append(port);
        if (portCount > 0) {
            line.append('/').append(portCount);
        }
        line.append(' ').append(proto);
        for (String format : formats) {
            line.append(' ').append(format);
        }
        return line.toString();
    }

    /** A decimal number from 0 to {@code max}, or -1. */
    static int number(String s, int max) {
        if (s.isEmpty() || s.length() > 5) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }

    private static String printable(String s) {
        return s.length() > 16 ? s.substring(0, 16) + "..." : s;
    }
}
