package io.sipgw.sdp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

/**
 * Finds the space-separated fields of an SDP line's value (RFC 8866 §9: fields are separated by SP) as index
 * ranges into the line's bytes, so that a line can be checked without cutting it into strings.
 */
final class Fields {

    private Fields() {
    }

    /**
     * Stores the start and end index of each field between {@code from} and {@code to} in {@code bounds} (field i
     * at 2i and 2i+1) and returns how many fields there are, which may exceed {@code bounds.length / 2}: the extra
     * ones are counted, not stored. Runs of spaces count as one separator.
     */
    static int bounds(byte[] b, int from, int to, int[] bounds) {
        int count = 0;
        int i = from;
        while (i < to) {
            while (i < to && b[i] == ' ') {
                i++;
            }
            if (i == to) {
                break;
            }
            int start = i;
            while (i < to && b[i] != ' ') {
                i++;
            }
            if (2 * count < bounds.length) {
                bounds[2 * count] = start;
                bounds[2 * count + 1] = i;
            }
            count++;
        }
        return count;
    }

    /** The fields between {@code from} and {@code to}, exactly {@code expected} of them, or null otherwise. */
    static String[] split(byte[] b, int from, int to, int expected) {
        int[] bounds = new int[2 * expected];
        if (bounds(b, from, to, bounds) != expected) {
            return null;
        }
        String[] fields = new String[expected];
        for (int i = 0; i < expected; i++) {
            fields[i] = new String(b, bounds[2 * i], bounds[2 * i + 1] - bounds[2 * i], ISO_8859_1);
        }
        return fields;
    }

    /** True when field {@code field} (found by {@link #bounds}) is exactly the ASCII {@code text}. */
    static boolean is(byte[] b, int[] bounds, int field, String text) {
        int from = bounds[2 * field];
        if (bounds[2 * field + 1] - from != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (b[from + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
