package io.sipgw.server.config;

import java.util.Locale;

/** How log lines are written: {@code text} for people, {@code json} (one object per line) for collectors. */
public enum LogFormat {
    TEXT,
    JSON;

    /** The lower-case name used in {@code LOG_FORMAT} and by logback.xml to pick the appender. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
