package io.sipgw.server.config;

import io.sipgw.transport.CidrAllowList;
import java.net.InetAddress;
import java.util.Objects;
import java.util.OptionalInt;

/** A host name or IP literal with an optional port, as written {@code host}, {@code host:port} or {@code [v6]:port}. */
public record HostAndPort(String host, OptionalInt port) {

    private static final int MAX_HOST_NAME = 253;
    private static final int MAX_LABEL = 63;

    public HostAndPort {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(port, "port");
    }

    /**
     * Parses {@code host[:port]}; an IPv6 literal must be bracketed when a port follows.
     * Never asks DNS: a name is checked for RFC 1123 syntax only.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static HostAndPort parse(String text) {
        String host = text;
        String portText = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("the '[' of an IPv6 address is not closed");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("only ':port' may follow ']'");
                }
                portText = rest.substring(1);
            }
            requireIpv6(host);
        } else if (text.indexOf(':') != text.lastIndexOf(':')) {
            // Several colons and no brackets: a bare IPv6 address, which cannot carry a port.
            requireIpv6(host);
        } else if (text.indexOf(':') >= 0) {
            host = text.substring(0, text.indexOf(':'));
            portText = text.substring(text.indexOf(':') + 1);
            requireName(host);
        } else {
            requireName(host);
        }
        if (portText == null) {
            return new HostAndPort(host, OptionalInt.empty());
        }
        return new HostAndPort(host, OptionalInt.of(parsePort(portText)));
    }

    /** Whether the host is an IP literal rather than a name. */
    public boolean isIpLiteral() {
        return host.indexOf(':') >= 0 || isDottedNumber(host);
    }

    /** The literal as an address, without DNS; only valid when {@link #isIpLiteral()}. */
    public InetAddress literalAddress() {
        return CidrAllowList.parseAddress(host);
    }

    @Override
    public String toString() {
        String shownHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port.isPresent() ? shownHost + ":" + port.getAsInt() : shownHost;
    }

    private static void requireIpv6(String host) {
        if (host.indexOf(':') < 0) {
            throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
        }
        CidrAllowList.parseAddress(host);
    }

    private static void requireName(String host) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("the host is empty");
        }
        if (isDottedNumber(host)) {
            CidrAllowList.parseAddress(host);
            return;
        }
        if (host.length() > MAX_HOST_NAME) {
            throw new IllegalArgumentException("a host name has at most " + MAX_HOST_NAME + " characters");
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        for (String label : name.split("\\.", -1)) {
            if (!isLabel(label)) {
                throw new IllegalArgumentException("'" + host + "' is not a host name (letters, digits, '-' and '.')");
            }
        }
    }

    /** RFC 1123 2.1 label: letters, digits and inner hyphens, 1 to 63 characters. */
    private static boolean isLabel(String label) {
        if (label.isEmpty() || label.length() > MAX_LABEL || label.startsWith("-") || label.endsWith("-")) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Digits and dots only: meant as an IPv4 address, since no top-level domain is all digits. */
    private static boolean isDottedNumber(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return !host.isEmpty();
    }

    private static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("the port '" + text + "' is not a number from 1 to 65535");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the port '" + text + "' is not a number from 1 to 65535");
        }
        return port;
    }
}
