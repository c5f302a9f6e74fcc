package io.sipgw.sip;

import java.util.List;

/** Splits a header value written as a comma-separated list (RFC 3261 section 7.3.1), minding quotes and brackets. */
final class CommaList {

    private CommaList() {
    }

    /** Appends each trimmed, non-empty element of {@code value} to {@code out}. */
    static void split(String value, List<String> out) {
        boolean quoted = false;
        boolean angle = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                angle = true;
            } else if (c == '>') {
                angle = false;
            } else if (c == ',' && !angle) {
                add(value, start, i, out);
                start = i + 1;
            }
        }
        add(value, start, value.length(), out);
    }

    private static void add(String value, int start, int end, List<String> out) {
        String element = value.substring(start, end).trim();
        if (!element.isEmpty()) {
            out.add(element);
        }
    }
}
