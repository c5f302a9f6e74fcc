package io.sipgw.sip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a message from scratch or as a copy of a received one with named changes; {@code build} writes it into
 * one exactly-sized buffer and indexes it as it writes, so the result needs no parse. Headers copied from the
 * source keep their bytes (only the line terminator is normalised to CRLF); Content-Length always matches the body.
 * A builder copied from a message reads that message's buffer: build before releasing the source.
 */
public abstract class SipMessageBuilder<B extends SipMessageBuilder<B>> {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON_SP = {':', ' '};

    /** One header line: either a reference to a line of the source message or a new name and value. */
    private static final class Entry {
        final SipHeaderName kind;
        final String name;
        final String value;
        final int srcIndex;

        Entry(SipHeaderName kind, String name, String value) {
            this.kind = kind;
            this.name = name;
            this.value = value;
            this.srcIndex = -1;
        }

        Entry(SipHeaderName kind, int srcIndex) {
            this.kind = kind;
            this.name = null;
            this.value = null;
            this.srcIndex = srcIndex;
        }
    }

    private final SipMessage source;
    private final List<Entry> entries;
    private boolean bodyReplaced;
    private ByteBuf newBody;
    private byte[] newBodyBytes;

    SipMessageBuilder(SipMessage source) {
        this.source = source;
        if (source == null) {
            this.entries = new ArrayList<>(12);
        } else {
            this.entries = new ArrayList<>(source.headerCount() + 4);
            for (int i = 0; i < source.headerCount(); i++) {
                entries.add(new Entry(source.headerKind(i), i));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    final SipMessage source() {
        return source;
    }

    // ---------------------------------------------------------------- header operations

    /** Appends a header line after the existing ones. */
    public B addHeader(String name, String value) {
        entries.add(newEntry(name, value));
        return self();
    }

    /** Appends a header line of a known kind under its canonical name. */
    public B addHeader(SipHeaderName kind, String value) {
        return addHeader(kind.canonicalName(), value);
    }

    /** Inserts a header line before the first line of the same name (or at the top when there is none). */
    public B addHeaderFirst(String name, String value) {
        Entry e = newEntry(name, value);
        int at = firstIndexOf(e.kind, name);
        entries.add(at < 0 ? 0 : at, e);
        return self();
    }

    /** Sets a header to one line with this value: the first line of that name is replaced in place, others removed. */
    public B setHeader(String name, String value) {
        Entry e = newEntry(name, value);
        int at = firstIndexOf(e.kind, name);
        removeHeader(name);
        if (at < 0) {
            entries.add(e);
        } else {
            entries.add(at, e);
        }
        return self();
    }

    /** Sets a header of a known kind under its canonical name (see {@link #setHeader(String, String)}). */
    public B setHeader(SipHeaderName kind, String value) {
        return setHeader(kind.canonicalName(), value);
    }

    /** Removes every line with this name (long or compact form, any case). */
    public B removeHeader(String name) {
        SipHeaderName kind = SipHeaderName.of(name);
        entries.removeIf(e -> matches(e, kind, name));
        return self();
    }

    /** Removes every line of this kind. */
    public B removeHeader(SipHeaderName kind) {
        return removeHeader(kind.canonicalName());
    }

    /** Whether a line with this name is present. */
    public boolean hasHeader(String name) {
        return firstIndexOf(SipHeaderName.of(name), name) >= 0;
    }

    /** Adds a Via on top (RFC 3261 section 16.6 step 8). */
    public B pushVia(Via via) {
        return addHeaderFirst(SipHeaderName.VIA.canonicalName(), via.toString());
    }

    /** Removes the top Via value; a line holding several comma-separated values keeps the others. */
    public B popVia() {
        int at = firstIndexOf(SipHeaderName.VIA, null);
        if (at < 0) {
            return self();
        }
        List<String> values = new ArrayList<>(2);
        CommaList.split(valueOf(entries.get(at)), values);
        if (values.size() <= 1) {
            entries.remove(at);
        } else {
            entries.set(at, new Entry(SipHeaderName.VIA, nameOf(entries.get(at)),
                    String.join(", ", values.subList(1, values.size()))));
        }
        return self();
    }

    /** The current value of the first line with this name, or {@code null}. */
    public String header(String name) {
        int at = firstIndexOf(SipHeaderName.of(name), name);
        return at < 0 ? null : valueOf(entries.get(at));
    }

    // ---------------------------------------------------------------- body

    /** Replaces the body and sets Content-Type ({@code null} content type: keep the current one). */
    public B body(String contentType, byte[] body) {
        this.bodyReplaced = true;
        this.newBodyBytes = body;
        this.newBody = null;
        if (contentType != null) {
            setHeader(SipHeaderName.CONTENT_TYPE, contentType);
        }
        return self();
    }

    /** Replaces the body with the readable bytes of {@code body} (read, not retained, at build time). */
    public B body(String contentType, ByteBuf body) {
        this.bodyReplaced = true;
        this.newBody = body;
        this.newBodyBytes = null;
        if (contentType != null) {
            setHeader(SipHeaderName.CONTENT_TYPE, contentType);
        }
        return self();
    }

    /** Removes the body and its Content-Type. */
    public B clearBody() {
        this.bodyReplaced = true;
        this.newBody = null;
        this.newBodyBytes = null;
        removeHeader(SipHeaderName.CONTENT_TYPE.canonicalName());
        return self();
    }

    // ---------------------------------------------------------------- build

    /** The length in bytes of the start line, without its CRLF. */
    abstract int startLineLength();

    abstract void writeStartLine(ByteBuf out);

    abstract SipMessage newMessage(ByteBuf content, int[] index, int headerCount, int bodyOffset, int bodyLength,
                                   int startLineLength);

    final SipMessage buildMessage(ByteBufAllocator alloc) {
        int bodyLen = bodyLength();
        fixContentLength(bodyLen);
        int size = startLineLength() + 2;
        for (Entry e : entries) {
            size += entryLength(e) + 2;
        }
        if (size > SipHeaderIndex.MAX_HEAD_LENGTH) {
            throw new IllegalStateException("head of " + size + " bytes exceeds " + SipHeaderIndex.MAX_HEAD_LENGTH);
        }
        size += 2 + bodyLen;

        ByteBuf out = alloc.buffer(size, size);
        boolean done = false;
        try {
            writeStartLine(out);
            int startLineLength = out.writerIndex();
            out.writeBytes(CRLF);
            int[] index = new int[entries.size() * SipHeaderIndex.SLOTS];
            int n = 0;
            for (Entry e : entries) {
                int nameStart = out.writerIndex();
                int valueStart;
                int valueEnd;
                boolean folded = false;
                if (e.srcIndex >= 0) {
                    int srcName = source.nameStart(e.srcIndex);
                    int srcEnd = source.valueEnd(e.srcIndex);
                    out.writeBytes(source.content(), srcName, srcEnd - srcName);
                    valueStart = nameStart + source.valueStart(e.srcIndex) - srcName;
                    valueEnd = out.writerIndex();
                    folded = source.isFolded(e.srcIndex);
                } else {
                    out.writeCharSequence(e.name, StandardCharsets.US_ASCII);
                    out.writeBytes(COLON_SP);
                    valueStart = out.writerIndex();
                    ByteBufUtil.reserveAndWriteUtf8(out, e.value, ByteBufUtil.utf8Bytes(e.value));
                    valueEnd = out.writerIndex();
                }
                out.writeBytes(CRLF);
                SipHeaderIndex.put(index, n++, e.kind, nameStart, valueStart, valueEnd, folded);
            }
            out.writeBytes(CRLF);
            int bodyOffset = out.writerIndex();
            writeBody(out);
            SipMessage message = newMessage(out, index, entries.size(), bodyOffset, bodyLen, startLineLength);
            done = true;
            return message;
        } finally {
            if (!done) {
                out.release();
            }
        }
    }

    private int bodyLength() {
        if (bodyReplaced) {
            return newBody != null ? newBody.readableBytes() : newBodyBytes != null ? newBodyBytes.length : 0;
        }
        return source == null ? 0 : source.bodyLength();
    }

    private void writeBody(ByteBuf out) {
        if (bodyReplaced) {
            if (newBody != null) {
                out.writeBytes(newBody, newBody.readerIndex(), newBody.readableBytes());
            } else if (newBodyBytes != null) {
                out.writeBytes(newBodyBytes);
            }
        } else if (source != null) {
            out.writeBytes(source.content(), source.bodyOffset(), source.bodyLength());
        }
    }

    /** RFC 3261 section 20.14: exactly one Content-Length, equal to the body; kept as written when it already is. */
    private void fixContentLength(int bodyLen) {
        int first = -1;
        boolean exact = false;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.kind == SipHeaderName.CONTENT_LENGTH) {
                if (first < 0) {
                    first = i;
                    exact = Numbers.parseDigits(valueOf(e), 10) == bodyLen;
                } else {
                    exact = false;
                }
            }
        }
        if (first >= 0 && exact) {
            return;
        }
        String value = Integer.toString(bodyLen);
        if (first < 0) {
            entries.add(new Entry(SipHeaderName.CONTENT_LENGTH, SipHeaderName.CONTENT_LENGTH.canonicalName(), value));
        } else {
            setHeader(SipHeaderName.CONTENT_LENGTH, value);
        }
    }

    private int entryLength(Entry e) {
        if (e.srcIndex >= 0) {
            return source.valueEnd(e.srcIndex) - source.nameStart(e.srcIndex);
        }
        return e.name.length() + 2 + ByteBufUtil.utf8Bytes(e.value);
    }

    private Entry newEntry(String name, String value) {
        if (!SipChars.isToken(name)) {
            throw new IllegalArgumentException("not a header name: " + name);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // A line break or NUL in a value would let a caller inject headers.
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("line break in value of header " + name);
            }
        }
        return new Entry(SipHeaderName.of(name), name, value.trim());
    }

    private int firstIndexOf(SipHeaderName kind, String name) {
        for (int i = 0; i < entries.size(); i++) {
            if (matches(entries.get(i), kind, name)) {
                return i;
            }
        }
        return -1;
    }

    private boolean matches(Entry e, SipHeaderName kind, String name) {
        if (kind != SipHeaderName.OTHER) {
            return e.kind == kind;
        }
        return e.kind == SipHeaderName.OTHER && nameOf(e).equalsIgnoreCase(name);
    }

    private String nameOf(Entry e) {
        return e.srcIndex >= 0 ? source.headerName(e.srcIndex) : e.name;
    }

    private String valueOf(Entry e) {
        return e.srcIndex >= 0 ? source.headerValue(e.srcIndex) : e.value;
    }
}
