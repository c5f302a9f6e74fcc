package io.sipgw.sip;

/** Parsing of the decimal numbers in SIP headers, without exceptions on the hot path. */
final class Numbers {

    private Numbers() {
    }

    /**
     * The value of a string of 1 to {@code maxDigits} ASCII digits (surrounding whitespace allowed), or {@code -1}
     * when it is anything else.
     */
    static long parseDigits(CharSequence s, int maxDigits) {
        int start = 0;
        int end = s.length();
        while (start < end && SipChars.isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && SipChars.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        if (end == start || end - start > maxDigits) {
            return -1;
        }
        long v = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
