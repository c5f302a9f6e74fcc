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
        String[] fields = new String[3];
        if (Fields.split(value, fields) < 3 || MediaLine.number(fields[0], 99999) < 0) {
            return null;
        }
        return new CryptoAttribute(fields[0], fields[1]);
    }

    @Override
    public String toString() {
        return tag + ' ' + suite;
    }
}
