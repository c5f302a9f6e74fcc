package io.sipgw.sip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;

/** Builds a {@link SipRequest}: a new one, or a copy of a received one with changes (see {@link SipMessageBuilder}). */
public final class SipRequestBuilder extends SipMessageBuilder<SipRequestBuilder> {

    private static final byte[] SIP_2_0 = {' ', 'S', 'I', 'P', '/', '2', '.', '0'};

    private SipMethod method;
    private String uri;

    SipRequestBuilder(SipRequest source) {
        super(source);
        this.method = source.method();
    }

    private SipRequestBuilder(SipMethod method, String uri) {
        super(null);
        this.method = method;
        requestUri(uri);
    }

    /** A new request with no headers yet. */
    public static SipRequestBuilder create(SipMethod method, SipUri requestUri) {
        return new SipRequestBuilder(method, requestUri.toString());
    }

    /** A new request to a Request-URI of any scheme, given as text. */
    public static SipRequestBuilder create(SipMethod method, String requestUri) {
        return new SipRequestBuilder(method, requestUri);
    }

    /** Sets the Request-URI. */
    public SipRequestBuilder requestUri(SipUri requestUri) {
        return requestUri(requestUri.toString());
    }

    /** Sets the Request-URI from text; it must be an absolute URI without whitespace or angle brackets. */
    public SipRequestBuilder requestUri(String requestUri) {
        int colon = requestUri.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not an absolute URI: " + requestUri);
        }
        for (int i = 0; i < requestUri.length(); i++) {
            char c = requestUri.charAt(i);
            if (c <= ' ' || c == '<' || c == '>' || c == 0x7F) {
                throw new IllegalArgumentException("illegal character in Request-URI: " + requestUri);
            }
        }
        this.uri = requestUri;
        return this;
    }

    /** Sets the method (e.g. to build an ACK or CANCEL from an INVITE). */
    public SipRequestBuilder method(SipMethod newMethod) {
        this.method = newMethod;
        return this;
    }

    /** Writes the request into one exactly-sized buffer from {@code alloc}. */
    public SipRequest build(ByteBufAllocator alloc) {
        return (SipRequest) buildMessage(alloc);
    }

    private int uriLength() {
        if (uri != null) {
            return ByteBufUtil.utf8Bytes(uri);
        }
        SipRequest src = (SipRequest) source();
        return src.uriEnd() - src.uriStart();
    }

    @Override
    int startLineLength() {
        return method.name().length() + 1 + uriLength() + SIP_2_0.length;
    }

    @Override
    void writeStartLine(ByteBuf out) {
        out.writeCharSequence(method.name(), StandardCharsets.US_ASCII);
        out.writeByte(' ');
        if (uri != null) {
            ByteBufUtil.reserveAndWriteUtf8(out, uri, ByteBufUtil.utf8Bytes(uri));
        } else {
            SipRequest src = (SipRequest) source();
            out.writeBytes(src.content(), src.uriStart(), src.uriEnd() - src.uriStart());
        }
        out.writeBytes(SIP_2_0);
    }

    @Override
    SipMessage newMessage(ByteBuf content, int[] index, int headerCount, int bodyOffset, int bodyLength,
                          int startLineLength) {
        int uriStart = method.name().length() + 1;
        return new SipRequest(content, index, headerCount, bodyOffset, bodyLength,
                null, method,
                uriStart, startLineLength - SIP_2_0.length);
    }
}
