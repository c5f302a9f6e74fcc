package io.sipgw.sdp;

/**
 * A {@code c=} line of a session or media description (RFC 8866 §5.7).
 *
 * @param netType  the network type, "IN" in practice
 * @param addrType "IP4" or "IP6"
 * @param address  the connection address, with a multicast {@code /ttl} suffix when there is one
 */
public record Connection(String netType, String addrType, String address) {

    /** Checks a {@code c=} line: exactly three space-separated fields and a well-formed address. */
    static void check(SdpLine line, int lineNumber) throws SdpParseException {
        int[] bounds = new int[6];
        int n = Fields.bounds(line.bytes(), line.valueStart(), line.end(), bounds);
        if (n != 3) {
            throw new SdpParseException("c= needs 3 fields, found " + n, lineNumber);
        }
        if (!AddressSyntax.isValid(line.bytes(), bounds, 0)) {
            throw new SdpParseException("c= address is not a valid address of its type", lineNumber);
        }
    }

    /** The fields of a line that {@link #check} accepted. */
    static Connection parse(SdpLine line) {
        String[] f = Fields.split(line.bytes(), line.valueStart(), line.end(), 3);
        return new Connection(f[0], f[1], f[2]);
    }

    /** True for 0.0.0.0 or ::, the placeholder an ICE agent puts before it has candidates (RFC 8839, RFC 8840). */
    public boolean isUnspecified() {
        return AddressSyntax.isUnspecified(address);
    }
}
