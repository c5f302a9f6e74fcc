package io.sipgw.sdp;

/**
 * Syntax checks for the addresses in {@code o=} and {@code c=} lines (RFC 8866 §9: IP4-address, IP6-address or
 * FQDN), done on the text alone: nothing here ever resolves a name.
 */
final class AddressSyntax {

    private AddressSyntax() {
    }

    /**
     * True when {@code address} fits {@code addrType}; unknown address types are accepted as they are, since
     * RFC 8866 §5.7 lets other network types define their own. A multicast {@code /ttl[/count]} suffix is allowed.
     */
    static boolean isValid(String addrType, String address) {
        int slash = address.indexOf('/');
        String host = slash < 0 ? address : address.substring(0, slash);
        if (host.isEmpty() || (slash >= 0 && !isMulticastSuffix(address, slash))) {
            return false;
        }
        if ("IP4".equals(addrType)) {
            return looksNumeric(host) ? isIpv4(host, 0, host.length()) : isFqdn(host);
        }
        if ("IP6".equals(addrType)) {
            return host.indexOf(':') >= 0 ? isIpv6(host) : isFqdn(host);
        }
        return true;
    }

    /** True for 0.0.0.0 and :: (any spelling), the "no address yet" placeholders of ICE (RFC 8839 §4.2.1). */
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

    private static boolean isMulticastSuffix(String address, int slash) {
        int digits = 0;
        for (int i = slash + 1; i < address.length(); i++) {
            char c = address.charAt(i);
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

    private static boolean looksNumeric(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
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
    private static boolean isIpv6(String s) {
        int groups = 0;
        boolean compressed = false;
        int i = 0;
        int n = s.length();
        if (s.startsWith("::")) {
            compressed = true;
            i = 2;
            if (i == n) {
                return true;
            }
        } else if (s.charAt(0) == ':') {
            return false;
        }
        while (i < n) {
            int groupStart = i;
            while (i < n && Character.digit(s.charAt(i), 16) >= 0 && i - groupStart < 5) {
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

    private static boolean isFqdn(String host) {
        if (host.length() > 255) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
