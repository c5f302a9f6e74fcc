package io.sipgw.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

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

    /** "0" to "127", shared so that parsing an RTP m= line allocates no format strings. */
    private static final List<String> PAYLOAD_TYPES =
            IntStream.rangeClosed(0, 127).mapToObj(Integer::toString).toList();
    /** Media types (RFC 8866 §5.14) and transports this gateway meets, shared for the same reason. */
    private static final List<String> COMMON_TOKENS = List.of("audio", "video", "application", "RTP/AVP", "RTP/SAVP",
            "UDP/TLS/RTP/SAVPF", "UDP/TLS/RTP/SAVP", "RTP/AVPF", "RTP/SAVPF", "UDP/DTLS/SCTP");

    static MediaLine parse(String value, int line) throws SdpParseException {
        String media = null;
        int portFrom = -1;
        int portTo = -1;
        String proto = null;
        boolean rtp = false;
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
            if (proto != null) {
                formats.add(rtp ? payloadType(value, i, end, line) : value.substring(i, end));
            } else if (media == null) {
                media = token(value, i, end);
            } else if (portFrom < 0) {
                portFrom = i;
                portTo = end;
            } else {
                proto = token(value, i, end);
                rtp = isRtp(proto);
            }
            i = end;
        }
        if (formats.isEmpty()) {
            throw new SdpParseException("m= needs media, port, proto and at least one format", line);
        }
        int slash = value.indexOf('/', portFrom);
        slash = slash < 0 || slash > portTo ? portTo : slash;
        int port = number(value, portFrom, slash, 65535);
        int portCount = slash == portTo ? 0 : number(value, slash + 1, portTo, 65535);
        if (port < 0 || portCount < 0 || (slash < portTo && portCount == 0)) {
            throw new SdpParseException("m= port is not a number from 0 to 65535", line);
        }
        return new MediaLine(media, port, portCount, proto, Collections.unmodifiableList(formats));
    }

    /** An RTP format (RFC 8866 §5.14: a payload type number) as one of the shared strings "0" to "127". */
    private static String payloadType(String value, int from, int to, int line) throws SdpParseException {
        int payloadType = number(value, from, to, 127);
        if (payloadType < 0) {
            // Not quoted: a broken line may hold anything, key material too, and this text reaches the log.
            throw new SdpParseException("m= has a format of " + (to - from)
                    + " characters that is not an RTP payload type (0 to 127)", line);
        }
        return PAYLOAD_TYPES.get(payloadType);
    }

    /** The field as one of the shared common tokens when it is one, else as a new string. */
    private static String token(String value, int from, int to) {
        for (int k = 0; k < COMMON_TOKENS.size(); k++) {
            String known = COMMON_TOKENS.get(k);
            if (known.length() == to - from && value.startsWith(known, from)) {
                return known;
            }
        }
        return value.substring(from, to);
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
        return new MediaLine(media, port, portCount, proto, Collections.unmodifiableList(newFormats));
    }

    /** The m= line as an {@link SdpLine}, written straight into bytes: a rewrite produces one per offer. */
    SdpLine toLine() {
        String portText = portCount > 0 ? port + "/" + portCount : Integer.toString(port);
        int size = 2 + media.length() + 1 + portText.length() + 1 + proto.length();
        for (int i = 0; i < formats.size(); i++) {
            size += 1 + formats.get(i).length();
        }
        byte[] line = new byte[size];
        line[0] = 'm';
        line[1] = '=';
        int at = put(media, line, 2);
        line[at++] = ' ';
        at = put(portText, line, at);
        line[at++] = ' ';
        at = put(proto, line, at);
        for (int i = 0; i < formats.size(); i++) {
            line[at++] = ' ';
            at = put(formats.get(i), line, at);
        }
        return new SdpLine(line, 0, size);
    }

    /** Copies chars below 256 (they came from bytes decoded as ISO-8859-1) into {@code dst}. */
    private static int put(String s, byte[] dst, int offset) {
        for (int i = 0; i < s.length(); i++) {
            dst[offset + i] = (byte) s.charAt(i);
        }
        return offset + s.length();
    }

    /** A decimal number from 0 to {@code max}, or -1. */
    static int number(String s, int max) {
        return number(s, 0, s.length(), max);
    }

    /** The decimal number from {@code from} to {@code to} in {@code s}, from 0 to {@code max}, or -1. */
    static int number(String s, int from, int to, int max) {
        if (to <= from || to - from > 9) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }
}
