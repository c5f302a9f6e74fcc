package io.sipgw.sdp;

/**
 * Finds the space-separated fields of an SDP line's value (RFC 8866 §9: fields are separated by SP) as index
 * ranges, so that a line can be checked without cutting it into strings.
 */
final class Fields {

    private Fields() {
    }

    /**
     * Stores the start and end index of each field of {@code value} in {@code bounds} (field i at 2i and 2i+1) and
     * returns how many fields there are, which may exceed {@code bounds.length / 2}: the extra ones are counted,
     * not stored. Runs of spaces count as one separator.
     */
    static int bounds(String value, int[] bounds) {
        int count = 0;
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && value.charAt(i) == ' ') {
                i++;
            }
            if (i == n) {
                break;
            }
            int from = i;
            while (i < n && value.charAt(i) != ' ') {
                i++;
            }
            if (2 * count < bounds.length) {
                bounds[2 * count] = from;
                bounds[2 * count + 1] = i;
            }
            count++;
        }
        return count;
    }

    /** The fields of {@code value}, exactly {@code expected} of them, or null when there are more or fewer. */
    static String[] split(String value, int expected) {
        int[] bounds = new int[2 * expected];
        if (bounds(value, bounds) != expected) {
            return null;
        }
        String[] fields = new String[expected];
        for (int i = 0; i < expected; i++) {
            fields[i] = value.substring(bounds[2 * i], bounds[2 * i + 1]);
        }
        return fields;
    }

    /** True when field {@code field} (found by {@link #bounds}) is exactly {@code text}. */
    static boolean is(String value, int[] bounds, int field, String text) {
        int from = bounds[2 * field];
        return bounds[2 * field + 1] - from == text.length() && value.startsWith(text, from);
    }
}
