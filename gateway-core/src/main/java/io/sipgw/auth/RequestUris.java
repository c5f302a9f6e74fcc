package io.sipgw.auth;

/**
 * Decides whether a digest-uri names the Request-URI (RFC 3261 section 22.4 item 2: the server must check
 * this, or an answer captured for one request could be replayed against another). Exact equality, except
 * that the scheme and host, which RFC 3261 section 19.1.4 compares ignoring case, may differ in case; the
 * user part and everything after the host must match exactly.
 */
final class RequestUris {

    private RequestUris() {
    }

    static boolean sameTarget(String digestUri, String requestUri) {
        if (digestUri == null || requestUri == null) {
            return false;
        }
        if (digestUri.equals(requestUri)) {
            return true;
        }
        int hostEnd = hostEnd(requestUri);
        if (digestUri.length() != requestUri.length() || hostEnd(digestUri) != hostEnd) {
            return false;
        }
        int schemeEnd = requestUri.indexOf(':');
        int at = requestUri.lastIndexOf('@', hostEnd - 1);
        int userEnd = Math.max(at, schemeEnd);
        return digestUri.regionMatches(true, 0, requestUri, 0, schemeEnd + 1)
                && digestUri.regionMatches(false, schemeEnd + 1, requestUri, schemeEnd + 1, userEnd - schemeEnd)
                && digestUri.regionMatches(true, userEnd + 1, requestUri, userEnd + 1, hostEnd - userEnd - 1)
                && digestUri.regionMatches(false, hostEnd, requestUri, hostEnd, requestUri.length() - hostEnd);
    }

    /** Where scheme, user and host end: the first ';', '?' or '/' after the scheme's colon, or the end. */
    private static int hostEnd(String uri) {
        for (int i = uri.indexOf(':') + 1; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == ';' || c == '?' || c == '/') {
                return i;
            }
        }
        return uri.length();
    }
}
