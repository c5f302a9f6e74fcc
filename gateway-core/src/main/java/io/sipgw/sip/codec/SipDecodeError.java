package io.sipgw.sip.codec;

import io.netty.util.ReferenceCounted;
import io.sipgw.sip.SipRequest;

/**
 * Bytes that are not an acceptable SIP message, as a result rather than an exception: the status and reason to
 * answer with, the request as far as it could be read when an answer is possible (start line and top Via
 * readable), and whether the connection must be closed because the stream can no longer be framed.
 */
public final class SipDecodeError implements ReferenceCounted {

    private final int status;
    private final String reason;
    private final SipRequest request;
    private final boolean closeConnection;

    SipDecodeError(int status, String reason, SipRequest request, boolean closeConnection) {
        this.status = status;
        this.reason = reason;
        this.request = request;
        this.closeConnection = closeConnection;
    }

    /** The status to answer with (400, 505 or 513). */
    public int status() {
        return status;
    }

    /** What was wrong, fit for a reason phrase ({@code "Missing Call-ID"}, {@code "Bad CSeq"}, ...). */
    public String reason() {
        return reason;
    }

    /**
     * The request as far as it was read, holding the headers a response must copy; {@code null} when the input
     * cannot be answered (a response, or no readable start line and Via) and must be dropped.
     */
    public SipRequest request() {
        return request;
    }

    /** Whether the input can be answered. ACKs are never answered (RFC 3261 section 17.2.1); callers check. */
    public boolean isAnswerable() {
        return request != null;
    }

    /** Whether the stream lost its framing and the connection must be closed after answering. */
    public boolean closeConnection() {
        return closeConnection;
    }

    @Override
    public int refCnt() {
        return request == null ? 1 : request.refCnt();
    }

    @Override
    public SipDecodeError retain() {
        if (request != null) {
            request.retain();
        }
        return this;
    }

    @Override
    public SipDecodeError retain(int increment) {
        if (request != null) {
            request.retain(increment);
        }
        return this;
    }

    @Override
    public SipDecodeError touch() {
        return this;
    }

    @Override
    public SipDecodeError touch(Object hint) {
        if (request != null) {
            request.touch(hint);
        }
        return this;
    }

    @Override
    public boolean release() {
        return request == null || request.release();
    }

    @Override
    public boolean release(int decrement) {
        return request == null || request.release(decrement);
    }

    @Override
    public String toString() {
        return "SipDecodeError(" + status + " " + reason + (request == null ? ", unanswerable" : "")
                + (closeConnection ? ", close" : "") + ")";
    }
}
