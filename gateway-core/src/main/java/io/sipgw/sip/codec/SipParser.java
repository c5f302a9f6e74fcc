package io.sipgw.sip.codec;

import io.netty.buffer.ByteBuf;
import io.sipgw.sip.SipHeaderIndex;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipMethod;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.sip.SipStatus;

/**
 * The hand-written SIP parser shared by the datagram and stream decoders: one pass over the start line and header
 * block that records where each header lies, checks what routing depends on (start line, Via, From, To, Call-ID,
 * CSeq, Max-Forwards, Content-Length) and copies nothing. Header values are split into fields later, on demand.
 * Not thread-safe: one instance per decoder.
 */
public final class SipParser {

    private static final int CL_ABSENT = -1;
    private static final int CL_INVALID = -2;

    private final SipCodecLimits limits;
    private final SipHeaderIndex headers = new SipHeaderIndex();

    private boolean request;
    private boolean startLineOk;
    private SipMethod method;
    private int uriStart;
    private int uriEnd;
    private int status;
    private int reasonStart;
    private int reasonEnd;
    private long contentLength;
    private int headLength;
    private boolean sawBlankLine;
    private int errorStatus;
    private String errorReason;

    /** Line scanning results, to avoid allocating. */
    private int lineContentEnd;
    private int lineNext;

    public SipParser(SipCodecLimits limits) {
        this.limits = limits;
    }

    /** The limits this parser enforces. */
    public SipCodecLimits limits() {
        return limits;
    }

    // ---------------------------------------------------------------- framing

    /**
     * The index just after the blank line that ends a header block in {@code buf[from, to)}, or {@code -1} when
     * there is none yet; a caller resuming the search after more bytes arrive may start again at {@code to - 2}.
     */
    public static int findHeadEnd(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to) {
            int lf = buf.indexOf(i, to, (byte) '\n');
            if (lf < 0) {
                return -1;
            }
            if (lf + 1 < to && buf.getByte(lf + 1) == '\n') {
                return lf + 2;
            }
            if (lf + 2 < to && buf.getByte(lf + 1) == '\r' && buf.getByte(lf + 2) == '\n') {
                return lf + 3;
            }
            i = lf + 1;
        }
        return -1;
    }

    /**
     * Parses one datagram (RFC 3261 section 18.3: Content-Length, when present, bounds the body and any bytes
     * after it are discarded). Returns a {@link io.sipgw.sip.SipMessage}, a {@link SipDecodeError}, or
     * {@code null} for a keep-alive of only CR/LF. The result holds its own reference; {@code buf} is not released.
     */
    public Object parseDatagram(ByteBuf buf) {
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        // RFC 3261 section 7.5: CRLFs before the start line are ignored.
        while (start < end && (buf.getByte(start) == '\r' || buf.getByte(start) == '\n')) {
            start++;
        }
        if (start == end) {
            return null;
        }
        int scanTo = Math.min(end, start + limits.maxHeaderBlockLength());
        parseHead(buf, start, scanTo);
        if (!sawBlankLine && end - start > limits.maxHeaderBlockLength()) {
            return tooLarge(buf, start, scanTo, false);
        }
        // Lenient: a datagram whose header block lacks the final blank line ends with its last header.
        int headEnd = sawBlankLine ? start + headLength : end;
        headLength = headEnd - start;
        if (errorStatus != 0) {
            return failure(buf.retainedSlice(start, headEnd - start), false);
        }
        int remaining = end - headEnd;
        int bodyLength;
        if (contentLength == CL_ABSENT) {
            bodyLength = remaining;
        } else if (contentLength > remaining) {
            return fail(buf.retainedSlice(start, headEnd - start), SipStatus.BAD_REQUEST,
                    "Content-Length larger than message", false);
        } else {
            bodyLength = (int) contentLength;
        }
        if (bodyLength > limits.maxBodyLength()) {
            return fail(buf.retainedSlice(start, headEnd - start), SipStatus.MESSAGE_TOO_LARGE, "Message Too Large",
                    false);
        }
        return finish(buf.retainedSlice(start, headEnd - start + bodyLength), bodyLength);
    }

    /** A 513 for a header block over the limit, answerable when its first complete lines are. */
    SipDecodeError tooLarge(ByteBuf buf, int start, int scanTo, boolean close) {
        int lastLf = scanTo - 1;
        while (lastLf >= start && buf.getByte(lastLf) != '\n') {
            lastLf--;
        }
        if (lastLf < start) {
            return fail(null, SipStatus.MESSAGE_TOO_LARGE, "Message Too Large", close);
        }
        parseHead(buf, start, lastLf + 1);
        return fail(buf.retainedSlice(start, lastLf + 1 - start), SipStatus.MESSAGE_TOO_LARGE, "Message Too Large",
                close);
    }

    // ---------------------------------------------------------------- the head

    /**
     * Parses the start line and headers in {@code buf[start, headEnd)}; the outcome is read with
     * {@link #failed()}, {@link #contentLength()} and turned into a result by {@link #finish} or {@link #failure}.
     */
    public void parseHead(ByteBuf buf, int start, int headEnd) {
        headers.reset();
        request = false;
        startLineOk = false;
        method = null;
        contentLength = CL_ABSENT;
        errorStatus = 0;
        errorReason = null;
        headLength = headEnd - start;
        sawBlankLine = false;

        if (!scanLine(buf, start, headEnd)) {
            error(SipStatus.BAD_REQUEST, "Control character in start line");
            return;
        }
        if (lineContentEnd - start > limits.maxStartLineLength()) {
            error(SipStatus.BAD_REQUEST, "Start line too long");
            return;
        }
        parseStartLine(buf, start, lineContentEnd);
        if (errorStatus != 0 && !startLineOk) {
            return;
        }
        parseHeaders(buf, start, lineNext, headEnd);
    }

    /** Whether the head was refused. */
    public boolean failed() {
        return errorStatus != 0;
    }

    /** Whether the head is a request's. */
    public boolean isRequest() {
        return request;
    }

    /** The Content-Length of the parsed head, or {@code -1} when absent. */
    public long contentLength() {
        return contentLength < 0 ? -1 : contentLength;
    }

    /** The message over {@code frame} (head then body, starting at index 0), taking over the frame's reference. */
    public Object finish(ByteBuf frame, int bodyLength) {
        if (request) {
            return SipRequest.wrap(frame, headers, headLength, bodyLength, method, uriStart, uriEnd);
        }
        return SipResponse.wrap(frame, headers, headLength, bodyLength, status, reasonStart, reasonEnd);
    }

    /** The error found in the parsed head, over {@code frame} (which starts at the message), taking its reference. */
    public SipDecodeError failure(ByteBuf frame, boolean closeConnection) {
        return fail(frame, errorStatus, errorReason, closeConnection);
    }

    SipDecodeError fail(ByteBuf frame, int errStatus, String reason, boolean closeConnection) {
        if (frame != null && request && startLineOk && hasVia()) {
            int bodyOffset = Math.min(headLength, frame.writerIndex());
            SipRequest partial = SipRequest.wrap(frame, headers, bodyOffset, 0, method, uriStart, uriEnd);
            return new SipDecodeError(errStatus, reason, partial, closeConnection);
        }
        if (frame != null) {
            frame.release();
        }
        return new SipDecodeError(errStatus, reason, null, closeConnection);
    }

    private boolean hasVia() {
        for (int i = 0; i < headers.count(); i++) {
            if (headers.kind(i) == SipHeaderName.VIA) {
                return true;
            }
        }
        return false;
    }

    private void error(int errStatus, String reason) {
        if (errorStatus == 0) {
            errorStatus = errStatus;
            errorReason = reason;
        }
    }

    /**
     * Finds the end of the line starting at {@code from}: sets {@link #lineContentEnd} (before CRLF or LF) and
     * {@link #lineNext}; false on a control character or a bare CR.
     */
    private boolean scanLine(ByteBuf buf, int from, int to) {
        int at = findControl(buf, from, to);
        // A quoted-pair may escape any control character but CR and LF (RFC 3261 section 25.1).
        while (at > from && buf.getByte(at) != '\r' && buf.getByte(at) != '\n' && buf.getByte(at - 1) == '\\'
                && at + 1 < to) {
            at = findControl(buf, at + 1, to);
        }
        if (at < 0) {
            lineContentEnd = to;
            lineNext = to;
            return true;
        }
        byte b = buf.getByte(at);
        lineContentEnd = at;
        if (b == '\n') {
            lineNext = at + 1;
            return true;
        }
        if (b == '\r' && at + 1 < to && buf.getByte(at + 1) == '\n') {
            lineNext = at + 2;
            return true;
        }
        lineNext = at + 1;
        return false;
    }

    /**
     * The index of the first control character other than HTAB in {@code buf[from, to)}, or {@code -1}. Eight bytes
     * are tested at a time: a word holds a byte below 0x20 iff {@code (w - 0x20..20) & ~w & 0x80..80} is non-zero,
     * and a 0x7F byte iff the same zero-byte test on {@code w ^ 0x7F..7F} is; UTF-8 bytes never match either.
     */
    static int findControl(ByteBuf buf, int from, int to) {
        int i = from;
        while (i + 8 <= to) {
            long w = buf.getLong(i);
            long y = w ^ 0x7F7F7F7F7F7F7F7FL;
            if (((((w - 0x2020202020202020L) & ~w) | ((y - 0x0101010101010101L) & ~y)) & 0x8080808080808080L) != 0) {
                int hit = firstControl(buf, i, i + 8);
                if (hit >= 0) {
                    return hit;
                }
            }
            i += 8;
        }
        return firstControl(buf, i, to);
    }

    private static int firstControl(ByteBuf buf, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = buf.getByte(i);
            if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7F) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- start line

    private void parseStartLine(ByteBuf buf, int base, int end) {
        if (end - base >= 8 && isSipVersionPrefix(buf, base)) {
            parseStatusLine(buf, base, end);
        } else {
            parseRequestLine(buf, base, end);
        }
    }

    /** Request-Line = Method SP Request-URI SP SIP-Version (RFC 3261 section 7.1): exactly one SP each. */
    private void parseRequestLine(ByteBuf buf, int base, int end) {
        request = true;
        int sp1 = buf.indexOf(base, end, (byte) ' ');
        if (sp1 <= base) {
            error(SipStatus.BAD_REQUEST, "Bad request line");
            return;
        }
        method = SipMethod.of(buf, base, sp1);
        if (method == null) {
            error(SipStatus.BAD_REQUEST, "Bad method");
            return;
        }
        int sp2 = buf.indexOf(sp1 + 1, end, (byte) ' ');
        if (sp2 < 0 || sp2 == sp1 + 1 || buf.indexOf(sp2 + 1, end, (byte) ' ') >= 0
                || buf.indexOf(sp1, end, (byte) '\t') >= 0) {
            error(SipStatus.BAD_REQUEST, "Bad request line");
            return;
        }
        if (!isAbsoluteUri(buf, sp1 + 1, sp2)) {
            error(SipStatus.BAD_REQUEST, "Bad Request-URI");
            return;
        }
        uriStart = sp1 + 1 - base;
        uriEnd = sp2 - base;
        int v = sp2 + 1;
        if (end - v == 7 && isSipVersionPrefix(buf, v) && buf.getByte(v + 4) == '2' && buf.getByte(v + 5) == '.'
                && buf.getByte(v + 6) == '0') {
            startLineOk = true;
            return;
        }
        if (isWellFormedVersion(buf, v, end)) {
            // The request is readable; only its version is not ours (RFC 3261 section 21.5.6).
            startLineOk = true;
            error(SipStatus.VERSION_NOT_SUPPORTED, "Version Not Supported");
            return;
        }
        error(SipStatus.BAD_REQUEST, "Bad SIP version");
    }

    /** Status-Line = SIP-Version SP Status-Code SP Reason-Phrase; the code is three digits, 100 to 699. */
    private void parseStatusLine(ByteBuf buf, int base, int end) {
        request = false;
        if (end - base < 11 || buf.getByte(base + 4) != '2' || buf.getByte(base + 5) != '.'
                || buf.getByte(base + 6) != '0' || buf.getByte(base + 7) != ' ') {
            error(SipStatus.BAD_REQUEST, "Bad status line");
            return;
        }
        int code = 0;
        for (int i = base + 8; i < base + 11; i++) {
            byte b = buf.getByte(i);
            if (b < '0' || b > '9') {
                error(SipStatus.BAD_REQUEST, "Bad status code");
                return;
            }
            code = code * 10 + (b - '0');
        }
        if (code < 100 || code > 699 || (end > base + 11 && buf.getByte(base + 11) != ' ')) {
            error(SipStatus.BAD_REQUEST, "Bad status code");
            return;
        }
        status = code;
        reasonStart = Math.min(end, base + 12) - base;
        reasonEnd = end - base;
        startLineOk = true;
    }

    private static boolean isSipVersionPrefix(ByteBuf buf, int i) {
        return (buf.getByte(i) | 0x20) == 's' && (buf.getByte(i + 1) | 0x20) == 'i' && (buf.getByte(i + 2) | 0x20) == 'p'
                && buf.getByte(i + 3) == '/';
    }

    /** SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT. */
    private static boolean isWellFormedVersion(ByteBuf buf, int v, int end) {
        if (end - v < 7 || !isSipVersionPrefix(buf, v)) {
            return false;
        }
        int i = v + 4;
        int digits = 0;
        while (i < end && isDigit(buf.getByte(i))) {
            i++;
            digits++;
        }
        if (digits == 0 || i >= end || buf.getByte(i) != '.') {
            return false;
        }
        i++;
        digits = 0;
        while (i < end && isDigit(buf.getByte(i))) {
            i++;
            digits++;
        }
        return digits > 0 && i == end;
    }

    /** absoluteURI: scheme ":" then no whitespace, angle brackets or quotes (RFC 3261 section 25.1). */
    private static boolean isAbsoluteUri(ByteBuf buf, int start, int end) {
        if (start >= end || !isAlpha(buf.getByte(start))) {
            return false;
        }
        int i = start + 1;
        while (i < end) {
            byte b = buf.getByte(i);
            if (b == ':') {
                break;
            }
            if (!isAlpha(b) && !isDigit(b) && b != '+' && b != '-' && b != '.') {
                return false;
            }
            i++;
        }
        if (i >= end - 1) {
            return false;
        }
        for (int k = i + 1; k < end; k++) {
            byte b = buf.getByte(k);
            if (b == '<' || b == '>' || b == '"' || b == ' ') {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- headers

    private void parseHeaders(ByteBuf buf, int base, int pos, int headEnd) {
        while (pos < headEnd) {
            boolean clean = scanLine(buf, pos, headEnd);
            int contentEnd = lineContentEnd;
            int next = lineNext;
            if (!clean) {
                error(SipStatus.BAD_REQUEST, "Control character in header");
                pos = next;
                continue;
            }
            if (contentEnd == pos) {
                headLength = next - base;
                sawBlankLine = true;
                break;
            }
            byte first = buf.getByte(pos);
            if (first == ' ' || first == '\t') {
                // RFC 3261 section 7.3.1: a continuation line belongs to the header above it.
                if (headers.count() == 0) {
                    error(SipStatus.BAD_REQUEST, "Malformed header line");
                } else {
                    int end = trimEnd(buf, pos, contentEnd);
                    if (end > pos) {
                        headers.extendLast(end - base);
                    }
                }
                pos = next;
                continue;
            }
            int nameEnd = pos;
            int hash = 0;
            byte c;
            while (nameEnd < contentEnd && isTokenByte(c = buf.getByte(nameEnd))) {
                hash = SipHeaderName.hashStep(hash, c);
                nameEnd++;
            }
            int colon = nameEnd;
            while (colon < contentEnd && isWs(buf.getByte(colon))) {
                colon++;
            }
            if (nameEnd == pos || colon >= contentEnd || buf.getByte(colon) != ':') {
                error(SipStatus.BAD_REQUEST, "Malformed header line");
                pos = next;
                continue;
            }
            if (headers.count() >= limits.maxHeaderCount()) {
                error(SipStatus.MESSAGE_TOO_LARGE, "Too many headers");
                return;
            }
            int valueStart = colon + 1;
            while (valueStart < contentEnd && isWs(buf.getByte(valueStart))) {
                valueStart++;
            }
            int valueEnd = trimEnd(buf, valueStart, contentEnd);
            headers.add(SipHeaderName.of(buf, pos, nameEnd, hash), pos - base, valueStart - base, valueEnd - base);
            pos = next;
        }
        checkHeaders(buf, base);
    }

    /**
     * Checks the headers routing depends on, once every line (folded continuations included) is known: presence
     * and uniqueness (RFC 3261 sections 8.1.1 and 20) and the syntax of the top Via, Call-ID, CSeq, Max-Forwards
     * and Content-Length.
     */
    private void checkHeaders(ByteBuf buf, int base) {
        int callIds = 0;
        int cseqs = 0;
        int froms = 0;
        int tos = 0;
        int maxForwards = 0;
        int contentLengths = 0;
        int vias = 0;
        for (int i = 0; i < headers.count(); i++) {
            int valueStart = headers.valueStart(i) + base;
            int valueEnd = headers.valueEnd(i) + base;
            switch (headers.kind(i)) {
                case VIA:
                    if (vias++ == 0 && !isViaSentBy(buf, valueStart, valueEnd)) {
                        error(SipStatus.BAD_REQUEST, "Bad Via");
                    }
                    break;
                case CALL_ID:
                    callIds++;
                    if (!isCallId(buf, valueStart, valueEnd)) {
                        error(SipStatus.BAD_REQUEST, "Bad Call-ID");
                    }
                    break;
                case CSEQ:
                    cseqs++;
                    checkCSeq(buf, valueStart, valueEnd);
                    break;
                case FROM:
                    froms++;
                    break;
                case TO:
                    tos++;
                    break;
                case MAX_FORWARDS:
                    maxForwards++;
                    long mf = parseNumber(buf, valueStart, valueEnd, 10);
                    if (mf < 0 || mf > 255) {
                        error(SipStatus.BAD_REQUEST, "Bad Max-Forwards");
                    }
                    break;
                case CONTENT_LENGTH:
                    contentLengths++;
                    long cl = parseNumber(buf, valueStart, valueEnd, 10);
                    if (cl < 0) {
                        contentLength = CL_INVALID;
                        error(SipStatus.BAD_REQUEST, "Bad Content-Length");
                    } else if (contentLengths == 1) {
                        contentLength = cl;
                    }
                    break;
                default:
                    break;
            }
        }
        if (vias == 0) {
            error(SipStatus.BAD_REQUEST, "Missing Via");
        }
        single(froms, "From");
        single(tos, "To");
        single(callIds, "Call-ID");
        single(cseqs, "CSeq");
        if (maxForwards > 1) {
            error(SipStatus.BAD_REQUEST, "Multiple Max-Forwards headers");
        }
        if (contentLengths > 1) {
            contentLength = CL_INVALID;
            error(SipStatus.BAD_REQUEST, "Multiple Content-Length headers");
        }
    }

    private void single(int count, String name) {
        if (count == 0) {
            error(SipStatus.BAD_REQUEST, "Missing " + name);
        } else if (count > 1) {
            error(SipStatus.BAD_REQUEST, "Multiple " + name + " headers");
        }
    }

    /** Whether the Content-Length of the head was unreadable, so a stream cannot be framed past it. */
    boolean contentLengthInvalid() {
        return contentLength == CL_INVALID;
    }

    /** CSeq = 1*DIGIT LWS Method, the number below 2^31, the method the request's (RFC 3261 section 8.1.1.5). */
    private void checkCSeq(ByteBuf buf, int start, int end) {
        int i = start;
        long n = 0;
        int digits = 0;
        while (i < end && isDigit(buf.getByte(i))) {
            n = n * 10 + (buf.getByte(i) - '0');
            if (++digits > 10) {
                break;
            }
            i++;
        }
        int ws = i;
        while (i < end && isLws(buf.getByte(i))) {
            i++;
        }
        int methodStart = i;
        while (i < end && isTokenByte(buf.getByte(i))) {
            i++;
        }
        if (digits == 0 || digits > 10 || n > (1L << 31) - 1 || ws == methodStart || methodStart == i || i != end) {
            error(SipStatus.BAD_REQUEST, "Bad CSeq");
            return;
        }
        if (request && method != null && !method.matches(buf, methodStart, end)) {
            error(SipStatus.BAD_REQUEST, "CSeq method does not match request method");
        }
    }

    /**
     * Call-ID = word ["@" word] (RFC 3261 section 25.1); the identifier is opaque, so only what would break it is
     * refused: emptiness, whitespace and control characters. Non-ASCII bytes (negative) pass.
     */
    private static boolean isCallId(ByteBuf buf, int start, int end) {
        if (start >= end) {
            return false;
        }
        for (int i = start; i < end; i++) {
            byte b = buf.getByte(i);
            if (b >= 0 && b <= ' ') {
                return false;
            }
        }
        return true;
    }

    /**
     * The first Via value starts with a sent-protocol and a sent-by host (RFC 3261 section 20.42): enough for the
     * response to be routed back; the rest is parsed when asked.
     */
    private static boolean isViaSentBy(ByteBuf buf, int start, int end) {
        int i = start;
        for (int part = 0; part < 3; part++) {
            while (i < end && isLws(buf.getByte(i))) {
                i++;
            }
            int tokenStart = i;
            while (i < end && isTokenByte(buf.getByte(i))) {
                i++;
            }
            if (i == tokenStart) {
                return false;
            }
            while (i < end && isLws(buf.getByte(i))) {
                i++;
            }
            if (part < 2) {
                if (i >= end || buf.getByte(i) != '/') {
                    return false;
                }
                i++;
            }
        }
        int hostStart = i;
        if (i < end && buf.getByte(i) == '[') {
            int close = buf.indexOf(i, end, (byte) ']');
            if (close < 0) {
                return false;
            }
            i = close + 1;
        } else {
            while (i < end && (isAlpha(buf.getByte(i)) || isDigit(buf.getByte(i)) || buf.getByte(i) == '-'
                    || buf.getByte(i) == '.')) {
                i++;
            }
        }
        if (i == hostStart || i == start) {
            return false;
        }
        return i == end || isLws(buf.getByte(i)) || buf.getByte(i) == ':' || buf.getByte(i) == ';'
                || buf.getByte(i) == ',';
    }

    private static long parseNumber(ByteBuf buf, int start, int end, int maxDigits) {
        while (start < end && isLws(buf.getByte(start))) {
            start++;
        }
        while (end > start && isLws(buf.getByte(end - 1))) {
            end--;
        }
        if (start >= end || end - start > maxDigits) {
            return -1;
        }
        long v = 0;
        for (int i = start; i < end; i++) {
            byte b = buf.getByte(i);
            if (!isDigit(b)) {
                return -1;
            }
            v = v * 10 + (b - '0');
        }
        return v;
    }

    private static int trimEnd(ByteBuf buf, int start, int end) {
        while (end > start && isWs(buf.getByte(end - 1))) {
            end--;
        }
        return end;
    }

    private static boolean isWs(byte b) {
        return b == ' ' || b == '\t';
    }

    /** Whitespace inside a value, where a folded line leaves CR and LF (RFC 3261 section 7.3.1). */
    private static boolean isLws(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isAlpha(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    private static boolean isTokenByte(byte b) {
        return isAlpha(b) || isDigit(b) || b == '-' || b == '.' || b == '!' || b == '%' || b == '*' || b == '_'
                || b == '+' || b == '`' || b == '\'' || b == '~';
    }
}
