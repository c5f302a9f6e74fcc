package io.sipgw.sip;

import io.netty.buffer.ByteBuf;

/**
 * The header names the gateway looks at by kind, with their compact forms (RFC 3261 section 7.3.3); every other
 * header is {@link #OTHER} and is carried by its literal name.
 */
public enum SipHeaderName {
    OTHER(null, (char) 0),
    VIA("Via", 'v'),
    FROM("From", 'f'),
    TO("To", 't'),
    CALL_ID("Call-ID", 'i'),
    CSEQ("CSeq", (char) 0),
    CONTACT("Contact", 'm'),
    MAX_FORWARDS("Max-Forwards", (char) 0),
    ROUTE("Route", (char) 0),
    RECORD_ROUTE("Record-Route", (char) 0),
    CONTENT_LENGTH("Content-Length", 'l'),
    CONTENT_TYPE("Content-Type", 'c'),
    CONTENT_ENCODING("Content-Encoding", 'e'),
    SUPPORTED("Supported", 'k'),
    SUBJECT("Subject", 's'),
    EVENT("Event", 'o'),
    REFER_TO("Refer-To", 'r'),
    ALLOW_EVENTS("Allow-Events", 'u'),
    ALLOW("Allow", (char) 0),
    ACCEPT("Accept", (char) 0),
    REQUIRE("Require", (char) 0),
    PROXY_REQUIRE("Proxy-Require", (char) 0),
    UNSUPPORTED("Unsupported", (char) 0),
    AUTHORIZATION("Authorization", (char) 0),
    PROXY_AUTHORIZATION("Proxy-Authorization", (char) 0),
    WWW_AUTHENTICATE("WWW-Authenticate", (char) 0),
    PROXY_AUTHENTICATE("Proxy-Authenticate", (char) 0),
    WARNING("Warning", (char) 0),
    RETRY_AFTER("Retry-After", (char) 0),
    USER_AGENT("User-Agent", (char) 0),
    SERVER("Server", (char) 0),
    REASON("Reason", (char) 0),
    EXPIRES("Expires", (char) 0),
    SESSION_EXPIRES("Session-Expires", 'x'),
    MIN_SE("Min-SE", (char) 0);

    private static final SipHeaderName[] VALUES = values();
    /** Open-addressed table from a case-folded hash of the long or compact name to the kind; built once. */
    private static final int TABLE_MASK = 255;
    private static final SipHeaderName[] TABLE = new SipHeaderName[TABLE_MASK + 1];

    static {
        for (SipHeaderName kind : VALUES) {
            if (kind == OTHER) {
                continue;
            }
            insert(kind.canonical, kind);
            if (kind.compact != 0) {
                insert(String.valueOf(kind.compact), kind);
            }
        }
    }

    private final String canonical;
    private final char compact;
    /** The long form with every byte OR 0x20, the case folding {@link #hashStep} uses. */
    private final byte[] folded;

    SipHeaderName(String canonical, char compact) {
        this.canonical = canonical;
        this.compact = compact;
        this.folded = canonical == null ? new byte[0] : foldAll(canonical);
    }

    private static byte[] foldAll(String name) {
        byte[] out = new byte[name.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (name.charAt(i) | 0x20);
        }
        return out;
    }

    /**
     * Whether several values of this header may share one line, separated by commas (RFC 3261 section 7.3.1).
     * Never for the authentication headers, whose values hold commas of their own, nor for single-valued headers
     * such as From, Call-ID or User-Agent.
     */
    public boolean isList() {
        switch (this) {
            case VIA, CONTACT, ROUTE, RECORD_ROUTE, CONTENT_ENCODING, SUPPORTED, ALLOW_EVENTS, ALLOW, ACCEPT,
                    REQUIRE, PROXY_REQUIRE, UNSUPPORTED, WARNING, REASON:
                return true;
            default:
                return false;
        }
    }

    /** The long form as RFC 3261 spells it, or {@code null} for {@link #OTHER}. */
    public String canonicalName() {
        return canonical;
    }

    /** The compact form (RFC 3261 section 7.3.3), or {@code 0} when the header has none. */
    public char compactForm() {
        return compact;
    }

    static SipHeaderName byOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /** The kind of a header name given as text, long or compact, in any case. */
    public static SipHeaderName of(CharSequence name) {
        int h = 0;
        for (int i = 0; i < name.length(); i++) {
            h = 31 * h + (name.charAt(i) | 0x20);
        }
        for (int slot = h & TABLE_MASK; ; slot = (slot + 1) & TABLE_MASK) {
            SipHeaderName kind = TABLE[slot];
            if (kind == null) {
                return OTHER;
            }
            if (kind.matches(name)) {
                return kind;
            }
        }
    }

    /** The kind of the header name stored in {@code buf} at {@code [start, end)}; no allocation. */
    public static SipHeaderName of(ByteBuf buf, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = hashStep(h, buf.getByte(i));
        }
        return of(buf, start, end, h);
    }

    /**
     * One step of the case-folded name hash, for a parser that hashes a name while it scans it. Setting bit 0x20
     * lower-cases letters and leaves '-' and digits alone; on other token characters it is merely consistent.
     */
    public static int hashStep(int hash, byte b) {
        return 31 * hash + (b | 0x20);
    }

    /** The kind of the name at {@code buf[start, end)} whose {@link #hashStep} hash is {@code h}. */
    public static SipHeaderName of(ByteBuf buf, int start, int end, int h) {
        for (int slot = h & TABLE_MASK; ; slot = (slot + 1) & TABLE_MASK) {
            SipHeaderName kind = TABLE[slot];
            if (kind == null) {
                return OTHER;
            }
            if (kind.matches(buf, start, end)) {
                return kind;
            }
        }
    }

    /** The kind of the name at {@code b[start, end)} whose {@link #hashStep} hash is {@code h}. */
    public static SipHeaderName of(byte[] b, int start, int end, int h) {
        for (int slot = h & TABLE_MASK; ; slot = (slot + 1) & TABLE_MASK) {
            SipHeaderName kind = TABLE[slot];
            if (kind == null) {
                return OTHER;
            }
            if (kind.matches(b, start, end)) {
                return kind;
            }
        }
    }

    private boolean matches(byte[] b, int start, int end) {
        int len = end - start;
        if (len == 1) {
            return compact != 0 && (b[start] | 0x20) == compact;
        }
        if (len != folded.length) {
            return false;
        }
        // Canonical names hold letters and '-' only, which no other token character folds onto.
        for (int i = 0; i < len; i++) {
            if ((b[start + i] | 0x20) != folded[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code name} (long or compact, any case) names this header. */
    public boolean matches(CharSequence name) {
        if (this == OTHER) {
            return false;
        }
        if (name.length() == 1) {
            return compact != 0 && fold(name.charAt(0)) == compact;
        }
        if (name.length() != canonical.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (fold(name.charAt(i)) != fold(canonical.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(ByteBuf buf, int start, int end) {
        int len = end - start;
        if (len == 1) {
            return compact != 0 && fold((char) (buf.getByte(start) & 0xFF)) == compact;
        }
        if (len != canonical.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (fold((char) (buf.getByte(start + i) & 0xFF)) != fold(canonical.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void insert(String name, SipHeaderName kind) {
        int h = 0;
        for (int i = 0; i < name.length(); i++) {
            h = 31 * h + (name.charAt(i) | 0x20);
        }
        int slot = h & TABLE_MASK;
        while (TABLE[slot] != null) {
            slot = (slot + 1) & TABLE_MASK;
        }
        TABLE[slot] = kind;
    }

    private static char fold(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
