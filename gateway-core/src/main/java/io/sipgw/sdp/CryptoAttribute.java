package io.sipgw.sdp;

/**
 * The tag and crypto suite of an {@code a=crypto} line (RFC 4568 §9.1:
 * {@code a=crypto:<tag> <crypto-suite> <key-params> [<session-params>]}); the key parameters are never read,
 * so no key can leak from here into a log.
 *
 * @param tag   the decimal tag that pairs an answer's line with an offered one
 * @param suite the crypto suite, such as AES_CM_128_HMAC_SHA1_80
 */
record CryptoAttribute(String tag, String suite) {

    /** Parses the attribute value after {@code a=crypto:}, or returns null when tag or suite is missing. */
    static CryptoAttribute parse(String value) {
        int tagEnd = value.indexOf(' ');
        int suiteEnd = tagEnd < 0 ? -1 : value.indexOf(' ', tagEnd + 1);
        if (suiteEnd <= tagEnd + 1 || suiteEnd + 1 >= value.length()
                || MediaLine.number(value, 0, tagEnd, 999_999_999) < 0) {
            return null;
        }
        return new CryptoAttribute(value.substring(0, tagEnd), value.substring(tagEnd + 1, suiteEnd));
    }

    @Override
    public String toString() {
        return tag + ' ' + suite;
    }
}
