package io.sipgw.auth;

/**
 * Writes "Digest name=value, ..." for the values we send. Quoted values get quoted-pair escapes for '\' and
 * '"' (RFC 7230 section 3.2.6); control characters are refused rather than escaped, because a CR or LF in a
 * header value would let a caller's data forge header lines.
 */
final class AuthHeaderWriter {

    private final StringBuilder out;
    private boolean first = true;

    AuthHeaderWriter(String scheme) {
        out = new StringBuilder(256).append(scheme).append(' ');
    }

    /** Appends {@code name="value"}; nothing if {@code value} is null. */
    AuthHeaderWriter quoted(String name, String value) {
        if (value != null) {
            separator(name).append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw new IllegalArgumentException("control character in " + name);
                }
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        }
        return this;
    }

    /** Appends {@code name=value} unquoted (a token the caller vouches for); nothing if {@code value} is null. */
    AuthHeaderWriter bare(String name, String value) {
        if (value != null) {
            separator(name).append(value);
        }
        return this;
    }

    private StringBuilder separator(String name) {
        if (!first) {
            out.append(", ");
        }
        first = false;
        return out.append(name).append('=');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
