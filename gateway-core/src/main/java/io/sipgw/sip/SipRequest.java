package io.sipgw.sip;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/** A SIP request: method and Request-URI over the message buffer (see {@link SipMessage}). */
public final class SipRequest extends SipMessage {

    private final SipMethod method;
    private final int uriStart;
    private final int uriEnd;
    private String uriText;
    private SipUri uri;

    SipRequest(ByteBuf content, int[] index, int headerCount, int bodyOffset, int bodyLength,
               String[] routing, SipMethod method, int uriStart, int uriEnd) {
        super(content, index, headerCount, bodyOffset, bodyLength, routing);
        this.method = method;
        this.uriStart = uriStart;
        this.uriEnd = uriEnd;
    }

    /**
     * A request over {@code content} whose lines are described by {@code headers}; for the parser, which
     * guarantees the offsets (relative to the buffer's index 0) and takes over the buffer's reference.
     */
    public static SipRequest wrap(ByteBuf content, SipHeaderIndex headers, int bodyOffset, int bodyLength,
                                  SipMethod method, int uriStart, int uriEnd) {
        return new SipRequest(content, headers.toArray(), headers.count(), bodyOffset, bodyLength,
                headers.routingFields(), method,
                uriStart, uriEnd);
    }

    @Override
    public boolean isRequest() {
        return true;
    }

    /** The request method. */
    public SipMethod method() {
        return method;
    }

    /** The Request-URI exactly as written. */
    public String requestUriText() {
        if (uriText == null) {
            uriText = content().toString(uriStart, uriEnd - uriStart, StandardCharsets.UTF_8);
        }
        return uriText;
    }

    /** Whether the Request-URI has the {@code sip} or {@code sips} scheme. */
    public boolean hasSipRequestUri() {
        ByteBuf c = content();
        int len = uriEnd - uriStart;
        return len > 4 && (c.getByte(uriStart) | 0x20) == 's' && (c.getByte(uriStart + 1) | 0x20) == 'i'
                && (c.getByte(uriStart + 2) | 0x20) == 'p'
                && (c.getByte(uriStart + 3) == ':' || ((c.getByte(uriStart + 3) | 0x20) == 's' && c.getByte(uriStart + 4) == ':'));
    }

    /**
     * The Request-URI as a SIP URI; throws {@link SipParseException} for other schemes, bad syntax, or a headers
     * component, which a Request-URI must not have (RFC 3261 section 19.1.1, table 1).
     */
    public SipUri requestUri() {
        if (uri == null) {
            SipUri parsed = SipUri.parse(requestUriText());
            if (parsed.headers() != null) {
                throw new SipParseException("Request-URI with headers");
            }
            uri = parsed;
        }
        return uri;
    }

    @Override
    public void parseAll() {
        super.parseAll();
        if (hasSipRequestUri()) {
            requestUri();
        }
    }

    final int uriStart() {
        return uriStart;
    }

    final int uriEnd() {
        return uriEnd;
    }

    /** A builder that starts as a copy of this request, for forwarding it with changes; build it before releasing this. */
    public SipRequestBuilder toBuilder() {
        return new SipRequestBuilder(this);
    }

    @Override
    public SipRequest retain() {
        super.retain();
        return this;
    }
}
