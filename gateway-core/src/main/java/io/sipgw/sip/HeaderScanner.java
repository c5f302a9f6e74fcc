package io.sipgw.sip;

import java.nio.charset.StandardCharsets;

/**
 * Byte-level scans of header values for the routing fields that need no typed parse (Via branch, From and To
 * tags). The parser runs them over its copy of the head; a message built locally runs them over a copy of one value.
 */
public final class HeaderScanner {

    /** The lower-case parameter names the routing fields use. */
    public static final byte[] BRANCH = {'b', 'r', 'a', 'n', 'c', 'h'};
    public static final byte[] TAG = {'t', 'a', 'g'};

    /** A position that is known to be absent. */
    public static final int ABSENT = 0;

    private HeaderScanner() {
    }

    /** Packs a range of the head ({@code start} and {@code length} below 65536) into one int. */
    public static int pack(int start, int length) {
        return start << 16 | length;
    }

    static int start(int packed) {
        return packed >>> 16;
    }

    static int length(int packed) {
        return packed & 0xFFFF;
    }

    /** Where the branch of a Via value in {@code b[start, end)} lies: in its first value only. */
    public static int branchPosition(byte[] b, int start, int end) {
        return paramRange(b, start, firstValueEnd(b, start, end), BRANCH);
    }

    /** Where the {@code tag} of a From or To value in {@code b[start, end)} lies. */
    public static int tagPosition(byte[] b, int start, int end) {
        int params = nameAddrParamsStart(b, start, end);
        return params < 0 ? ABSENT : paramRange(b, params, end, TAG);
    }

    /**
     * The Call-ID, top Via branch, From tag and To tag of a head {@code b} indexed by {@code index}, as the
     * parser finds them (each {@code null} when absent).
     */
    static String[] routingFields(byte[] b, int[] index, int count) {
        String[] out = new String[4];
        boolean callId = false;
        boolean via = false;
        boolean from = false;
        boolean to = false;
        for (int i = 0; i < count; i++) {
            int kind = SipHeaderIndex.kindOrdinal(index, i);
            int vs = SipHeaderIndex.valueStart(index, i);
            int ve = SipHeaderIndex.valueEnd(index, i);
            if (kind == SipHeaderName.CALL_ID.ordinal() && !callId) {
                callId = true;
                out[0] = text(b, pack(vs, ve - vs));
            } else if (kind == SipHeaderName.VIA.ordinal() && !via) {
                via = true;
                out[1] = text(b, branchPosition(b, vs, ve));
            } else if (kind == SipHeaderName.FROM.ordinal() && !from) {
                from = true;
                out[2] = text(b, tagPosition(b, vs, ve));
            } else if (kind == SipHeaderName.TO.ordinal() && !to) {
                to = true;
                out[3] = text(b, tagPosition(b, vs, ve));
            }
        }
        return out;
    }

    /**
     * The text at a packed position of {@code b}, or {@code null} for {@link #ABSENT}. These fields are tokens
     * (RFC 3261 section 25.1), ASCII, so each byte is one char: no decoding, one copy.
     */
    public static String text(byte[] b, int position) {
        return position == ABSENT ? null : new String(b, start(position), length(position), StandardCharsets.ISO_8859_1);
    }

    /** The end of the first value of a comma-separated list: the first comma outside quotes and angle brackets. */
    static int firstValueEnd(byte[] b, int start, int end) {
        boolean angle = false;
        for (int i = start; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                i = closingQuote(b, i, end);
            } else if (c == '<') {
                angle = true;
            } else if (c == '>') {
                angle = false;
            } else if (c == ',' && !angle) {
                return i;
            }
        }
        return end;
    }

    /**
     * The index of the quote closing the quoted-string that opens at {@code open} (a backslash escapes the next
     * byte, RFC 3261 section 25.1), or {@code end - 1} when it is unterminated.
     */
    private static int closingQuote(byte[] b, int open, int end) {
        for (int i = open + 1; i < end; i++) {
            if (b[i] == '\\') {
                i++;
            } else if (b[i] == '"') {
                return i;
            }
        }
        return end - 1;
    }

    /**
     * Where the header parameters of a name-addr or addr-spec value begin: just after {@code >}, or at the first
     * {@code ;} of an addr-spec (RFC 3261 section 20.10); {@code -1} when there are none.
     */
    static int nameAddrParamsStart(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                i = closingQuote(b, i, end);
            } else if (c == '<') {
                for (int k = i + 1; k < end; k++) {
                    if (b[k] == '>') {
                        return k + 1;
                    }
                }
                return -1;
            } else if (c == ';') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The value of parameter {@code lowerName} among the {@code ;name=value} parameters in {@code b[start, end)},
     * matched case-insensitively, packed with {@link #pack}; an empty range for a parameter without value (or a
     * quoted one, which branch and tag never are), {@link #ABSENT} when absent.
     */
    static int paramRange(byte[] b, int start, int end, byte[] lowerName) {
        int i = start;
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                i = closingQuote(b, i, end) + 1;
                continue;
            }
            if (c != ';') {
                i++;
                continue;
            }
            int p = skipLws(b, i + 1, end);
            int n = 0;
            while (n < lowerName.length && p + n < end && (b[p + n] | 0x20) == lowerName[n]) {
                n++;
            }
            int after = skipLws(b, p + n, end);
            if (n == lowerName.length && (after == end || b[after] == ';' || b[after] == '=')) {
                if (after == end || b[after] == ';') {
                    return pack(after, 0);
                }
                int vs = skipLws(b, after + 1, end);
                int ve = vs;
                while (ve < end && isValueByte(b[ve])) {
                    ve++;
                }
                return pack(vs, ve - vs);
            }
            i = p;
        }
        return ABSENT;
    }

    private static boolean isValueByte(byte c) {
        return c != ';' && c != ',' && c != '"' && c != ' ' && c != '\t' && c != '\r' && c != '\n';
    }

    /** Skips whitespace, including the CR and LF a folded value keeps. */
    private static int skipLws(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i;
    }
}
