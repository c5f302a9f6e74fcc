package io.sipgw.transport;

import java.util.Locale;
import java.util.Objects;

/** The one spelling of a host used as a key: no IPv6 brackets, no trailing dot, lower case. */
final class HostNames {

    private HostNames() {
    }

    /**
     * {@code [2001:DB8::1]} becomes {@code 2001:db8::1} and {@code Example.COM.} becomes {@code example.com}
     * (host names compare case-insensitively, RFC 3261 section 19.1.4).
     */
    static String normalise(String host) {
        Objects.requireNonNull(host, "host");
        String h = host;
        if (h.length() > 2 && h.charAt(0) == '[' && h.charAt(h.length() - 1) == ']') {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty()) {
            throw new IllegalArgumentException("empty host: '" + host + "'");
        }
        return h.toLowerCase(Locale.ROOT);
    }
}
