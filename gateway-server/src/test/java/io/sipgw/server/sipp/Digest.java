package io.sipgw.server.sipp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent check of a digest answer (RFC 2617 / RFC 7616, qop=auth) that a SIPp scenario logged: SIPp's
 * {@code verifyauth} reads only {@code Authorization}, so the {@code Proxy-Authorization} of a 407 flow is
 * recomputed here.
 */
final class Digest {

    private static final Pattern PARAM = Pattern.compile("([A-Za-z0-9_-]+)\\s*=\\s*(\"([^\"]*)\"|[^\\s,]+)");

    private Digest() {
    }

    /** The parameters of a {@code Digest ...} credentials value, names in lower case, quotes removed. */
    static Map<String, String> parameters(String credentials) {
        String value = credentials.trim();
        if (!value.regionMatches(true, 0, "Digest ", 0, 7)) {
            throw new IllegalArgumentException("not Digest credentials: " + credentials);
        }
        Map<String, String> params = new HashMap<>();
        Matcher m = PARAM.matcher(value.substring(7));
        while (m.find()) {
            params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(3) != null ? m.group(3) : m.group(2));
        }
        return params;
    }

    /** The expected {@code response} for {@code params} (algorithm MD5 or SHA-256, qop=auth or none). */
    static String expectedResponse(Map<String, String> params, String method, String password) {
        String algorithm = params.getOrDefault("algorithm", "MD5").toUpperCase(Locale.ROOT);
        String hash = switch (algorithm) {
            case "MD5" -> "MD5";
            case "SHA-256" -> "SHA-256";
            default -> throw new IllegalArgumentException("algorithm " + algorithm);
        };
        String ha1 = hex(hash, params.get("username") + ":" + params.get("realm") + ":" + password);
        String ha2 = hex(hash, method + ":" + params.get("uri"));
        String qop = params.get("qop");
        return qop == null
                ? hex(hash, ha1 + ":" + params.get("nonce") + ":" + ha2)
                : hex(hash, ha1 + ":" + params.get("nonce") + ":" + params.get("nc") + ":" + params.get("cnonce")
                        + ":" + qop + ":" + ha2);
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
