package io.sipgw.sdp;

/** A body that is not acceptable RFC 8866 SDP, with the line where parsing stopped. */
public final class SdpParseException extends Exception {

    private final int line;

    /**
     * Creates the exception without a stack trace: malformed bodies come from the network and are a normal result,
     * so they must stay cheap to produce.
     */
    SdpParseException(String reason, int line) {
        super(line > 0 ? "line " + line + ": " + reason : reason, null, false, false);
        this.line = line;
    }

    /** The 1-based line number where parsing stopped, or 0 when the body as a whole was refused. */
    public int line() {
        return line;
    }
}
