package io.sipgw.sip;

import java.util.Locale;

/**
 * One Via value (RFC 3261 section 20.42): protocol, transport, sent-by host and port, and parameters such as
 * {@code branch}, {@code received} and {@code rport} (RFC 3581). Immutable.
 */
public final class Via {

    /** RFC 3261 section 8.1.1.7: branches of RFC 3261 transactions start with this cookie. */
    public static final String MAGIC_COOKIE = "z9hG4bK";

    private final String protocol;
    private final String transport;
    private final String host;
    private final int port;
    private final SipParams params;
    private String text;

    private Via(String protocol, String transport, String host, int port, SipParams params, String text) {
        this.protocol = protocol;
        this.transport = transport;
        this.host = host;
        this.port = port;
        this.params = params;
        this.text = text;
    }

    /** A {@code SIP/2.0/<transport>} Via for our own sent-by with a branch parameter. */
    public static Via of(String transport, String host, int port, String branch) {
        SipUri.validateHost(host);
        if (!SipChars.isToken(transport)) {
            throw new IllegalArgumentException("bad transport: " + transport);
        }
        return new Via("SIP/2.0", transport.toUpperCase(Locale.ROOT), host, port,
                SipParams.EMPTY.with("branch", branch), null);
    }

    /** Parses one Via value; throws {@link SipParseException} ("Bad Via") naming the problem. */
    public static Via parse(String s) {
        String v = s.trim();
        int end = v.length();
        int[] pos = {0};
        String name = token(v, pos, end);
        expect(v, pos, end, '/');
        String version = token(v, pos, end);
        expect(v, pos, end, '/');
        String transport = token(v, pos, end);
        if (name.isEmpty() || version.isEmpty() || transport.isEmpty()) {
            throw new SipParseException("Bad Via: sent-protocol");
        }
        int i = pos[0];
        if (i >= end || !SipChars.isWhitespace(v.charAt(i))) {
            throw new SipParseException("Bad Via: sent-by expected");
        }
        while (i < end && SipChars.isWhitespace(v.charAt(i))) {
            i++;
        }
        int hostStart = i;
        if (i < end && v.charAt(i) == '[') {
            int close = v.indexOf(']', i);
            if (close < 0) {
                throw new SipParseException("Bad Via: IPv6 reference");
            }
            i = close + 1;
        } else {
            while (i < end && v.charAt(i) != ':' && v.charAt(i) != ';' && !SipChars.isWhitespace(v.charAt(i))) {
                i++;
            }
        }
        String host = v.substring(hostStart, i);
        try {
            SipUri.validateHost(host);
        } catch (SipParseException e) {
            throw new SipParseException("Bad Via: sent-by host");
        }
        while (i < end && SipChars.isWhitespace(v.charAt(i))) {
            i++;
        }
        int port = -1;
        if (i < end && v.charAt(i) == ':') {
            i++;
            while (i < end && SipChars.isWhitespace(v.charAt(i))) {
                i++;
            }
            int ps = i;
            while (i < end && SipChars.isDigit(v.charAt(i))) {
                i++;
            }
            try {
                port = SipUri.parsePort(v.substring(ps, i));
            } catch (SipParseException e) {
                throw new SipParseException("Bad Via: sent-by port");
            }
        }
        while (i < end && SipChars.isWhitespace(v.charAt(i))) {
            i++;
        }
        SipParams params = SipParams.EMPTY;
        if (i < end) {
            if (v.charAt(i) != ';') {
                throw new SipParseException("Bad Via: unexpected text after sent-by");
            }
            try {
                params = SipParams.parse(v, i, end, true);
            } catch (SipParseException e) {
                throw new SipParseException("Bad Via: " + e.getMessage());
            }
        }
        return new Via(name + "/" + version, transport.toUpperCase(Locale.ROOT), host, port, params, v);
    }

    private static String token(String v, int[] pos, int end) {
        int i = pos[0];
        while (i < end && SipChars.isWhitespace(v.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < end && SipChars.isTokenChar(v.charAt(i))) {
            i++;
        }
        pos[0] = i;
        return v.substring(start, i);
    }

    private static void expect(String v, int[] pos, int end, char c) {
        int i = pos[0];
        while (i < end && SipChars.isWhitespace(v.charAt(i))) {
            i++;
        }
        if (i >= end || v.charAt(i) != c) {
            throw new SipParseException("Bad Via: sent-protocol");
        }
        pos[0] = i + 1;
    }

    /** The protocol name and version, normally {@code SIP/2.0}. */
    public String protocol() {
        return protocol;
    }

    /** The transport token in upper case ({@code UDP}, {@code TCP}, {@code TLS}, ...). */
    public String transport() {
        return transport;
    }

    /** The sent-by host as written (IPv6 with brackets). */
    public String host() {
        return host;
    }

    /** The sent-by port, or {@code -1} when absent. */
    public int port() {
        return port;
    }

    /** The Via parameters. */
    public SipParams params() {
        return params;
    }

    /** The {@code branch} parameter, or {@code null}. */
    public String branch() {
        return params.get("branch");
    }

    /** Whether the branch carries the RFC 3261 magic cookie. */
    public boolean hasRfc3261Branch() {
        String b = branch();
        return b != null && b.startsWith(MAGIC_COOKIE);
    }

    /** The {@code received} parameter, or {@code null}. */
    public String received() {
        return params.get("received");
    }

    /** Whether an {@code rport} parameter is present, with or without value (RFC 3581). */
    public boolean hasRport() {
        return params.has("rport");
    }

    /** The value of {@code rport}, or {@code -1} when absent or valueless. */
    public int rport() {
        String v = params.get("rport");
        if (v == null || v.isEmpty()) {
            return -1;
        }
        long p = Numbers.parseDigits(v, 5);
        return p < 0 || p > 65535 ? -1 : (int) p;
    }

    /** This Via with a parameter set ({@code value} {@code null}: no value). */
    public Via withParam(String name, String value) {
        return new Via(protocol, transport, host, port, params.with(name, value), null);
    }

    @Override
    public String toString() {
        if (text == null) {
            StringBuilder sb = new StringBuilder(64).append(protocol).append('/').append(transport).append(' ').append(host);
            if (port >= 0) {
                sb.append(':').append(port);
            }
            params.appendTo(sb);
            text = sb.toString();
        }
        return text;
    }
}
