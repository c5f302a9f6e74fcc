package io.sipgw.sip;

import java.util.Locale;

/**
 * A {@code sip:} or {@code sips:} URI (RFC 3261 section 19.1): user, password, host (name, IPv4 or bracketed IPv6
 * reference, RFC 5118), port, parameters and headers. Immutable; escaped characters are kept as written.
 */
public final class SipUri {

    private final boolean secure;
    private final String user;
    private final String password;
    private final String host;
    private final int port;
    private final SipParams params;
    private final String headers;
    private String text;

    private SipUri(boolean secure, String user, String password, String host, int port, SipParams params,
                   String headers, String text) {
        this.secure = secure;
        this.user = user;
        this.password = password;
        this.host = host;
        this.port = port;
        this.params = params;
        this.headers = headers;
        this.text = text;
    }

    /** A {@code sip:} URI for {@code user@host} ({@code user} may be {@code null}) with no port or parameters. */
    public static SipUri of(String user, String host) {
        SipUri uri = new SipUri(false, user, null, host, -1, SipParams.EMPTY, null, null);
        validateHost(uri.host);
        if (user != null) {
            validateUser(user);
        }
        return uri;
    }

    /** Parses a SIP or SIPS URI; throws {@link SipParseException} naming the problem. */
    public static SipUri parse(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0) {
            throw new SipParseException("Bad URI: no scheme");
        }
        String scheme = s.substring(0, colon);
        boolean secure;
        if (scheme.equalsIgnoreCase("sip")) {
            secure = false;
        } else if (scheme.equalsIgnoreCase("sips")) {
            secure = true;
        } else {
            throw new SipParseException("Unsupported URI scheme '" + scheme + "'");
        }
        int end = s.length();
        for (int i = colon + 1; i < end; i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == 0x7F) {
                throw new SipParseException("Bad URI: illegal character");
            }
        }
        // Neither the user, the password, the parameters nor the headers may hold an unescaped '@', while the user
        // may hold '?' and ';' (RFC 3261 section 25.1): the first '@' ends the userinfo.
        int rest = colon + 1;
        String user = null;
        String password = null;
        int at = s.indexOf('@', rest);
        if (at >= 0) {
            String userinfo = s.substring(rest, at);
            int pw = userinfo.indexOf(':');
            user = pw < 0 ? userinfo : userinfo.substring(0, pw);
            password = pw < 0 ? null : userinfo.substring(pw + 1);
            if (user.isEmpty()) {
                throw new SipParseException("Bad URI: empty user");
            }
            validateUser(user);
            rest = at + 1;
        }
        int hostEnd;
        String host;
        if (rest < end && s.charAt(rest) == '[') {
            int close = s.indexOf(']', rest);
            if (close < 0) {
                throw new SipParseException("Bad URI: unterminated IPv6 reference");
            }
            hostEnd = close + 1;
        } else {
            hostEnd = rest;
            while (hostEnd < end && ":;?".indexOf(s.charAt(hostEnd)) < 0) {
                hostEnd++;
            }
        }
        host = s.substring(rest, hostEnd);
        validateHost(host);
        int port = -1;
        int i = hostEnd;
        if (i < end && s.charAt(i) == ':') {
            int portEnd = i + 1;
            while (portEnd < end && SipChars.isDigit(s.charAt(portEnd))) {
                portEnd++;
            }
            port = parsePort(s.substring(i + 1, portEnd));
            i = portEnd;
        }
        int q = s.indexOf('?', i);
        int paramsEnd = q < 0 ? end : q;
        SipParams params = SipParams.EMPTY;
        if (i < paramsEnd) {
            if (s.charAt(i) != ';') {
                throw new SipParseException("Bad URI: unexpected '" + s.charAt(i) + "' after host");
            }
            params = SipParams.parse(s, i, paramsEnd, false);
        }
        String headers = q < 0 ? null : s.substring(q + 1);
        return new SipUri(secure, user, password, host, port, params, headers, s);
    }

    static int parsePort(String digits) {
        long port = Numbers.parseDigits(digits, 5);
        if (port < 0 || port > 65535) {
            throw new SipParseException("Bad port '" + digits + "'");
        }
        return (int) port;
    }

    private static void validateUser(String user) {
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c <= ' ' || c >= 0x7F || "<>\"@:".indexOf(c) >= 0) {
                throw new SipParseException("Bad URI user part");
            }
        }
    }

    /** Accepts a hostname, an IPv4 address or a bracketed IPv6 reference (RFC 3261 section 25.1, RFC 5118). */
    static void validateHost(String host) {
        if (host.isEmpty()) {
            throw new SipParseException("Bad host: empty");
        }
        if (host.charAt(0) == '[') {
            if (host.length() < 4 || host.charAt(host.length() - 1) != ']') {
                throw new SipParseException("Bad host: IPv6 reference");
            }
            int colons = 0;
            for (int i = 1; i < host.length() - 1; i++) {
                char c = host.charAt(i);
                if (c == ':') {
                    colons++;
                } else if (!(SipChars.isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.')) {
                    throw new SipParseException("Bad host: IPv6 reference");
                }
            }
            if (colons < 2) {
                throw new SipParseException("Bad host: IPv6 reference");
            }
            return;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || SipChars.isDigit(c) || c == '-' || c == '.';
            if (!ok) {
                throw new SipParseException("Bad host '" + host + "'");
            }
        }
    }

    /** Whether the scheme is {@code sips}. */
    public boolean isSecure() {
        return secure;
    }

    /** The user part as written (escapes kept), or {@code null}. */
    public String user() {
        return user;
    }

    /** The password part, or {@code null}. */
    public String password() {
        return password;
    }

    /** The host as written; an IPv6 address keeps its brackets. */
    public String host() {
        return host;
    }

    /** The host without IPv6 brackets, ready for address resolution. */
    public String hostAddress() {
        return host.charAt(0) == '[' ? host.substring(1, host.length() - 1) : host;
    }

    /** The explicit port, or {@code -1}. */
    public int port() {
        return port;
    }

    /** The URI parameters. */
    public SipParams params() {
        return params;
    }

    /** The value of a URI parameter (e.g. {@code transport}), {@code ""} if valueless, {@code null} if absent. */
    public String param(String name) {
        return params.get(name);
    }

    /** The {@code transport} parameter in lower case, or {@code null}. */
    public String transport() {
        String t = params.get("transport");
        return t == null ? null : t.toLowerCase(Locale.ROOT);
    }

    /** The headers part after {@code ?}, as written, or {@code null}. */
    public String headers() {
        return headers;
    }

    /** This URI with another user part ({@code null} removes it and the password). */
    public SipUri withUser(String newUser) {
        if (newUser != null) {
            validateUser(newUser);
        }
        return new SipUri(secure, newUser, newUser == null ? null : password, host, port, params, headers, null);
    }

    /** This URI with another host and port ({@code -1}: none). */
    public SipUri withHostPort(String newHost, int newPort) {
        validateHost(newHost);
        if (newPort < -1 || newPort > 65535) {
            throw new IllegalArgumentException("port out of range: " + newPort);
        }
        return new SipUri(secure, user, password, newHost, newPort, params, headers, null);
    }

    /** This URI with a parameter set ({@code value} {@code null}: a parameter without value). */
    public SipUri withParam(String name, String value) {
        return new SipUri(secure, user, password, host, port, params.with(name, value), headers, null);
    }

    /** This URI without the named parameter. */
    public SipUri withoutParam(String name) {
        SipParams p = params.without(name);
        return p == params ? this : new SipUri(secure, user, password, host, port, p, headers, null);
    }

    /** This URI with every parameter and header removed, as used in a To or Request-URI of a new request. */
    public SipUri withoutParamsAndHeaders() {
        if (params.size() == 0 && headers == null) {
            return this;
        }
        return new SipUri(secure, user, password, host, port, SipParams.EMPTY, null, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SipUri && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        if (text == null) {
            StringBuilder sb = new StringBuilder(48);
            sb.append(secure ? "sips:" : "sip:");
            if (user != null) {
                sb.append(user);
                if (password != null) {
                    sb.append(':').append(password);
                }
                sb.append('@');
            }
            sb.append(host);
            if (port >= 0) {
                sb.append(':').append(port);
            }
            params.appendTo(sb);
            if (headers != null) {
                sb.append('?').append(headers);
            }
            text = sb.toString();
        }
        return text;
    }
}
