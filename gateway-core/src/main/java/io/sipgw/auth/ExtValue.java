package io.sipgw.auth;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The RFC 5987 section 3.2 ext-value ({@code UTF-8''%E2%82%AC}) that RFC 7616 section 3.4.4 uses for a
 * username* that a quoted-string cannot carry. Only UTF-8 is accepted, as RFC 7616 requires.
 */
final class ExtValue {

    private static final String PREFIX = "UTF-8'";

    private ExtValue() {
    }

    static String encode(String value) {
        StringBuilder out = new StringBuilder(PREFIX).append('\'');
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isAttrChar(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(hexDigit(c >> 4)).append(hexDigit(c & 0xf));
            }
        }
        return out.toString();
    }

    static String decode(String extValue) throws DigestParseException {
        if (!extValue.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new DigestParseException("username* is not UTF-8 ext-value");
        }
        int languageEnd = extValue.indexOf('\'', PREFIX.length());
        if (languageEnd < 0) {
            throw new DigestParseException("username* lacks its language quote");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = languageEnd + 1; i < extValue.length(); i++) {
            int c = extValue.charAt(i);
            if (c == '%' && i + 2 < extValue.length() && hexValue(extValue.charAt(i + 1)) >= 0
                    && hexValue(extValue.charAt(i + 2)) >= 0) {
                bytes.write(hexValue(extValue.charAt(i + 1)) << 4 | hexValue(extValue.charAt(i + 2)));
                i += 2;
            } else if (isAttrChar(c)) {
                bytes.write(c);
            } else {
                throw new DigestParseException("bad character in username*");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DigestParseException("username* is not valid UTF-8");
        }
    }

    /** RFC 5987 attr-char. */
    private static boolean isAttrChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$&+-.^_`|~".indexOf(c) >= 0;
    }

    private static char hexDigit(int nibble) {
        return "0123456789ABCDEF".charAt(nibble);
    }

    private static int hexValue(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80 ? Character.digit(c, 16) : -1;
    }
}
