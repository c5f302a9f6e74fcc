package io.sipgw.server.config;

import java.util.Objects;

/**
 * One thing wrong with the configuration: where it is (a variable or a .env line), the value given when it may
 * be shown, and what is expected instead.
 */
public record ConfigProblem(String subject, Kind kind, String value, String expected) {

    /** How the given value appears in the message. */
    public enum Kind {
        /** The variable is required and not set. */
        MISSING,
        /** The value is shown (quoted) in the message. */
        SHOWN,
        /** The value is a secret and is never shown. */
        HIDDEN,
        /** There is no single value to show (a .env syntax error, a conflict between variables). */
        NONE
    }

    /** Longest value repeated in a message; a longer one is cut, since the point is to recognise it. */
    private static final int MAX_SHOWN = 120;

    public ConfigProblem {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(expected, "expected");
        if (kind != Kind.SHOWN) {
            value = null;
        }
    }

    public static ConfigProblem missing(String variable, String expected) {
        return new ConfigProblem(variable, Kind.MISSING, null, expected);
    }

    public static ConfigProblem invalid(String variable, String value, String expected) {
        return new ConfigProblem(variable, Kind.SHOWN, value, expected);
    }

    public static ConfigProblem invalidSecret(String variable, String expected) {
        return new ConfigProblem(variable, Kind.HIDDEN, null, expected);
    }

    public static ConfigProblem general(String subject, String expected) {
        return new ConfigProblem(subject, Kind.NONE, null, expected);
    }

    /** One line for an operator, e.g. {@code PORT="70000": expected a port number from 1 to 65535}. */
    public String describe() {
        switch (kind) {
            case MISSING:
                return subject + " is missing: expected " + expected;
            case SHOWN:
                return subject + "=\"" + printable(value) + "\": expected " + expected;
            case HIDDEN:
                return subject + " (value hidden): expected " + expected;
            default:
                return subject + ": expected " + expected;
        }
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Control characters escaped and length capped, so one bad value cannot garble the error. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_SHOWN) + 8);
        for (int i = 0; i < value.length() && out.length() < MAX_SHOWN; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= MAX_SHOWN) {
            out.append("...");
        }
        return out.toString();
    }
}
