package io.sipgw.sip;

/**
 * The value of From, To, Contact, Route or Record-Route (RFC 3261 section 20.10): an optional display name, a URI
 * of any scheme and header parameters such as {@code tag}; or the Contact wildcard {@code *}. Immutable.
 */
public final class NameAddr {

    private static final NameAddr WILDCARD = new NameAddr(null, null, SipParams.EMPTY, "*");

    private final String displayName;
    private final String uriText;
    private final SipParams params;
    private SipUri uri;
    private String text;

    private NameAddr(String displayName, String uriText, SipParams params, String text) {
        this.displayName = displayName;
        this.uriText = uriText;
        this.params = params;
        this.text = text;
    }

    /** A name-addr for a SIP URI, with an optional display name (written as a quoted string). */
    public static NameAddr of(String displayName, SipUri uri) {
        NameAddr na = new NameAddr(displayName == null ? null : quote(displayName), uri.toString(), SipParams.EMPTY, null);
        na.uri = uri;
        return na;
    }

    /** Parses a header value in name-addr or addr-spec form; throws {@link SipParseException} naming the problem. */
    public static NameAddr parse(String s) {
        String v = s.trim();
        if (v.equals("*")) {
            return WILDCARD;
        }
        if (v.isEmpty()) {
            throw new SipParseException("Empty address");
        }
        int end = v.length();
        int i = 0;
        String display = null;
        int lt;
        if (v.charAt(0) == '"') {
            int close = SipParams.closingQuote(v, 0, end);
            display = v.substring(0, close + 1);
            i = close + 1;
            while (i < end && SipChars.isWhitespace(v.charAt(i))) {
                i++;
            }
            if (i >= end || v.charAt(i) != '<') {
                throw new SipParseException("Bad address: '<' expected after display name");
            }
            lt = i;
        } else {
            lt = v.indexOf('<');
            int semi = v.indexOf(';');
            if (lt >= 0 && (semi < 0 || lt < semi)) {
                String tokens = v.substring(0, lt).trim();
                for (int k = 0; k < tokens.length(); k++) {
                    char c = tokens.charAt(k);
                    if (!SipChars.isTokenChar(c) && !SipChars.isWhitespace(c)) {
                        throw new SipParseException("Bad display name: '" + c + "' must be quoted");
                    }
                }
                display = tokens.isEmpty() ? null : tokens;
            } else {
                lt = -1;
            }
        }
        String uriText;
        int paramsStart;
        if (lt >= 0) {
            int gt = v.indexOf('>', lt);
            if (gt < 0) {
                throw new SipParseException("Bad address: missing '>'");
            }
            uriText = v.substring(lt + 1, gt);
            paramsStart = gt + 1;
        } else {
            // addr-spec: parameters after the URI belong to the header (RFC 3261 section 20.10).
            int semi = v.indexOf(';');
            paramsStart = semi < 0 ? end : semi;
            uriText = v.substring(0, paramsStart).trim();
            if (uriText.indexOf('?') >= 0 || uriText.indexOf(',') >= 0) {
                throw new SipParseException("Bad address: URI with '?' or ',' must be enclosed in <>");
            }
        }
        validateUriText(uriText);
        SipParams params = SipParams.EMPTY;
        int p = paramsStart;
        while (p < end && SipChars.isWhitespace(v.charAt(p))) {
            p++;
        }
        if (p < end) {
            if (v.charAt(p) != ';') {
                throw new SipParseException("Bad address: unexpected text after URI");
            }
            params = SipParams.parse(v, p, end, true);
        }
        return new NameAddr(display, uriText, params, v);
    }

    /** An absolute URI: a scheme, a colon, and no whitespace or angle brackets (RFC 3261 section 25.1). */
    private static void validateUriText(String uriText) {
        int colon = uriText.indexOf(':');
        if (colon <= 0) {
            throw new SipParseException("Bad address: URI without scheme");
        }
        if (!Character.isLetter(uriText.charAt(0))) {
            throw new SipParseException("Bad address: URI scheme");
        }
        for (int k = 1; k < colon; k++) {
            char c = uriText.charAt(k);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.') || c > 0x7F) {
                throw new SipParseException("Bad address: URI scheme");
            }
        }
        for (int k = colon + 1; k < uriText.length(); k++) {
            char c = uriText.charAt(k);
            if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == 0x7F) {
                throw new SipParseException("Bad address: whitespace or '<>' inside URI");
            }
        }
        if (colon == uriText.length() - 1) {
            throw new SipParseException("Bad address: empty URI");
        }
    }

    private static String quote(String display) {
        StringBuilder sb = new StringBuilder(display.length() + 2).append('"');
        for (int i = 0; i < display.length(); i++) {
            char c = display.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("line break in display name");
            }
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    /** Whether this is the Contact wildcard {@code *}. */
    public boolean isWildcard() {
        return this == WILDCARD;
    }

    /** The display name as written (a quoted string keeps its quotes), or {@code null}. */
    public String displayName() {
        return displayName;
    }

    /** The URI text between the angle brackets (or of the addr-spec). */
    public String uriText() {
        return uriText;
    }

    /** The URI as a SIP URI; throws {@link SipParseException} for other schemes. */
    public SipUri uri() {
        if (uri == null) {
            if (uriText == null) {
                throw new SipParseException("Wildcard has no URI");
            }
            uri = SipUri.parse(uriText);
        }
        return uri;
    }

    /** Whether the URI is a {@code sip:} or {@code sips:} URI. */
    public boolean isSipUri() {
        return uriText != null && (uriText.regionMatches(true, 0, "sip:", 0, 4) || uriText.regionMatches(true, 0, "sips:", 0, 5));
    }

    /** The header parameters (after the URI). */
    public SipParams params() {
        return params;
    }

    /** The {@code tag} parameter, or {@code null}. */
    public String tag() {
        return params.get("tag");
    }

    /** This address with the {@code tag} parameter set. */
    public NameAddr withTag(String tag) {
        return withParams(params.with("tag", tag));
    }

    /** This address with other header parameters. */
    public NameAddr withParams(SipParams newParams) {
        NameAddr na = new NameAddr(displayName, uriText, newParams, null);
        na.uri = uri;
        return na;
    }

    /** This address with another URI; display name and parameters kept. */
    public NameAddr withUri(SipUri newUri) {
        NameAddr na = new NameAddr(displayName, newUri.toString(), params, null);
        na.uri = newUri;
        return na;
    }

    /** This address with another display name ({@code null}: none), written as a quoted string. */
    public NameAddr withDisplayName(String name) {
        NameAddr na = new NameAddr(name == null ? null : quote(name), uriText, params, null);
        na.uri = uri;
        return na;
    }

    /** Renders in name-addr form ({@code "name" <uri>;params}); an unchanged parsed value renders as written. */
    @Override
    public String toString() {
        if (text == null) {
            StringBuilder sb = new StringBuilder(64);
            if (displayName != null) {
                sb.append(displayName).append(' ');
            }
            sb.append('<').append(uriText).append('>');
            params.appendTo(sb);
            text = sb.toString();
        }
        return text;
    }
}
