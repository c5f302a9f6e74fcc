package io.sipgw.sdp;

/** Splits the value of an SDP line into its space-separated fields (RFC 8866 §9: fields are separated by SP). */
final class Fields {

    private Fields() {
    }

    /**
     * Stores the fields of {@code value} into {@code out} and returns how many there are, which may exceed
     * {@code out.length} (the extra ones are counted, not stored). Runs of spaces count as one separator.
     */
    static int split(String value, String[] out) {
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
            if (count < out.length) {
                out[count] = value.substring(from, i);
            }
            count++;
        }
        return count;
    }
}
