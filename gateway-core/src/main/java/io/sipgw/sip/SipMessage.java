package io.sipgw.sip;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A SIP request or response over one backing buffer: header values are slices of the received bytes, split into
 * typed views ({@link Via}, {@link NameAddr}, {@link CSeq}) only when asked. Not thread-safe: a message is
 * confined to the event loop that owns its call. Reference-counted through its buffer.
 */
public abstract class SipMessage implements ReferenceCounted {

    private final ByteBuf content;
    /** Two ints per header line, laid out by {@link SipHeaderIndex}. */
    private final int[] index;
    private final int headerCount;
    private final int bodyOffset;
    private final int bodyLength;
    /** Call-ID, top Via branch, From and To tags, found by the parser (or on first use for a built message). */
    private boolean routingKnown;
    private String callId;
    private String branch;
    private String fromTag;
    private String toTag;

    private CSeq cseq;
    private NameAddr from;
    private NameAddr to;
    private Via topVia;

    SipMessage(ByteBuf content, int[] index, int headerCount, int bodyOffset, int bodyLength, String[] routing) {
        this.content = content;
        this.index = index;
        this.headerCount = headerCount;
        this.bodyOffset = bodyOffset;
        this.bodyLength = bodyLength;
        if (routing != null) {
            setRouting(routing);
        }
    }

    private void setRouting(String[] routing) {
        this.routingKnown = true;
        this.callId = routing[0];
        this.branch = routing[1];
        this.fromTag = routing[2];
        this.toTag = routing[3];
    }

    /** Whether this is a request. */
    public abstract boolean isRequest();

    /** The whole message as it goes on the wire, start line to the end of the body; not a copy. */
    public final ByteBuf content() {
        return content;
    }

    /** The start line without its line terminator. */
    public final String startLine() {
        int end = content.indexOf(0, content.writerIndex(), (byte) '\n');
        if (end > 0 && content.getByte(end - 1) == '\r') {
            end--;
        }
        return content.toString(0, end, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- raw header access

    /** The number of header lines. */
    public final int headerCount() {
        return headerCount;
    }

    /** The kind of the {@code i}-th header line. */
    public final SipHeaderName headerKind(int i) {
        return SipHeaderName.byOrdinal(kindOrdinal(i));
    }

    /** The name of the {@code i}-th header line as it was written (possibly a compact form). */
    public final String headerName(int i) {
        int start = nameStart(i);
        int end = start;
        while (SipChars.isTokenChar(content.getByte(end))) {
            end++;
        }
        return content.toString(start, end - start, StandardCharsets.US_ASCII);
    }

    /** The value of the {@code i}-th header line, with folded lines joined by a single space. */
    public final String headerValue(int i) {
        return valueString(i);
    }

    /** The value of the first header of this kind, or {@code null}. */
    public final String header(SipHeaderName kind) {
        int i = indexOf(kind, 0);
        return i < 0 ? null : valueString(i);
    }

    /** The value of the first header with this name (long or compact, any case), or {@code null}. */
    public final String header(String name) {
        SipHeaderName kind = SipHeaderName.of(name);
        if (kind != SipHeaderName.OTHER) {
            return header(kind);
        }
        for (int i = 0; i < headerCount; i++) {
            if (isOther(i, name)) {
                return valueString(i);
            }
        }
        return null;
    }

    /** The values of every header line with this name, in order; one entry per line. */
    public final List<String> headers(String name) {
        SipHeaderName kind = SipHeaderName.of(name);
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < headerCount; i++) {
            if (kind != SipHeaderName.OTHER ? kindOrdinal(i) == kind.ordinal() : isOther(i, name)) {
                out.add(valueString(i));
            }
        }
        return out;
    }

    /**
     * Every value of a header, one entry per value, in order: a list header ({@link SipHeaderName#isList()}: Via,
     * Route, Record-Route, Contact...) split at its commas, any other one line by line (the authentication
     * headers, RFC 3261 section 7.3.1).
     */
    public final List<String> headerValues(SipHeaderName kind) {
        List<String> out = null;
        for (int i = 0; i < headerCount; i++) {
            if (kindOrdinal(i) == kind.ordinal()) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                if (kind.isList()) {
                    CommaList.split(valueString(i), out);
                } else {
                    out.add(valueString(i));
                }
            }
        }
        return out == null ? Collections.emptyList() : out;
    }

    /** Whether a header of this kind is present. */
    public final boolean hasHeader(SipHeaderName kind) {
        return indexOf(kind, 0) >= 0;
    }

    /** The number of header lines of this kind. */
    public final int countHeaders(SipHeaderName kind) {
        int n = 0;
        for (int i = 0; i < headerCount; i++) {
            if (kindOrdinal(i) == kind.ordinal()) {
                n++;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- routing fields, no typed parse

    /** The Call-ID, or {@code null} when absent. */
    public final String callId() {
        if (!routingKnown) {
            locateRouting();
        }
        return callId;
    }

    /** The {@code branch} parameter of the top Via, or {@code null}; read without parsing the Via. */
    public final String topViaBranch() {
        if (!routingKnown) {
            locateRouting();
        }
        return branch;
    }

    /** The {@code tag} parameter of From, or {@code null}; read without parsing From. */
    public final String fromTag() {
        if (!routingKnown) {
            locateRouting();
        }
        return fromTag;
    }

    /** The {@code tag} parameter of To, or {@code null}; read without parsing To. */
    public final String toTag() {
        if (!routingKnown) {
            locateRouting();
        }
        return toTag;
    }

    /** For a message built locally: copies the head once and finds the routing fields the parser would have. */
    private void locateRouting() {
        byte[] head = new byte[bodyOffset];
        content.getBytes(0, head);
        setRouting(HeaderScanner.routingFields(head, index, headerCount));
    }

    /** The CSeq number, or {@code -1} when CSeq is absent or malformed; read without parsing the header. */
    public final long cseqNumber() {
        if (cseq != null) {
            return cseq.number();
        }
        int i = indexOf(SipHeaderName.CSEQ, 0);
        if (i < 0) {
            return -1;
        }
        long n = 0;
        int p = valueStart(i);
        int end = valueEnd(i);
        int digits = 0;
        while (p < end && SipChars.isDigit(content.getByte(p)) && digits < 10) {
            n = n * 10 + (content.getByte(p++) - '0');
            digits++;
        }
        return digits == 0 || n > CSeq.MAX_NUMBER ? -1 : n;
    }

    /** The CSeq method, or {@code null} when CSeq is absent or malformed; a well-known method costs no allocation. */
    public final SipMethod cseqMethod() {
        if (cseq != null) {
            return cseq.method();
        }
        int i = indexOf(SipHeaderName.CSEQ, 0);
        if (i < 0) {
            return null;
        }
        int end = valueEnd(i);
        int p = end;
        while (p > valueStart(i) && SipChars.isTokenChar(content.getByte(p - 1))) {
            p--;
        }
        return p == end ? null : SipMethod.of(content, p, end);
    }

    // ---------------------------------------------------------------- typed views

    /** The CSeq header; throws {@link SipParseException} when absent or malformed. */
    public final CSeq cseq() {
        if (cseq == null) {
            cseq = CSeq.parse(required(SipHeaderName.CSEQ));
        }
        return cseq;
    }

    /** The From header; throws {@link SipParseException} when absent or malformed. */
    public final NameAddr from() {
        if (from == null) {
            from = NameAddr.parse(required(SipHeaderName.FROM));
        }
        return from;
    }

    /** The To header; throws {@link SipParseException} when absent or malformed. */
    public final NameAddr to() {
        if (to == null) {
            to = NameAddr.parse(required(SipHeaderName.TO));
        }
        return to;
    }

    /** The top Via value; throws {@link SipParseException} when absent or malformed. */
    public final Via topVia() {
        if (topVia == null) {
            int i = indexOf(SipHeaderName.VIA, 0);
            if (i < 0) {
                throw new SipParseException("Missing Via");
            }
            String first = content.toString(valueStart(i), firstValueEnd(i) - valueStart(i), StandardCharsets.UTF_8);
            topVia = Via.parse(isFolded(i) ? unfold(first) : first);
        }
        return topVia;
    }

    /** Every Via value, top first. */
    public final List<Via> vias() {
        return parseAll(SipHeaderName.VIA, Via::parse);
    }

    /** Every Contact value (empty when absent); a {@code *} Contact is a NameAddr with {@link NameAddr#isWildcard()}. */
    public final List<NameAddr> contacts() {
        return parseAll(SipHeaderName.CONTACT, NameAddr::parse);
    }

    /** Every Route value, in order. */
    public final List<NameAddr> routes() {
        return parseAll(SipHeaderName.ROUTE, NameAddr::parse);
    }

    /** Every Record-Route value, in order. */
    public final List<NameAddr> recordRoutes() {
        return parseAll(SipHeaderName.RECORD_ROUTE, NameAddr::parse);
    }

    /** Max-Forwards (0 to 255), or {@code -1} when absent; throws {@link SipParseException} when malformed. */
    public final int maxForwards() {
        String v = header(SipHeaderName.MAX_FORWARDS);
        if (v == null) {
            return -1;
        }
        long n = Numbers.parseDigits(v, 10);
        if (n < 0 || n > 255) {
            throw new SipParseException("Bad Max-Forwards");
        }
        return (int) n;
    }

    /**
     * Parses every header the gateway knows into its typed view (and a SIP Request-URI), for callers that want the
     * whole message checked; throws {@link SipParseException} naming the first part that does not follow the grammar.
     */
    public void parseAll() {
        topVia();
        vias();
        from();
        to();
        cseq();
        maxForwards();
        contacts();
        routes();
        recordRoutes();
    }

    /** The Content-Type value, or {@code null}. */
    public final String contentType() {
        return header(SipHeaderName.CONTENT_TYPE);
    }

    // ---------------------------------------------------------------- body

    /** The body as a slice of the message buffer (not retained); empty when there is none. */
    public final ByteBuf body() {
        return content.slice(bodyOffset, bodyLength);
    }

    /** The length of the body in bytes; Content-Length always equals it. */
    public final int bodyLength() {
        return bodyLength;
    }

    /** The body decoded as UTF-8. */
    public final String bodyAsString() {
        return content.toString(bodyOffset, bodyLength, StandardCharsets.UTF_8);
    }

    final int bodyOffset() {
        return bodyOffset;
    }

    // ---------------------------------------------------------------- reference counting

    @Override
    public final int refCnt() {
        return content.refCnt();
    }

    @Override
    public SipMessage retain() {
        content.retain();
        return this;
    }

    @Override
    public final SipMessage retain(int increment) {
        content.retain(increment);
        return this;
    }

    @Override
    public final SipMessage touch() {
        content.touch();
        return this;
    }

    @Override
    public final SipMessage touch(Object hint) {
        content.touch(hint);
        return this;
    }

    @Override
    public final boolean release() {
        return content.release();
    }

    @Override
    public final boolean release(int decrement) {
        return content.release(decrement);
    }

    /**
     * The start line and Call-ID only: a message may carry digest responses and SRTP keys, which must never reach a
     * log by accident (whole messages are logged on purpose, masked, by the {@code sip.trace} logger).
     */
    @Override
    public String toString() {
        if (content.refCnt() == 0) {
            return getClass().getSimpleName() + "(released)";
        }
        return getClass().getSimpleName() + "(" + startLine() + ", Call-ID " + callId() + ")";
    }

    // ---------------------------------------------------------------- index internals (package-private)

    final int kindOrdinal(int i) {
        return SipHeaderIndex.kindOrdinal(index, i);
    }

    final int nameStart(int i) {
        return SipHeaderIndex.nameStart(index, i);
    }

    final int valueStart(int i) {
        return SipHeaderIndex.valueStart(index, i);
    }

    final int valueEnd(int i) {
        return SipHeaderIndex.valueEnd(index, i);
    }

    final boolean isFolded(int i) {
        return SipHeaderIndex.isFolded(index, i);
    }

    final int indexOf(SipHeaderName kind, int from) {
        int ordinal = kind.ordinal();
        for (int i = from; i < headerCount; i++) {
            if (kindOrdinal(i) == ordinal) {
                return i;
            }
        }
        return -1;
    }

    private boolean isOther(int i, String name) {
        if (kindOrdinal(i) != SipHeaderName.OTHER.ordinal()) {
            return false;
        }
        int start = nameStart(i);
        int len = name.length();
        for (int k = 0; k < len; k++) {
            int b = content.getByte(start + k);
            char c = name.charAt(k);
            if (b != c && (b | 0x20) != (c | 0x20)) {
                return false;
            }
            if (!SipChars.isTokenChar(b)) {
                return false;
            }
        }
        return !SipChars.isTokenChar(content.getByte(start + len));
    }

    private String valueString(int i) {
        int start = valueStart(i);
        int end = valueEnd(i);
        String raw = content.toString(start, end - start, StandardCharsets.UTF_8);
        return isFolded(i) ? unfold(raw) : raw;
    }

    /** The end of the first comma-separated value of header line {@code i}. */
    private int firstValueEnd(int i) {
        int start = valueStart(i);
        byte[] value = new byte[valueEnd(i) - start];
        content.getBytes(start, value);
        int end = start + HeaderScanner.firstValueEnd(value, 0, value.length);
        while (end > start && SipChars.isWhitespace(content.getByte(end - 1))) {
            end--;
        }
        return end;
    }

    private String required(SipHeaderName kind) {
        String v = header(kind);
        if (v == null) {
            throw new SipParseException("Missing " + kind.canonicalName());
        }
        return v;
    }

    private <T> List<T> parseAll(SipHeaderName kind, java.util.function.Function<String, T> parser) {
        List<String> values = headerValues(kind);
        List<T> out = new ArrayList<>(values.size());
        for (String v : values) {
            out.add(parser.apply(v));
        }
        return out;
    }

    /** RFC 3261 section 7.3.1: a line fold is equivalent to a single space. */
    static String unfold(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '\r' || c == '\n') {
                while (sb.length() > 0 && SipChars.isWhitespace(sb.charAt(sb.length() - 1))) {
                    sb.setLength(sb.length() - 1);
                }
                while (i < raw.length() && (raw.charAt(i) == '\r' || raw.charAt(i) == '\n'
                        || SipChars.isWhitespace(raw.charAt(i)))) {
                    i++;
                }
                sb.append(' ');
                continue;
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }
}
