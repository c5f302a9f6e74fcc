package io.sipgw.sip;

/** Character classes of the SIP grammar (RFC 3261 section 25.1), as lookup tables. */
final class SipChars {

    private static final boolean[] TOKEN = new boolean[256];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            TOKEN[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c : "-.!%*_+`'~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    private SipChars() {
    }

    /** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"). */
    static boolean isTokenChar(int b) {
        return TOKEN[b & 0xFF];
    }

    static boolean isTokenChar(char c) {
        return c < 256 && TOKEN[c];
    }

    static boolean isToken(CharSequence s) {
        if (s.length() == 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isWhitespace(int b) {
        return b == ' ' || b == '\t';
    }

    static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }
}
