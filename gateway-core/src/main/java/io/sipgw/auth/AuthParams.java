package io.sipgw.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One challenge or credentials as the parser found it: an auth-scheme and its auth-params (RFC 7235 section
 * 2.1), names lowercased because they are case-insensitive, values already unquoted.
 */
record AuthParams(String scheme, Map<String, String> params) {

    AuthParams {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Whether the scheme is Digest, which RFC 7235 section 2.1 says is matched ignoring case. */
    boolean isDigest() {
        return "Digest".equalsIgnoreCase(scheme);
    }

    /** The unquoted value of a parameter, {@code null} if absent; {@code name} must be lowercase. */
    String get(String name) {
        return params.get(name);
    }

    /** Whether a flag parameter such as {@code stale} or {@code userhash} is "true", ignoring case. */
    boolean flag(String name) {
        return "true".equalsIgnoreCase(params.get(name));
    }
}
