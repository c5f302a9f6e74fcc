package io.sipgw.sdp;

/**
 * A {@code c=} line of a session or media description (RFC 8866 §5.7).
 *
 * @param netType  the network type, "IN" in practice
 * @param addrType "IP4" or "IP6"
 * @param address  the connection address, with a multicast {@code /ttl} suffix when there is one
 */
public record Connection(String netType, String addrType, String address) {

    /** Parses the value after {@code c=}, which has exactly three space-separated fields. */
    static Connection parse(String value, int line) throws SdpParseException {
        String[] f = new String[3];
        int n = Fields.split(value, f);
        if (n != 3) {
            throw new SdpParseException("c= needs 3 fields, found " + n, line);
        }
        if ("IN".equals(f[0]) && !AddressSyntax.isValid(f[1], f[2])) {
            throw new SdpParseException("c= address is not a valid " + f[1] + " address", line);
        }
        return new Connection(f[0], f[1], f[2]);
    }

    /** True for 0.0.0.0 or ::, the placeholder an ICE agent puts before it has candidates (RFC 8839 §4.2.1). */
    public boolean isUnspecified() {
        return AddressSyntax.isUnspecified(address);
    }
}
