package io.sipgw.sdp;

/**
 * Syntax checks for the addresses in {@code o=} and {@code c=} lines (RFC 8866 §9: IP4-address, IP6-address or
 * FQDN), done on the line's bytes alone: nothing here ever resolves a name.
 */
final class AddressSyntax {

    private AddressSyntax() {
    }

    /**
     * True when the three fields {@code <nettype> <addrtype> <address>} starting at field {@code first} (as found by
     * {@link Fields#bounds}) are well formed. Only network type IN is checked: RFC 8866 §5.7 lets other network
     * types define their own addresses. A multicast {@code /ttl[/count]} suffix is allowed.
     */
    static boolean isValid(byte[] b, int[] bounds, int first) {
        if (!Fields.is(b, bounds, first, "IN")) {
            return true;
        }
        int from = bounds[2 * first + 4];
        int to = bounds[2 * first + 5];
        int hostEnd = indexOf(b, from, to, '/');
        if (hostEnd == from || (hostEnd < to && !isMulticastSuffix(b, hostEnd, to))) {
            return false;
        }
        if (Fields.is(b, bounds, first + 1, "IP4")) {
            return looksNumeric(b, from, hostEnd) ? isIpv4(b, from, hostEnd) : isFqdn(b, from, hostEnd);
        }
        if (Fields.is(b, bounds, first + 1, "IP6")) {
            return indexOf(b, from, hostEnd, ':') < hostEnd ? isIpv6(b, from, hostEnd) : isFqdn(b, from, hostEnd);
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

    /** The index of the first {@code c} from {@code from}, or {@code to} when there is none before it. */
    private static int indexOf(byte[] b, int from, int to, char c) {
        int i = from;
        while (i < to && b[i] != c) {
            i++;
        }
        return i;
    }

    private static boolean isMulticastSuffix(byte[] b, int slash, int to) {
        int digits = 0;
        for (int i = slash + 1; i < to; i++) {
            if (b[i] == '/' && digits > 0) {
                digits = 0;
            } else if (isDigit(b[i])) {
                digits++;
            } else {
                return false;
            }
        }
        return digits > 0;
    }

    private static boolean looksNumeric(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(b[i]) && b[i] != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv4(byte[] b, int from, int to) {
        int octets = 0;
        int i = from;
        while (i <= to && octets < 4) {
            int value = 0;
            int digits = 0;
            while (i < to && isDigit(b[i]) && digits < 3) {
                value = value * 10 + (b[i++] - '0');
                digits++;
            }
            if (digits == 0 || value > 255) {
                return false;
            }
            octets++;
            if (i == to) {
                return octets == 4;
            }
            if (b[i++] != '.') {
                return false;
            }
        }
        return false;
    }

    /** RFC 4291 §2.2 text forms: up to eight groups of 1 to 4 hex digits, one "::", an optional IPv4 tail. */
    private static boolean isIpv6(byte[] b, int from, int to) {
        int groups = 0;
        boolean compressed = false;
        int i = from;
        if (to - from >= 2 && b[from] == ':' && b[from + 1] == ':') {
            compressed = true;
            i += 2;
            if (i == to) {
                return true;
            }
        } else if (b[from] == ':') {
            return false;
        }
        while (i < to) {
            int groupStart = i;
            while (i < to && isHexDigit(b[i]) && i - groupStart < 5) {
                i++;
            }
            if (i < to && b[i] == '.') {
                // An IPv4 tail stands for two groups and must end the address.
                return isIpv4(b, groupStart, to) && groups + 2 <= (compressed ? 7 : 8);
            }
            int len = i - groupStart;
            if (len == 0 || len > 4) {
                return false;
            }
            groups++;
            if (i == to) {
                break;
            }
            if (b[i] != ':') {
                return false;
            }
            i++;
            if (i < to && b[i] == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
                if (i == to) {
                    break;
                }
            } else if (i == to) {
                return false;
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    private static boolean isFqdn(byte[] b, int from, int to) {
        if (to - from > 255) {
            return false;
        }
        for (int i = from; i < to; i++) {
            int c = b[i] | 0x20;
            if (!((c >= 'a' && c <= 'z') || isDigit(b[i]) || b[i] == '-' || b[i] == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(byte c) {
        int lower = c | 0x20;
        return isDigit(c) || (lower >= 'a' && lower <= 'f');
    }
}
