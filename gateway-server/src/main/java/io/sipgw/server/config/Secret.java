package io.sipgw.server.config;

import java.util.Objects;

/** A configuration value that must never be printed: its {@code toString} is {@code ****}. */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The clear text, for the one place that needs it (computing a digest response). */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }
}
