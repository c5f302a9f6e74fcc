package io.sipgw.sip;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/** A SIP response: status code and reason phrase over the message buffer (see {@link SipMessage}). */
public final class SipResponse extends SipMessage {

    private final int status;
    private final int reasonStart;
    private final int reasonEnd;

    SipResponse(ByteBuf content, int[] index, int headerCount, int bodyOffset, int bodyLength,
                String[] routing, int status, int reasonStart, int reasonEnd) {
        super(content, index, headerCount, bodyOffset, bodyLength, routing);
        this.status = status;
        this.reasonStart = reasonStart;
        this.reasonEnd = reasonEnd;
    }

    /**
     * A response over {@code content} whose lines are described by {@code headers}; for the parser, which
     * guarantees the offsets (relative to the buffer's index 0) and takes over the buffer's reference.
     */
    public static SipResponse wrap(ByteBuf content, SipHeaderIndex headers, int bodyOffset, int bodyLength,
                                   int status, int reasonStart, int reasonEnd) {
        return new SipResponse(content, headers.toArray(), headers.count(), bodyOffset, bodyLength,
                headers.routingFields(), status,
                reasonStart, reasonEnd);
    }

    @Override
    public boolean isRequest() {
        return false;
    }

    /** The status code (100 to 699). */
    public int status() {
        return status;
    }

    /** The reason phrase as written (may be empty). */
    public String reasonPhrase() {
        return content().toString(reasonStart, reasonEnd - reasonStart, StandardCharsets.UTF_8);
    }

    /** Whether this is a provisional (1xx) response. */
    public boolean isProvisional() {
        return status < 200;
    }

    /** Whether this is a 2xx response. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** A builder that starts as a copy of this response, for relaying it with changes; build it before releasing this. */
    public SipResponseBuilder toBuilder() {
        return new SipResponseBuilder(this);
    }

    @Override
    public SipResponse retain() {
        super.retain();
        return this;
    }
}
