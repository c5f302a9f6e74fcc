package io.sipgw.sip;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/** Byte-level scans of header values in the message buffer, for the routing fields that need no typed parse. */
final class HeaderScanner {

    static final byte[] BRANCH = {'b', 'r', 'a', 'n', 'c', 'h'};
    static final byte[] TAG = {'t', 'a', 'g'};

    private HeaderScanner() {
    }

    /** The end of the first value of a comma-separated list: the first comma outside quotes and angle brackets. */
    static int firstValueEnd(ByteBuf buf, int start, int end) {
        boolean quoted = false;
        boolean angle = false;
        for (int i = start; i < end; i++) {
            byte b = buf.getByte(i);
            if (quoted) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    quoted = false;
                }
            } else if (b == '"') {
                quoted = true;
            } else if (b == '<') {
                angle = true;
            } else if (b == '>') {
                angle = false;
            } else if (b == ',' && !angle) {
                return i;
            }
        }
        return end;
    }

    /**
     * Where the header parameters of a name-addr or addr-spec value begin: just after {@code >}, or at the first
     * {@code ;} of an addr-spec (RFC 3261 section 20.10); {@code -1} when there are none.
     */
    static int nameAddrParamsStart(ByteBuf buf, int start, int end) {
        boolean quoted = false;
        for (int i = start; i < end; i++) {
            byte b = buf.getByte(i);
            if (quoted) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    quoted = false;
                }
            } else if (b == '"') {
                quoted = true;
            } else if (b == '<') {
                int close = buf.indexOf(i + 1, end, (byte) '>');
                return close < 0 ? -1 : close + 1;
            } else if (b == ';') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The value of parameter {@code lowerName} among the {@code ;name=value} parameters in {@code [start, end)},
     * matched case-insensitively; {@code ""} for a parameter without value, {@code null} when absent.
     */
    static String paramValue(ByteBuf buf, int start, int end, byte[] lowerName) {
        int i = start;
        boolean quoted = false;
        while (i < end) {
            byte b = buf.getByte(i);
            if (quoted) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    quoted = false;
                }
                i++;
                continue;
            }
            if (b == '"') {
                quoted = true;
                i++;
                continue;
            }
            if (b != ';') {
                i++;
                continue;
            }
            int p = skipWs(buf, i + 1, end);
            int n = 0;
            while (n < lowerName.length && p + n < end && (buf.getByte(p + n) | 0x20) == lowerName[n]) {
                n++;
            }
            int after = skipWs(buf, p + n, end);
            if (n == lowerName.length && (after == end || buf.getByte(after) == ';' || buf.getByte(after) == '=')) {
                if (after == end || buf.getByte(after) == ';') {
                    return "";
                }
                int vs = skipWs(buf, after + 1, end);
                if (vs < end && buf.getByte(vs) == '"') {
                    int ve = vs + 1;
                    while (ve < end && buf.getByte(ve) != '"') {
                        ve += buf.getByte(ve) == '\\' ? 2 : 1;
                    }
                    return buf.toString(vs + 1, Math.min(ve, end) - vs - 1, StandardCharsets.UTF_8);
                }
                int ve = vs;
                while (ve < end && buf.getByte(ve) != ';' && !SipChars.isWhitespace(buf.getByte(ve))) {
                    ve++;
                }
                return buf.toString(vs, ve - vs, StandardCharsets.US_ASCII);
            }
            i = p;
        }
        return null;
    }

    /** Skips whitespace, including the CR and LF a folded value keeps. */
    private static int skipWs(ByteBuf buf, int i, int end) {
        while (i < end && (SipChars.isWhitespace(buf.getByte(i)) || buf.getByte(i) == '\r' || buf.getByte(i) == '\n')) {
            i++;
        }
        return i;
    }
}
