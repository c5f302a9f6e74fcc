package io.sipgw.sdp;

/**
 * The {@code o=} line of a session description (RFC 8866 §5.2); the version is kept as its digits so that values
 * beyond 64 bits, which some agents send, still increment correctly.
 *
 * @param username       the originator's login, "-" when there is none
 * @param sessionId      the session identifier
 * @param sessionVersion the version, a string of decimal digits
 * @param netType        the network type, "IN" in practice
 * @param addrType       "IP4" or "IP6"
 * @param address        the originating host
 */
public record Origin(String username, String sessionId, String sessionVersion, String netType, String addrType,
                     String address) {

    /**
     * Checks an {@code o=} line: exactly six space-separated fields, a numeric version and a well-formed address.
     * Done on the line's bytes, without cutting it into strings, since every parse pays for it.
     */
    static void check(SdpLine line, int lineNumber) throws SdpParseException {
        byte[] b = line.bytes();
        int[] bounds = new int[12];
        int n = Fields.bounds(b, line.valueStart(), line.end(), bounds);
        if (n != 6) {
            throw new SdpParseException("o= needs 6 fields, found " + n, lineNumber);
        }
        for (int i = bounds[4]; i < bounds[5]; i++) {
            if (b[i] < '0' || b[i] > '9') {
                throw new SdpParseException("o= session version is not a number", lineNumber);
            }
        }
        if (!AddressSyntax.isValid(b, bounds, 3)) {
            throw new SdpParseException("o= address is not a valid address of its type", lineNumber);
        }
    }

    /** The fields of a line that {@link #check} accepted. */
    static Origin parse(SdpLine line) {
        String[] f = Fields.split(line.bytes(), line.valueStart(), line.end(), 6);
        return new Origin(f[0], f[1], f[2], f[3], f[4], f[5]);
    }

    /**
     * The same origin with the version incremented by one, as RFC 3264 §8 requires of every changed offer or
     * answer in a dialog (RFC 8866 §5.2).
     */
    public Origin withNextVersion() {
        char[] digits = sessionVersion.toCharArray();
        int i = digits.length - 1;
        while (i >= 0 && digits[i] == '9') {
            digits[i--] = '0';
        }
        if (i >= 0) {
            digits[i]++;
            return withVersion(new String(digits));
        }
        return withVersion("1" + new String(digits));
    }

    private Origin withVersion(String version) {
        return new Origin(username, sessionId, version, netType, addrType, address);
    }

    /** The line as written, without its terminator. */
    String toLine() {
        return "o=" + username + ' ' + sessionId + ' ' + sessionVersion + ' ' + netType + ' ' + addrType + ' '
                + address;
    }
}
