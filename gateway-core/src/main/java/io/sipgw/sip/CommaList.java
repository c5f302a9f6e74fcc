package io.sipgw.sip;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits a header value written as a comma-separated list (RFC 3261 section 7.3.1) at the commas outside quotes and
 * angle brackets, with the same scan the routing fields use ({@link HeaderScanner#firstValueEnd}).
 */
final class CommaList {

    private CommaList() {
    }

    /** Appends each trimmed, non-empty element of {@code value} to {@code out}. */
    static void split(String value, List<String> out) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        while (start <= bytes.length) {
            int end = HeaderScanner.firstValueEnd(bytes, start, bytes.length);
            String element = new String(bytes, start, end - start, StandardCharsets.UTF_8).trim();
            if (!element.isEmpty()) {
                out.add(element);
            }
            start = end + 1;
        }
    }
}
