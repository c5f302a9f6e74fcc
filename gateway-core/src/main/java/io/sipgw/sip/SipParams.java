package io.sipgw.sip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An ordered list of {@code ;name[=value]} parameters (URI, Via or header parameters); names match
 * case-insensitively, order and spelling are kept for re-encoding. Immutable: changes return a new list.
 */
public final class SipParams {

    /** The empty parameter list. */
    public static final SipParams EMPTY = new SipParams(Collections.emptyList());

    private final List<String[]> entries;

    private SipParams(List<String[]> entries) {
        this.entries = entries;
    }

    /**
     * Parses {@code ;a=b;c} (the leading semicolon optional) from {@code s[start, end)}; a quoted value keeps its
     * quotes. Throws {@link SipParseException} on an empty or non-token name.
     */
    static SipParams parse(String s, int start, int end, boolean allowQuotedValues) {
        List<String[]> out = new ArrayList<>(3);
        int i = start;
        while (i < end) {
            while (i < end && (s.charAt(i) == ';' || SipChars.isWhitespace(s.charAt(i)))) {
                i++;
            }
            if (i >= end) {
                break;
            }
            int nameStart = i;
            while (i < end && s.charAt(i) != '=' && s.charAt(i) != ';' && !SipChars.isWhitespace(s.charAt(i))) {
                i++;
            }
            String name = s.substring(nameStart, i);
            if (!isParamName(name)) {
                throw new SipParseException("Bad parameter name '" + name + "'");
            }
            while (i < end && SipChars.isWhitespace(s.charAt(i))) {
                i++;
            }
            String value = null;
            if (i < end && s.charAt(i) == '=') {
                i++;
                while (i < end && SipChars.isWhitespace(s.charAt(i))) {
                    i++;
                }
                int valueStart = i;
                if (i < end && s.charAt(i) == '"') {
                    if (!allowQuotedValues) {
                        throw new SipParseException("Quoted value in parameter '" + name + "'");
                    }
                    i = closingQuote(s, i, end) + 1;
                } else {
                    while (i < end && s.charAt(i) != ';' && !SipChars.isWhitespace(s.charAt(i))) {
                        i++;
                    }
                }
                value = s.substring(valueStart, i);
                while (i < end && SipChars.isWhitespace(s.charAt(i))) {
                    i++;
                }
            }
            if (i < end && s.charAt(i) != ';') {
                throw new SipParseException("Bad parameter '" + name + "'");
            }
            out.add(new String[] {name, value});
        }
        return out.isEmpty() ? EMPTY : new SipParams(out);
    }

    /** The index of the quote closing the quoted string that opens at {@code open}. */
    static int closingQuote(String s, int open, int end) {
        for (int i = open + 1; i < end; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        throw new SipParseException("Unterminated quoted string");
    }

    private static boolean isParamName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            // URI parameter names also allow the param-unreserved set (RFC 3261 section 25.1).
            if (!SipChars.isTokenChar(c) && "[]/:&+$".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether a parameter with this name is present. */
    public boolean has(String name) {
        return find(name) >= 0;
    }

    /**
     * The value of the named parameter without surrounding quotes; {@code ""} when it has no value,
     * {@code null} when absent.
     */
    public String get(String name) {
        int i = find(name);
        if (i < 0) {
            return null;
        }
        String v = entries.get(i)[1];
        if (v == null) {
            return "";
        }
        return v.length() >= 2 && v.charAt(0) == '"' ? v.substring(1, v.length() - 1) : v;
    }

    /** The number of parameters. */
    public int size() {
        return entries.size();
    }

    /** The name of the {@code i}-th parameter. */
    public String name(int i) {
        return entries.get(i)[0];
    }

    /** The raw value of the {@code i}-th parameter (quotes kept), or {@code null} when it has none. */
    public String value(int i) {
        return entries.get(i)[1];
    }

    /** This list with {@code name} set to {@code value} ({@code null}: no value), in place if present, else appended. */
    public SipParams with(String name, String value) {
        if (!isParamName(name)) {
            throw new IllegalArgumentException("bad parameter name: " + name);
        }
        if (value != null && !value.isEmpty() && value.charAt(0) != '"') {
            for (int k = 0; k < value.length(); k++) {
                char c = value.charAt(k);
                if (c == ';' || c == ',' || c == '\r' || c == '\n' || c == ' ' || c == '>') {
                    throw new IllegalArgumentException("bad parameter value: " + value);
                }
            }
        }
        List<String[]> copy = new ArrayList<>(entries.size() + 1);
        copy.addAll(entries);
        int i = find(name);
        if (i >= 0) {
            copy.set(i, new String[] {entries.get(i)[0], value});
        } else {
            copy.add(new String[] {name, value});
        }
        return new SipParams(copy);
    }

    /** This list without the named parameter. */
    public SipParams without(String name) {
        int i = find(name);
        if (i < 0) {
            return this;
        }
        List<String[]> copy = new ArrayList<>(entries);
        copy.remove(i);
        return copy.isEmpty() ? EMPTY : new SipParams(copy);
    }

    private int find(String name) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i)[0].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Appends {@code ;name=value} for every parameter. */
    void appendTo(StringBuilder sb) {
        for (String[] e : entries) {
            sb.append(';').append(e[0]);
            if (e[1] != null) {
                sb.append('=').append(e[1]);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SipParams && toString().equalsIgnoreCase(o.toString());
    }

    @Override
    public int hashCode() {
        return toString().toLowerCase(java.util.Locale.ROOT).hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendTo(sb);
        return sb.toString();
    }
}
