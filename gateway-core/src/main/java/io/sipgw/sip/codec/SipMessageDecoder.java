package io.sipgw.sip.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.sipgw.sip.SipStatus;

import java.util.List;

/**
 * Frames SIP messages on a TCP or TLS stream by Content-Length (RFC 3261 section 18.3) and decodes each into a
 * {@link io.sipgw.sip.SipMessage} or a {@link SipDecodeError}. CRLFs between messages are skipped and a
 * double-CRLF keep-alive ping is answered with a single CRLF (RFC 5626 section 3.5.1). After an error that breaks
 * the framing every further byte is discarded; the error asks the next handler to close the connection.
 */
public final class SipMessageDecoder extends ByteToMessageDecoder {

    private enum State { SKIP_CONTROL, READ_HEAD, READ_BODY, BAD }

    private static final byte[] PONG = {'\r', '\n'};

    private final SipParser parser;
    private final SipCodecLimits limits;
    private State state = State.SKIP_CONTROL;
    /** How far past the reader index the search for the end of the head has already looked. */
    private int searched;
    private int headLength;
    private int bodyLength;

    public SipMessageDecoder(SipCodecLimits limits) {
        this.limits = limits;
        this.parser = new SipParser(limits);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case SKIP_CONTROL:
                if (!skipControl(ctx, in)) {
                    return;
                }
                state = State.READ_HEAD;
                // fall through
            case READ_HEAD:
                if (!readHead(in, out)) {
                    return;
                }
                // fall through
            case READ_BODY:
                if (in.readableBytes() < headLength + bodyLength) {
                    return;
                }
                ByteBuf frame = in.readRetainedSlice(headLength + bodyLength);
                out.add(parser.failed() ? parser.failure(frame, false) : parser.finish(frame, bodyLength));
                state = State.SKIP_CONTROL;
                return;
            case BAD:
            default:
                in.skipBytes(in.readableBytes());
        }
    }

    /** Skips CR/LF before a message, answering each CRLFCRLF ping; true when a message starts at the reader index. */
    private boolean skipControl(ChannelHandlerContext ctx, ByteBuf in) {
        while (in.isReadable()) {
            int r = in.readerIndex();
            byte b = in.getByte(r);
            if (b != '\r' && b != '\n') {
                return true;
            }
            if (in.readableBytes() >= 4 && in.getInt(r) == 0x0D0A0D0A) {
                in.skipBytes(4);
                ctx.writeAndFlush(Unpooled.wrappedBuffer(PONG));
                continue;
            }
            int run = 0;
            while (run < in.readableBytes() && run < 4 && isCrOrLf(in.getByte(r + run))) {
                run++;
            }
            if (run == in.readableBytes() && run < 4 && b == '\r') {
                // Possibly the first bytes of a ping still in flight: wait for the rest.
                return false;
            }
            in.skipBytes(run);
        }
        return false;
    }

    /** Finds and parses the head; true when it is parsed and the body length known. */
    private boolean readHead(ByteBuf in, List<Object> out) {
        int r = in.readerIndex();
        int available = in.readableBytes();
        if (!isTokenStart(in.getByte(r))) {
            // Every SIP start line begins with a method token or "SIP/": a peer sending anything else (a TLS
            // ClientHello on the TCP port, binary noise) is not speaking SIP, and its stream cannot be framed.
            out.add(new SipDecodeError(SipStatus.BAD_REQUEST, "Not a SIP message", null, true));
            enterBad(in);
            return false;
        }
        int scanTo = r + Math.min(available, limits.maxHeaderBlockLength());
        int headEnd = SipParser.findHeadEnd(in, r + searched, scanTo);
        if (headEnd < 0) {
            int firstLf = in.indexOf(r, scanTo, (byte) '\n');
            // A start line of the maximum length may still wait for its CRLF: one byte more is not yet too long.
            int lineLimit = limits.maxStartLineLength() + 1;
            int lineEnd = firstLf < 0 ? available : firstLf - r;
            if (lineEnd > lineLimit) {
                out.add(parser.startLineTooLong(in, r, Math.min(available, lineLimit + 1), true));
                enterBad(in);
                return false;
            }
            if (available >= limits.maxHeaderBlockLength()) {
                out.add(parser.tooLarge(in, r, scanTo, true));
                enterBad(in);
                return false;
            }
            searched = Math.max(0, available - 2);
            return false;
        }
        searched = 0;
        parser.parseHead(in, r, headEnd);
        headLength = headEnd - r;
        long cl = parser.contentLength();
        if (parser.failed() && !parser.startLineReadable()) {
            // Without a readable start line nothing says where the next message begins.
            out.add(parser.failure(in.retainedSlice(r, headLength), true));
            enterBad(in);
            return false;
        }
        if (parser.contentLengthInvalid()) {
            out.add(parser.failure(in.retainedSlice(r, headLength), true));
            enterBad(in);
            return false;
        }
        if (cl > limits.maxBodyLength()) {
            out.add(parser.fail(in.retainedSlice(r, headLength), SipStatus.MESSAGE_TOO_LARGE, "Message Too Large",
                    true));
            enterBad(in);
            return false;
        }
        // RFC 3261 section 18.3 requires Content-Length on streams; a message without one is taken to have no body.
        bodyLength = cl < 0 ? 0 : (int) cl;
        state = State.READ_BODY;
        return true;
    }

    private void enterBad(ByteBuf in) {
        state = State.BAD;
        in.skipBytes(in.readableBytes());
    }

    private static boolean isTokenStart(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || "-.!%*_+`'~".indexOf(b) >= 0;
    }

    private static boolean isCrOrLf(byte b) {
        return b == '\r' || b == '\n';
    }
}
