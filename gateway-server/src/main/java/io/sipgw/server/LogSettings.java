package io.sipgw.server;

import io.sipgw.server.config.GatewayConfig;

/**
 * Hands LOG_LEVEL, LOG_FORMAT and SIP_TRACE to logback.xml as system properties; it must run before the first
 * logger is created, because logback reads its configuration once, then.
 */
final class LogSettings {

    static final String LEVEL_PROPERTY = "sipgw.log.level";
    static final String FORMAT_PROPERTY = "sipgw.log.format";
    static final String SIP_TRACE_PROPERTY = "sipgw.sip.trace.level";

    private LogSettings() {
    }

    /** Sets the properties from validated values, so a .env file counts as much as the real environment. */
    static void apply(GatewayConfig config) {
        System.setProperty(LEVEL_PROPERTY, config.logLevel());
        System.setProperty(FORMAT_PROPERTY, config.logFormat().configName());
        System.setProperty(SIP_TRACE_PROPERTY, config.sipTrace() ? "TRACE" : "OFF");
    }
}
