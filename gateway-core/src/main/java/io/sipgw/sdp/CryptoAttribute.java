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
        int[] bounds = new int[4];
        if (Fields.bounds(value, bounds) < 3) {
            return null;
        }
        String tag = value.substring(bounds[0], bounds[1]);
        return MediaLine.number(tag, 99999) < 0 ? null
                : new CryptoAttribute(tag, value.substring(bounds[2], bounds[3]));
    }

    @Override
    public String toString() {
        return tag + ' ' + suite;
    }
}
