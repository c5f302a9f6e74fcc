package io.sipgw.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits an authentication header value into schemes and auth-params: {@code #challenge} in RFC 7235 section
 * 4.1, auth-param = token BWS "=" BWS (token / quoted-string) in section 2.1, quoted-pair escapes from RFC 7230
 * section 3.2.6 (RFC 3261 section 25.1 says the same). A scheme begins a new challenge when its token is not
 * followed by '=', which is how one value can carry "Digest ..., Basic ..., Digest ...".
 *
 * <p>The input is hostile: it is length- and count-limited, control characters are refused (line folding must
 * already be unfolded), and every problem becomes a {@link DigestParseException} whose message names a
 * parameter or an offset, never a value.
 */
final class AuthHeaderParser {

    /** Longer values are refused outright; real challenges and answers are a few hundred characters. */
    static final int MAX_LENGTH = 8 * 1024;

    /** More parameters than this in one header value are refused. */
    static final int MAX_PARAMS = 64;

    private final String text;
    private final List<AuthParams> parsed = new ArrayList<>();
    private String scheme;
    private Map<String, String> params;
    private int paramCount;

    private AuthHeaderParser(String text) {
        this.text = text;
    }

    /** Every challenge or credentials in {@code value}, in order; an empty list if it holds none. */
    static List<AuthParams> parse(String value) throws DigestParseException {
        if (value == null) {
            throw new DigestParseException("no header value");
        }
        if (value.length() > MAX_LENGTH) {
            throw new DigestParseException("header value longer than " + MAX_LENGTH + " characters");
        }
        rejectControlCharacters(value);
        AuthHeaderParser parser = new AuthHeaderParser(value);
        for (String item : parser.topLevelItems()) {
            parser.item(trimOws(item));
        }
        parser.finishScheme();
        return parser.parsed;
    }

    private static void rejectControlCharacters(String value) throws DigestParseException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new DigestParseException("control character at offset " + i);
            }
        }
    }

    /** The comma-separated list elements, commas inside quoted-strings left alone. */
    private List<String> topLevelItems() throws DigestParseException {
        List<String> items = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                i = closingQuote(text, i) + 1;
            } else {
                if (c == ',') {
                    items.add(text.substring(start, i));
                    start = i + 1;
                }
                i++;
            }
        }
        items.add(text.substring(start));
        return items;
    }

    /** One list element: empty (RFC 7230 section 7 allows those), an auth-param, or a scheme that starts a new one. */
    private void item(String item) throws DigestParseException {
        if (item.isEmpty()) {
            return;
        }
        int nameEnd = tokenEnd(item, 0);
        if (nameEnd == 0) {
            throw new DigestParseException("expected a token, found '" + describe(item.charAt(0)) + "'");
        }
        int next = skipOws(item, nameEnd);
        if (next < item.length() && item.charAt(next) == '=') {
            param(item, nameEnd, next + 1);
            return;
        }
        if (next > nameEnd || next == item.length()) {
            startScheme(item.substring(0, nameEnd));
            if (next < item.length()) {
                schemeRest(item.substring(next));
            }
            return;
        }
        throw new DigestParseException("unexpected '" + describe(item.charAt(next)) + "' after a token");
    }

    /**
     * What follows the scheme name in its first element: for Digest an auth-param; for another scheme a token68
     * or auth-param we have no use for, skipped unchecked since a token68 may end in '=' padding.
     */
    private void schemeRest(String rest) throws DigestParseException {
        if (!"Digest".equalsIgnoreCase(scheme)) {
            return;
        }
        int nameEnd = tokenEnd(rest, 0);
        int next = skipOws(rest, nameEnd);
        if (nameEnd == 0 || next == rest.length() || rest.charAt(next) != '=') {
            throw new DigestParseException("Digest must be followed by auth-params");
        }
        param(rest, nameEnd, next + 1);
    }

    private void param(String item, int nameEnd, int valueStart) throws DigestParseException {
        if (scheme == null) {
            throw new DigestParseException("auth-param before any auth-scheme");
        }
        String name = item.substring(0, nameEnd).toLowerCase(Locale.ROOT);
        if (++paramCount > MAX_PARAMS) {
            throw new DigestParseException("more than " + MAX_PARAMS + " auth-params");
        }
        String value = value(item, skipOws(item, valueStart), name);
        if (params.putIfAbsent(name, value) != null) {
            throw new DigestParseException("duplicate parameter " + name);
        }
    }

    /** token / quoted-string, then nothing but whitespace to the end of the element. */
    private static String value(String item, int start, String name) throws DigestParseException {
        if (start == item.length()) {
            throw new DigestParseException("empty value for " + name);
        }
        String value;
        int end;
        if (item.charAt(start) == '"') {
            int close = closingQuote(item, start);
            value = unescape(item, start + 1, close);
            end = close + 1;
        } else {
            end = start;
            while (end < item.length() && isBareValueChar(item.charAt(end))) {
                end++;
            }
            if (end == start) {
                throw new DigestParseException("bad character in value of " + name);
            }
            value = item.substring(start, end);
        }
        if (skipOws(item, end) != item.length()) {
            throw new DigestParseException("unexpected text after the value of " + name);
        }
        return value;
    }

    /** The index of the '"' closing the quoted-string that opens at {@code open}. */
    private static int closingQuote(String s, int open) throws DigestParseException {
        int i = open + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                return i;
            }
            i += c == '\\' ? 2 : 1;
        }
        throw new DigestParseException("unterminated quoted-string at offset " + open);
    }

    /** Removes quoted-pair backslashes between {@code from} and {@code to} (exclusive). */
    private static String unescape(String s, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                c = s.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    private void startScheme(String name) {
        finishScheme();
        scheme = name;
        params = new LinkedHashMap<>();
    }

    private void finishScheme() {
        if (scheme != null) {
            parsed.add(new AuthParams(scheme, params));
        }
    }

    private static int tokenEnd(String s, int from) {
        int i = from;
        while (i < s.length() && isTchar(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** RFC 7230 section 3.2.6 tchar. */
    private static boolean isTchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /**
     * Unquoted values should be tokens, but servers send nonces with '/', '=' or ':' unquoted; any visible
     * ASCII that cannot be mistaken for list or quoting syntax is taken.
     */
    private static boolean isBareValueChar(char c) {
        return c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != '\\';
    }

    private static int skipOws(String s, int from) {
        int i = from;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static String trimOws(String s) {
        int start = skipOws(s, 0);
        int end = s.length();
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

    /** A character fit for an error message: printable ASCII as itself, anything else as U+XXXX. */
    private static String describe(char c) {
        return c > 0x20 && c < 0x7f ? String.valueOf(c) : String.format("U+%04X", (int) c);
    }
}
