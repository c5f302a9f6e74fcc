package io.sipgw.sdp;

/**
 * Syntax checks for the addresses in {@code o=} and {@code c=} lines (RFC 8866 §9: IP4-address, IP6-address or
 * FQDN), done on the text alone: nothing here ever resolves a name.
 */
final class AddressSyntax {

    private AddressSyntax() {
    }

    /**
     * True when the three fields {@code <nettype> <addrtype> <address>} starting at field {@code first} (as found by
     * {@link Fields#bounds}) are well formed. Only network type IN is checked: RFC 8866 §5.7 lets other network
     * types define their own addresses. A multicast {@code /ttl[/count]} suffix is allowed.
     */
    static boolean isValid(String value, int[] bounds, int first) {
        if (!Fields.is(value, bounds, first, "IN")) {
            return true;
        }
        int from = bounds[2 * first + 4];
        int to = bounds[2 * first + 5];
        int slash = value.indexOf('/', from);
        int hostEnd = slash < 0 || slash > to ? to : slash;
        if (hostEnd == from || (hostEnd < to && !isMulticastSuffix(value, hostEnd, to))) {
            return false;
        }
        if (Fields.is(value, bounds, first + 1, "IP4")) {
            return looksNumeric(value, from, hostEnd) ? isIpv4(value, from, hostEnd) : isFqdn(value, from, hostEnd);
        }
        if (Fields.is(value, bounds, first + 1, "IP6")) {
            int colon = value.indexOf(':', from);
            return colon >= 0 && colon < hostEnd ? isIpv6(value, from, hostEnd) : isFqdn(value, from, hostEnd);
        }
        return true;
    }

    /** True for 0.0.0.0 and :: (any spelling), the "no address yet" placeholders of ICE (RFC 8839, RFC 8840). */
    static boolean isUnspecified(String address) {
        if ("0.0.0.0".equals(address)) {
            return true;
        }
        if (address.indexOf(':') < 0) {
            return false;
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c != '0' && c != ':') {
                return false;
            }
        }
        return true;
    }

    private static boolean isMulticastSuffix(String s, int slash, int to) {
        int digits = 0;
        for (int i = slash + 1; i < to; i++) {
            char c = s.charAt(i);
            if (c == '/' && digits > 0) {
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                digits++;
            } else {
                return false;
            }
        }
        return digits > 0;
    }

    private static boolean looksNumeric(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv4(String s, int from, int to) {
        int octets = 0;
        int i = from;
        while (i <= to && octets < 4) {
            int value = 0;
            int digits = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && digits < 3) {
                value = value * 10 + (s.charAt(i++) - '0');
                digits++;
            }
            if (digits == 0 || value > 255) {
                return false;
            }
            octets++;
            if (i == to) {
                return octets == 4;
            }
            if (s.charAt(i++) != '.') {
                return false;
            }
        }
        return false;
    }

    /** RFC 4291 §2.2 text forms: up to eight groups of 1 to 4 hex digits, one "::", an optional IPv4 tail. */
    private static boolean isIpv6(String s, int from, int n) {
        int groups = 0;
        boolean compressed = false;
        int i = from;
        if (n - from >= 2 && s.startsWith("::", from)) {
            compressed = true;
            i += 2;
            if (i == n) {
                return true;
            }
        } else if (s.charAt(from) == ':') {
            return false;
        }
        while (i < n) {
            int groupStart = i;
            while (i < n && isHexDigit(s.charAt(i)) && i - groupStart < 5) {
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                // An IPv4 tail stands for two groups and must end the address.
                return groupStart < n && isIpv4(s, groupStart, n) && groups + 2 <= (compressed ? 7 : 8);
            }
            int len = i - groupStart;
            if (len == 0 || len > 4) {
                return false;
            }
            groups++;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return false;
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
    }

    private static boolean isFqdn(String s, int from, int to) {
        if (to - from > 255) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
