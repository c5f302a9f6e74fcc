package io.sipgw.transport;

import java.io.IOException;

/** A send that needed a new connection while {@link OutboundSettings#maxConnections()} were already open or opening. */
public final class OutboundLimitExceededException extends IOException {

    private static final long serialVersionUID = 1L;

    /** An exception naming the limit and the connection that was not opened. */
    public OutboundLimitExceededException(int limit, String connection) {
        super("outbound connection limit of " + limit + " reached, not opening " + connection);
    }
}
