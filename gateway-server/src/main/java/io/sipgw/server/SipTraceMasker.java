package io.sipgw.server;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in a whole SIP message before it is logged at TRACE: digest {@code response}, {@code cnonce}
 * and {@code rspauth} values in the authorization headers, SDES keys ({@code a=crypto ... inline:<key>}),
 * {@code k=} encryption keys and ICE passwords.
 */
public final class SipTraceMasker {

    static final String MASK = "****";

    /** A digest parameter whose value proves knowledge of the password (RFC 3261 22.4, RFC 7616 3.4). */
    private static final Pattern DIGEST_SECRET = Pattern.compile(
            "(?i)(\\b(?:response|cnonce|rspauth)\\s*=\\s*)(\"[^\"]*\"?|[^,\\s]+)");
    /** The key of an SDES attribute; lifetime and MKI after '|' are kept (RFC 4568 9.1). */
    private static final Pattern SDES_KEY = Pattern.compile("(?i)(inline:)([^|;\\s]+)");
    private static final String[] AUTH_HEADERS = {
        "authorization", "proxy-authorization", "authentication-info", "proxy-authentication-info"
    };

    private SipTraceMasker() {
    }

    /** The message with every secret replaced by {@code ****}; line endings and everything else unchanged. */
    public static String mask(CharSequence message) {
        String text = message.toString();
        StringBuilder out = new StringBuilder(text.length());
        boolean inAuthHeader = false;
        int start = 0;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline + 1;
            String line = text.substring(start, end);
            boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            // A folded header line (RFC 3261 7.3.1) belongs to the header above it.
            inAuthHeader = continuation ? inAuthHeader : isAuthHeader(line);
            out.append(maskLine(line, inAuthHeader));
            start = end;
        }
        return out.toString();
    }

    private static String maskLine(String line, boolean inAuthHeader) {
        if (inAuthHeader) {
            return replaceValues(DIGEST_SECRET, line);
        }
        String lower = line.substring(0, Math.min(line.length(), 16)).toLowerCase(Locale.ROOT);
        if (lower.startsWith("a=crypto:")) {
            return replaceValues(SDES_KEY, line);
        }
        if (lower.startsWith("a=ice-pwd:")) {
            return line.substring(0, "a=ice-pwd:".length()) + MASK + lineEnding(line);
        }
        if (lower.startsWith("k=")) {
            return "k=" + MASK + lineEnding(line);
        }
        return line;
    }

    /** Replaces group 2 of every match, keeping the quotes of a quoted value. */
    private static String replaceValues(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        StringBuilder out = new StringBuilder(line.length());
        while (m.find()) {
            String value = m.group(2);
            String masked = value.startsWith("\"") ? "\"" + MASK + "\"" : MASK;
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + masked));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean isAuthHeader(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String name = line.substring(0, colon).strip();
        for (String header : AUTH_HEADERS) {
            if (header.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static String lineEnding(String line) {
        if (line.endsWith("\r\n")) {
            return "\r\n";
        }
        return line.endsWith("\n") ? "\n" : "";
    }
}
