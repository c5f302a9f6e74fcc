package io.sipgw.sip;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * A SIP request method: one of the well-known constants, or an extension method carried by its token
 * (methods are case-sensitive, RFC 3261 section 7.1).
 */
public final class SipMethod {

    public static final SipMethod INVITE = new SipMethod("INVITE");
    public static final SipMethod ACK = new SipMethod("ACK");
    public static final SipMethod BYE = new SipMethod("BYE");
    public static final SipMethod CANCEL = new SipMethod("CANCEL");
    public static final SipMethod OPTIONS = new SipMethod("OPTIONS");
    public static final SipMethod REGISTER = new SipMethod("REGISTER");
    public static final SipMethod PRACK = new SipMethod("PRACK");
    public static final SipMethod SUBSCRIBE = new SipMethod("SUBSCRIBE");
    public static final SipMethod NOTIFY = new SipMethod("NOTIFY");
    public static final SipMethod PUBLISH = new SipMethod("PUBLISH");
    public static final SipMethod INFO = new SipMethod("INFO");
    public static final SipMethod REFER = new SipMethod("REFER");
    public static final SipMethod MESSAGE = new SipMethod("MESSAGE");
    public static final SipMethod UPDATE = new SipMethod("UPDATE");

    private static final SipMethod[] KNOWN = {
        INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER, PRACK, SUBSCRIBE, NOTIFY, PUBLISH, INFO, REFER, MESSAGE, UPDATE
    };

    private final String name;
    private final byte[] bytes;

    private SipMethod(String name) {
        this.name = name;
        this.bytes = name.getBytes(StandardCharsets.US_ASCII);
    }

    /** The method for a token; a well-known method returns its shared constant. */
    public static SipMethod of(String token) {
        for (SipMethod m : KNOWN) {
            if (m.name.equals(token)) {
                return m;
            }
        }
        if (!SipChars.isToken(token)) {
            throw new IllegalArgumentException("not a method token: " + token);
        }
        return new SipMethod(token);
    }

    /**
     * The method whose token is stored in {@code buf} at {@code [start, end)}, or {@code null} when those bytes
     * are not a token; a well-known method costs no allocation.
     */
    public static SipMethod of(ByteBuf buf, int start, int end) {
        int len = end - start;
        outer:
        for (SipMethod m : KNOWN) {
            if (m.bytes.length != len) {
                continue;
            }
            for (int i = 0; i < len; i++) {
                if (buf.getByte(start + i) != m.bytes[i]) {
                    continue outer;
                }
            }
            return m;
        }
        if (len == 0) {
            return null;
        }
        for (int i = start; i < end; i++) {
            if (!SipChars.isTokenChar(buf.getByte(i))) {
                return null;
            }
        }
        return new SipMethod(buf.toString(start, len, StandardCharsets.US_ASCII));
    }

    /** The method whose token is {@code b[start, end)}, or {@code null} when those bytes are not a token. */
    public static SipMethod of(byte[] b, int start, int end) {
        int len = end - start;
        for (SipMethod m : KNOWN) {
            if (m.bytes.length == len && java.util.Arrays.equals(m.bytes, 0, len, b, start, end)) {
                return m;
            }
        }
        if (len == 0) {
            return null;
        }
        for (int i = start; i < end; i++) {
            if (!SipChars.isTokenChar(b[i])) {
                return null;
            }
        }
        return new SipMethod(new String(b, start, len, StandardCharsets.US_ASCII));
    }

    /** Whether {@code b[start, end)} spells this method exactly. */
    public boolean matches(byte[] b, int start, int end) {
        return java.util.Arrays.equals(bytes, 0, bytes.length, b, start, end);
    }

    /** The method token, as it appears on the wire. */
    public String name() {
        return name;
    }

    /** Whether the bytes {@code [start, end)} of {@code buf} spell this method exactly. */
    public boolean matches(ByteBuf buf, int start, int end) {
        if (end - start != bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (buf.getByte(start + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SipMethod && ((SipMethod) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
