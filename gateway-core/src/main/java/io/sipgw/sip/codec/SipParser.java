package io.sipgw.sip.codec;

import io.netty.buffer.ByteBuf;
import io.sipgw.sip.HeaderScanner;
import io.sipgw.sip.SipHeaderIndex;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipMethod;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.sip.SipStatus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The hand-written SIP parser shared by the datagram and stream decoders: one pass over the start line and header
 * block that records where each header lies, checks what routing depends on (start line, Via, From, To, Call-ID,
 * CSeq, Max-Forwards, Content-Length) and locates the top Via branch and the tags. Header values are split into
 * fields later, on demand. Not thread-safe: one instance per decoder.
 */
public final class SipParser {

    /** Reads eight bytes of the head copy at once, for the control-character scan. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final byte TOKEN = 1;
    private static final byte ALPHA = 2;
    private static final byte DIGIT = 4;
    /** Character classes by byte value (RFC 3261 section 25.1), so each test is one table read. */
    private static final byte[] CLASSES = new byte[256];

    static {
        for (int c = 'a'; c <= 'z'; c++) {
            CLASSES[c] = TOKEN | ALPHA;
            CLASSES[c - 32] = TOKEN | ALPHA;
        }
        for (int c = '0'; c <= '9'; c++) {
            CLASSES[c] = TOKEN | DIGIT;
        }
        for (char c : "-.!%*_+`'~".toCharArray()) {
            CLASSES[c] = TOKEN;
        }
    }

    private static final int CL_ABSENT = -1;
    private static final int CL_INVALID = -2;

    private final SipCodecLimits limits;
    private final SipHeaderIndex headers = new SipHeaderIndex();
    /**
     * The head being parsed, copied out of the buffer once: array reads are several times cheaper than
     * bounds-checked buffer reads, and every offset in it is relative to the message start, as the message keeps them.
     */
    private byte[] b = new byte[4096];

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
        int scanLength = Math.min(end - start, limits.maxHeaderBlockLength());
        load(buf, start, scanLength);
        parseLoaded(scanLength);
        if (!sawBlankLine && end - start > limits.maxHeaderBlockLength()) {
            return tooLargeLoaded(buf, start, scanLength, false);
        }
        // Lenient: a datagram whose header block lacks the final blank line ends with its last header.
        int headEnd = sawBlankLine ? start + headLength : end;
        headLength = headEnd - start;
        if (errorStatus != 0) {
            return failure(buf.retainedSlice(start, headLength), false);
        }
        int remaining = end - headEnd;
        int bodyLength;
        if (contentLength == CL_ABSENT) {
            bodyLength = remaining;
        } else if (contentLength > remaining) {
            return fail(buf.retainedSlice(start, headLength), SipStatus.BAD_REQUEST,
                    "Content-Length larger than message", false);
        } else {
            bodyLength = (int) contentLength;
        }
        if (bodyLength > limits.maxBodyLength()) {
            return fail(buf.retainedSlice(start, headLength), SipStatus.MESSAGE_TOO_LARGE, "Message Too Large", false);
        }
        return finish(frame(buf, start, headLength + bodyLength), bodyLength);
    }

    /**
     * The bytes of one message: a slice when the datagram's buffer is about the message's size, else a copy, so
     * that a message kept for a call's lifetime does not pin a 64 KiB receive buffer.
     */
    private static ByteBuf frame(ByteBuf buf, int start, int length) {
        if (buf.capacity() <= 2 * length) {
            return buf.retainedSlice(start, length);
        }
        ByteBuf copy = buf.alloc().buffer(length, length);
        return copy.writeBytes(buf, start, length);
    }

    /** A 513 for a header block over the limit in {@code buf[start, scanTo)}, answerable when its lines are. */
    SipDecodeError tooLarge(ByteBuf buf, int start, int scanTo, boolean close) {
        load(buf, start, scanTo - start);
        return tooLargeLoaded(buf, start, scanTo - start, close);
    }

    private SipDecodeError tooLargeLoaded(ByteBuf buf, int start, int loaded, boolean close) {
        int lastLf = loaded - 1;
        while (lastLf >= 0 && b[lastLf] != '\n') {
            lastLf--;
        }
        if (lastLf < 0) {
            return fail(null, SipStatus.MESSAGE_TOO_LARGE, "Message Too Large", close);
        }
        parseLoaded(lastLf + 1);
        return fail(buf.retainedSlice(start, lastLf + 1), SipStatus.MESSAGE_TOO_LARGE, "Message Too Large", close);
    }

    /**
     * The refusal of a start line that has run past its limit with no LF yet, on a stream: the status and reason
     * {@link #parseHead} gives the same line once whole, a control character in it or else its length, so that
     * the outcome does not depend on where the stream was cut. {@code length} bytes from {@code start} are looked
     * at: a control character within the limit, else the length.
     */
    SipDecodeError startLineTooLong(ByteBuf buf, int start, int length, boolean close) {
        load(buf, start, length);
        boolean control = !scanLine(0, length) && lineContentEnd <= limits.maxStartLineLength();
        return fail(null, SipStatus.BAD_REQUEST, control ? "Control character in start line" : "Start line too long",
                close);
    }

    private void load(ByteBuf buf, int start, int length) {
        if (b.length < length) {
            b = new byte[Math.max(length, Math.min(b.length * 2, SipHeaderIndex.MAX_HEAD_LENGTH))];
        }
        buf.getBytes(start, b, 0, length);
    }

    // ---------------------------------------------------------------- the head

    /**
     * Parses the start line and headers in {@code buf[start, headEnd)}; the outcome is read with
     * {@link #failed()}, {@link #contentLength()} and turned into a result by {@link #finish} or {@link #failure}.
     */
    public void parseHead(ByteBuf buf, int start, int headEnd) {
        load(buf, start, headEnd - start);
        parseLoaded(headEnd - start);
    }

    /** Parses the head loaded in {@code b[0, end)}. */
    private void parseLoaded(int end) {
        headers.reset();
        request = false;
        startLineOk = false;
        method = null;
        contentLength = CL_ABSENT;
        errorStatus = 0;
        errorReason = null;
        headLength = end;
        sawBlankLine = false;

        if (!scanLine(0, end)) {
            // Past the limit the line is too long whatever follows: the verdict a stream cut there gets too.
            error(SipStatus.BAD_REQUEST, lineContentEnd > limits.maxStartLineLength() ? "Start line too long"
                    : "Control character in start line");
            return;
        }
        if (lineContentEnd > limits.maxStartLineLength()) {
            error(SipStatus.BAD_REQUEST, "Start line too long");
            return;
        }
        parseStartLine(lineContentEnd);
        if (errorStatus != 0 && !startLineOk) {
            return;
        }
        parseHeaders(lineNext, end);
    }

    /** Whether the head was refused. */
    public boolean failed() {
        return errorStatus != 0;
    }

    /** Whether the start line could be read (a request or status line), even if the head has another error. */
    public boolean startLineReadable() {
        return startLineOk;
    }

    /** Whether the head is a request's. */
    public boolean isRequest() {
        return request;
    }

    /** The Content-Length of the parsed head, or {@code -1} when absent. */
    public long contentLength() {
        return contentLength < 0 ? -1 : contentLength;
    }

    /** Whether the Content-Length of the head was unreadable, so a stream cannot be framed past it. */
    boolean contentLengthInvalid() {
        return contentLength == CL_INVALID;
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
    private boolean scanLine(int from, int to) {
        int at = findControl(from, to);
        // A quoted-pair may escape any control character but CR and LF (RFC 3261 section 25.1).
        while (at > from && b[at] != '\r' && b[at] != '\n' && b[at - 1] == '\\' && at + 1 < to) {
            at = findControl(at + 1, to);
        }
        if (at < 0) {
            lineContentEnd = to;
            lineNext = to;
            return true;
        }
        lineContentEnd = at;
        if (b[at] == '\n') {
            lineNext = at + 1;
            return true;
        }
        if (b[at] == '\r' && at + 1 < to && b[at + 1] == '\n') {
            lineNext = at + 2;
            return true;
        }
        lineNext = at + 1;
        return false;
    }

    /**
     * The index of the first control character other than HTAB in {@code b[from, to)}, or {@code -1}. Eight bytes
     * are tested at a time: a word holds a byte below 0x20 iff {@code (w - 0x20..20) & ~w & 0x80..80} is non-zero,
     * and a 0x7F byte iff the same zero-byte test on {@code w ^ 0x7F..7F} is; UTF-8 bytes never match either.
     */
    private int findControl(int from, int to) {
        int i = from;
        while (i + 8 <= to) {
            long w = (long) LONGS.get(b, i);
            long y = w ^ 0x7F7F7F7F7F7F7F7FL;
            long mask = (((w - 0x2020202020202020L) & ~w) | ((y - 0x0101010101010101L) & ~y)) & 0x8080808080808080L;
            if (mask != 0) {
                // Borrows only run towards later bytes (little-endian), so the lowest flag is exact.
                int hit = i + (Long.numberOfTrailingZeros(mask) >>> 3);
                if (b[hit] != '\t') {
                    return hit;
                }
                i = hit + 1;
                continue;
            }
            i += 8;
        }
        return firstControl(i, to);
    }

    private int firstControl(int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if ((c >= 0 && c < 0x20 && c != '\t') || c == 0x7F) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- start line

    private void parseStartLine(int end) {
        if (end >= 8 && isSipVersionPrefix(0)) {
            parseStatusLine(end);
        } else {
            parseRequestLine(end);
        }
    }

    /** Request-Line = Method SP Request-URI SP SIP-Version (RFC 3261 section 7.1): exactly one SP each. */
    private void parseRequestLine(int end) {
        request = true;
        int sp1 = indexOf(0, end, (byte) ' ');
        if (sp1 <= 0) {
            error(SipStatus.BAD_REQUEST, "Bad request line");
            return;
        }
        method = SipMethod.of(b, 0, sp1);
        if (method == null) {
            error(SipStatus.BAD_REQUEST, "Bad method");
            return;
        }
        // One pass over the rest of the line: the second SP, no third SP or tab, and no '<', '>' or '"' in the URI.
        int sp2 = -1;
        boolean uriChars = true;
        for (int i = sp1 + 1; i < end; i++) {
            byte c = b[i];
            if (c == ' ') {
                if (sp2 >= 0) {
                    sp2 = -2;
                    break;
                }
                sp2 = i;
            } else if (c == '\t') {
                sp2 = -2;
                break;
            } else if (sp2 < 0 && (c == '<' || c == '>' || c == '"')) {
                uriChars = false;
            }
        }
        if (sp2 < 0 || sp2 == sp1 + 1) {
            error(SipStatus.BAD_REQUEST, "Bad request line");
            return;
        }
        if (!uriChars || !hasScheme(sp1 + 1, sp2)) {
            error(SipStatus.BAD_REQUEST, "Bad Request-URI");
            return;
        }
        uriStart = sp1 + 1;
        uriEnd = sp2;
        int v = sp2 + 1;
        if (end - v == 7 && isSipVersionPrefix(v) && b[v + 4] == '2' && b[v + 5] == '.' && b[v + 6] == '0') {
            startLineOk = true;
            return;
        }
        if (isWellFormedVersion(v, end)) {
            // The request is readable; only its version is not ours (RFC 3261 section 21.5.6).
            startLineOk = true;
            error(SipStatus.VERSION_NOT_SUPPORTED, "Version Not Supported");
            return;
        }
        error(SipStatus.BAD_REQUEST, "Bad SIP version");
    }

    /** Status-Line = SIP-Version SP Status-Code SP Reason-Phrase; the code is three digits, 100 to 699. */
    private void parseStatusLine(int end) {
        request = false;
        if (end < 11 || b[4] != '2' || b[5] != '.' || b[6] != '0' || b[7] != ' ') {
            error(SipStatus.BAD_REQUEST, "Bad status line");
            return;
        }
        int code = 0;
        for (int i = 8; i < 11; i++) {
            if (!isDigit(b[i])) {
                error(SipStatus.BAD_REQUEST, "Bad status code");
                return;
            }
            code = code * 10 + (b[i] - '0');
        }
        if (code < 100 || code > 699 || (end > 11 && b[11] != ' ')) {
            error(SipStatus.BAD_REQUEST, "Bad status code");
            return;
        }
        status = code;
        reasonStart = Math.min(end, 12);
        reasonEnd = end;
        startLineOk = true;
    }

    private boolean isSipVersionPrefix(int i) {
        return (b[i] | 0x20) == 's' && (b[i + 1] | 0x20) == 'i' && (b[i + 2] | 0x20) == 'p' && b[i + 3] == '/';
    }

    /** SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT. */
    private boolean isWellFormedVersion(int v, int end) {
        if (end - v < 7 || !isSipVersionPrefix(v)) {
            return false;
        }
        int i = v + 4;
        int digits = 0;
        while (i < end && isDigit(b[i])) {
            i++;
            digits++;
        }
        if (digits == 0 || i >= end || b[i] != '.') {
            return false;
        }
        i++;
        digits = 0;
        while (i < end && isDigit(b[i])) {
            i++;
            digits++;
        }
        return digits > 0 && i == end;
    }

    /** absoluteURI starts with scheme ":" and something after it (RFC 3261 section 25.1). */
    private boolean hasScheme(int start, int end) {
        if (start >= end || !isAlpha(b[start])) {
            return false;
        }
        int i = start + 1;
        while (i < end && b[i] != ':') {
            if (!isAlpha(b[i]) && !isDigit(b[i]) && b[i] != '+' && b[i] != '-' && b[i] != '.') {
                return false;
            }
            i++;
        }
        return i < end - 1;
    }

    private int indexOf(int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- headers

    private void parseHeaders(int pos, int headEnd) {
        while (pos < headEnd) {
            boolean clean = scanLine(pos, headEnd);
            int contentEnd = lineContentEnd;
            int next = lineNext;
            if (!clean) {
                error(SipStatus.BAD_REQUEST, "Control character in header");
                pos = next;
                continue;
            }
            if (contentEnd == pos) {
                headLength = next;
                sawBlankLine = true;
                break;
            }
            byte first = b[pos];
            if (first == ' ' || first == '\t') {
                // RFC 3261 section 7.3.1: a continuation line belongs to the header above it.
                if (headers.count() == 0) {
                    error(SipStatus.BAD_REQUEST, "Malformed header line");
                } else {
                    int end = trimEnd(pos, contentEnd);
                    if (end > pos) {
                        headers.extendLast(end);
                    }
                }
                pos = next;
                continue;
            }
            int nameEnd = pos;
            int hash = 0;
            byte c;
            while (nameEnd < contentEnd && isTokenByte(c = b[nameEnd])) {
                hash = SipHeaderName.hashStep(hash, c);
                nameEnd++;
            }
            int colon = nameEnd;
            while (colon < contentEnd && isWs(b[colon])) {
                colon++;
            }
            if (nameEnd == pos || colon >= contentEnd || b[colon] != ':') {
                error(SipStatus.BAD_REQUEST, "Malformed header line");
                pos = next;
                continue;
            }
            if (headers.count() >= limits.maxHeaderCount()) {
                error(SipStatus.MESSAGE_TOO_LARGE, "Too many headers");
                return;
            }
            int valueStart = colon + 1;
            while (valueStart < contentEnd && isWs(b[valueStart])) {
                valueStart++;
            }
            headers.add(SipHeaderName.of(b, pos, nameEnd, hash), pos, valueStart, trimEnd(valueStart, contentEnd));
            pos = next;
        }
        checkHeaders();
    }

    /**
     * Checks the headers routing depends on, once every line (folded continuations included) is known: presence
     * and uniqueness (RFC 3261 sections 8.1.1 and 20) and the syntax of the top Via, Call-ID, CSeq, Max-Forwards
     * and Content-Length; and locates the top Via branch and the From and To tags for the message.
     */
    private void checkHeaders() {
        int callIds = 0;
        int cseqs = 0;
        int froms = 0;
        int tos = 0;
        int maxForwards = 0;
        int contentLengths = 0;
        int vias = 0;
        int callId = HeaderScanner.ABSENT;
        int branch = HeaderScanner.ABSENT;
        int fromTag = HeaderScanner.ABSENT;
        int toTag = HeaderScanner.ABSENT;
        for (int i = 0; i < headers.count(); i++) {
            int valueStart = headers.valueStart(i);
            int valueEnd = headers.valueEnd(i);
            switch (headers.kind(i)) {
                case VIA:
                    if (vias++ == 0) {
                        if (!isViaSentBy(valueStart, valueEnd)) {
                            error(SipStatus.BAD_REQUEST, "Bad Via");
                        }
                        branch = HeaderScanner.branchPosition(b, valueStart, valueEnd);
                    }
                    break;
                case CALL_ID:
                    if (callIds++ == 0) {
                        callId = HeaderScanner.pack(valueStart, valueEnd - valueStart);
                    }
                    if (!isCallId(valueStart, valueEnd)) {
                        error(SipStatus.BAD_REQUEST, "Bad Call-ID");
                    }
                    break;
                case CSEQ:
                    cseqs++;
                    checkCSeq(valueStart, valueEnd);
                    break;
                case FROM:
                    if (froms++ == 0) {
                        fromTag = HeaderScanner.tagPosition(b, valueStart, valueEnd);
                    }
                    break;
                case TO:
                    if (tos++ == 0) {
                        toTag = HeaderScanner.tagPosition(b, valueStart, valueEnd);
                    }
                    break;
                case MAX_FORWARDS:
                    maxForwards++;
                    long mf = parseNumber(valueStart, valueEnd, 10);
                    if (mf < 0 || mf > 255) {
                        error(SipStatus.BAD_REQUEST, "Bad Max-Forwards");
                    }
                    break;
                case CONTENT_LENGTH:
                    contentLengths++;
                    long cl = parseNumber(valueStart, valueEnd, 10);
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
        // Every message is routed by these: read them now, from the head copy, once.
        headers.routing(HeaderScanner.text(b, callId), HeaderScanner.text(b, branch), HeaderScanner.text(b, fromTag),
                HeaderScanner.text(b, toTag));
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

    /** CSeq = 1*DIGIT LWS Method, the number below 2^31, the method the request's (RFC 3261 section 8.1.1.5). */
    private void checkCSeq(int start, int end) {
        int i = start;
        long n = 0;
        int digits = 0;
        while (i < end && isDigit(b[i]) && digits <= 10) {
            n = n * 10 + (b[i] - '0');
            digits++;
            i++;
        }
        int ws = i;
        while (i < end && isLws(b[i])) {
            i++;
        }
        int methodStart = i;
        while (i < end && isTokenByte(b[i])) {
            i++;
        }
        if (digits == 0 || digits > 10 || n > (1L << 31) - 1 || ws == methodStart || methodStart == i || i != end) {
            error(SipStatus.BAD_REQUEST, "Bad CSeq");
            return;
        }
        if (request && method != null && !method.matches(b, methodStart, end)) {
            error(SipStatus.BAD_REQUEST, "CSeq method does not match request method");
        }
    }

    /**
     * Call-ID = word ["@" word] (RFC 3261 section 25.1); the identifier is opaque, so only what would break it is
     * refused: emptiness, whitespace and control characters. Non-ASCII bytes (negative) pass.
     */
    private boolean isCallId(int start, int end) {
        if (start >= end) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (b[i] >= 0 && b[i] <= ' ') {
                return false;
            }
        }
        return true;
    }

    /**
     * The first Via value starts with a sent-protocol and a sent-by host (RFC 3261 section 20.42): enough for the
     * response to be routed back; the rest is parsed when asked.
     */
    private boolean isViaSentBy(int start, int end) {
        int i = start;
        for (int part = 0; part < 3; part++) {
            while (i < end && isLws(b[i])) {
                i++;
            }
            int tokenStart = i;
            while (i < end && isTokenByte(b[i])) {
                i++;
            }
            if (i == tokenStart) {
                return false;
            }
            while (i < end && isLws(b[i])) {
                i++;
            }
            if (part < 2) {
                if (i >= end || b[i] != '/') {
                    return false;
                }
                i++;
            }
        }
        int hostStart = i;
        if (i < end && b[i] == '[') {
            int close = indexOf(i, end, (byte) ']');
            if (close < 0) {
                return false;
            }
            i = close + 1;
        } else {
            while (i < end && (isAlpha(b[i]) || isDigit(b[i]) || b[i] == '-' || b[i] == '.')) {
                i++;
            }
        }
        if (i == hostStart) {
            return false;
        }
        return i == end || isLws(b[i]) || b[i] == ':' || b[i] == ';' || b[i] == ',';
    }

    private long parseNumber(int start, int end, int maxDigits) {
        while (start < end && isLws(b[start])) {
            start++;
        }
        while (end > start && isLws(b[end - 1])) {
            end--;
        }
        if (start >= end || end - start > maxDigits) {
            return -1;
        }
        long v = 0;
        for (int i = start; i < end; i++) {
            if (!isDigit(b[i])) {
                return -1;
            }
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    private int trimEnd(int start, int end) {
        while (end > start && isWs(b[end - 1])) {
            end--;
        }
        return end;
    }

    private static boolean isWs(byte c) {
        return c == ' ' || c == '\t';
    }

    /** Whitespace inside a value, where a folded line leaves CR and LF (RFC 3261 section 7.3.1). */
    private static boolean isLws(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isDigit(byte c) {
        return (CLASSES[c & 0xFF] & DIGIT) != 0;
    }

    private static boolean isAlpha(byte c) {
        return (CLASSES[c & 0xFF] & ALPHA) != 0;
    }

    private static boolean isTokenByte(byte c) {
        return (CLASSES[c & 0xFF] & TOKEN) != 0;
    }
}
