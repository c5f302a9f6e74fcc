package io.sipgw.sip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;

/** Builds a {@link SipResponse}: to a request (RFC 3261 section 8.2.6), or as a copy of a received one with changes. */
public final class SipResponseBuilder extends SipMessageBuilder<SipResponseBuilder> {

    private static final byte[] SIP_2_0_SP = {'S', 'I', 'P', '/', '2', '.', '0', ' '};

    private int status;
    private String reason;

    SipResponseBuilder(SipResponse source) {
        super(source);
        this.status = source.status();
        this.reason = source.reasonPhrase();
    }

    private SipResponseBuilder(int status, String reason) {
        super(null);
        status(status, reason);
    }

    /**
     * A response to {@code request}: Via lines, From, To, Call-ID and CSeq copied as RFC 3261 section 8.2.6.2
     * requires (those absent from a malformed request are left out); {@code reason} {@code null} means the default
     * phrase.
     */
    public static SipResponseBuilder forRequest(SipRequest request, int status, String reason) {
        SipResponseBuilder b = new SipResponseBuilder(status, reason);
        for (int i = 0; i < request.headerCount(); i++) {
            SipHeaderName kind = request.headerKind(i);
            if (kind == SipHeaderName.VIA || kind == SipHeaderName.FROM || kind == SipHeaderName.TO
                    || kind == SipHeaderName.CALL_ID || kind == SipHeaderName.CSEQ) {
                try {
                    b.addHeader(kind, request.headerValue(i));
                } catch (IllegalArgumentException e) {
                    // A value that cannot be written back is left out; the response is still worth sending.
                }
            }
        }
        return b;
    }

    /** A new response with no headers yet. */
    public static SipResponseBuilder create(int status, String reason) {
        return new SipResponseBuilder(status, reason);
    }

    /** Sets status and reason phrase ({@code null}: the default phrase of the status). */
    public SipResponseBuilder status(int newStatus, String newReason) {
        if (newStatus < 100 || newStatus > 699) {
            throw new IllegalArgumentException("status out of range: " + newStatus);
        }
        String r = newReason == null ? SipStatus.reasonPhrase(newStatus) : newReason;
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("line break in reason phrase");
            }
        }
        this.status = newStatus;
        this.reason = r;
        return this;
    }

    /** Adds a {@code tag} to the To header when it has none (RFC 3261 section 8.2.6.2). */
    public SipResponseBuilder toTag(String tag) {
        String to = header(SipHeaderName.TO.canonicalName());
        if (to != null) {
            NameAddr addr = NameAddr.parse(to);
            if (addr.tag() == null) {
                setHeader(SipHeaderName.TO, addr.withTag(tag).toString());
            }
        }
        return this;
    }

    /** Writes the response into one exactly-sized buffer from {@code alloc}. */
    public SipResponse build(ByteBufAllocator alloc) {
        return (SipResponse) buildMessage(alloc);
    }

    @Override
    int startLineLength() {
        return SIP_2_0_SP.length + 4 + ByteBufUtil.utf8Bytes(reason);
    }

    @Override
    void writeStartLine(ByteBuf out) {
        out.writeBytes(SIP_2_0_SP);
        out.writeCharSequence(Integer.toString(status), StandardCharsets.US_ASCII);
        out.writeByte(' ');
        ByteBufUtil.reserveAndWriteUtf8(out, reason, ByteBufUtil.utf8Bytes(reason));
    }

    @Override
    SipMessage newMessage(ByteBuf content, int[] index, int headerCount, int bodyOffset, int bodyLength,
                          int startLineLength) {
        return new SipResponse(content, index, headerCount, bodyOffset, bodyLength,
                null, status,
                SIP_2_0_SP.length + 4, startLineLength);
    }
}
