package io.sipgw.server.config;

import static io.sipgw.server.config.GatewayConfig.*;

import io.sipgw.call.CallCapacity;
import io.sipgw.call.CallSettings;
import io.sipgw.pipeline.PipelineSettings;
import io.sipgw.sdp.SecureMedia;
import io.sipgw.transport.CidrAllowList;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Builds a {@link GatewayConfig} from environment variables merged over a {@code .env} file (the environment
 * wins; a variable set to blanks counts as not set), reporting every problem at once in a {@link ConfigException}.
 */
public final class ConfigLoader {

    private static final int DEFAULT_PORT = 5060;
    /** Far beyond what one process can serve; a typo such as an extra zero still fits. */
    private static final int MAX_CONNECTION_LIMIT = 10_000_000;
    private static final Duration MAX_TLS_HANDSHAKE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration MAX_CONNECTION_IDLE_TIMEOUT = Duration.ofHours(24);
    private static final Duration MAX_MESSAGE_READ_TIMEOUT = Duration.ofMinutes(5);
    private static final int DEFAULT_ADMIN_PORT = 8080;
    private static final int DEFAULT_UDP_BUFFER_BYTES = 4 * 1024 * 1024;
    private static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MAX_DRAIN_TIMEOUT = Duration.ofHours(1);
    private static final Duration MAX_RING_TIMEOUT = Duration.ofMinutes(10);
    private static final int MAX_IO_THREADS = 1024;
    private static final int MAX_LIMIT = 10_000_000;
    private static final Duration MAX_CALL_DURATION_LIMIT = Duration.ofDays(2);
    /**
     * Meta sends a number's calls from a few proxy addresses, so one source may carry all of the gateway's load:
     * the default sits above what one process bridges, and only a runaway or hostile source meets it.
     */
    static final int DEFAULT_SOURCE_RATE_LIMIT = 2_000;
    /**
     * No call or dialog comes from outside the allow-lists: such an address gets a few answers a second (a load
     * balancer's OPTIONS, a misconfigured peer learning it is refused), and a flood from it costs nothing more.
     */
    static final int DEFAULT_UNLISTED_RATE_LIMIT = 20;
    private static final int MIN_UDP_BUFFER_BYTES = 64 * 1024;
    private static final int MAX_UDP_BUFFER_BYTES = 1024 * 1024 * 1024;
    /** Twilio refuses credential-list usernames longer than this. */
    private static final int MAX_TWILIO_USERNAME = 32;
    private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
    /** RFC 3261 25.1 user part: unreserved, escaped and user-unreserved characters. */
    private static final Pattern E164_DIGITS = Pattern.compile("[0-9]{1,15}");
    private static final Pattern SIP_USER = Pattern.compile("[A-Za-z0-9\\-_.!~*'()&=+$,;?/%]+");
    /**
     * RFC 4566 encoding names are tokens (this is the subset codecs actually use), optionally with the clock rate
     * the policy must also match ({@code telephone-event/8000}).
     */
    private static final Pattern CODEC = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*(/[1-9][0-9]{0,5})?");

    private final Map<String, String> environment;
    private final DotEnvFile dotEnv;
    private final int availableProcessors;

    /**
     * @param environment the process environment (or a test's map)
     * @param dotEnv the parsed {@code .env} file, {@link DotEnvFile#empty()} when there is none
     * @param availableProcessors the default for {@code IO_THREADS}
     */
    public ConfigLoader(Map<String, String> environment, DotEnvFile dotEnv, int availableProcessors) {
        this.environment = Map.copyOf(environment);
        this.dotEnv = dotEnv;
        this.availableProcessors = availableProcessors;
    }

    /** The process's view: {@code environment} over the {@code .env} file at {@code dotEnvPath}. */
    public static ConfigLoader forProcess(Map<String, String> environment, Path dotEnvPath) {
        return new ConfigLoader(environment, DotEnvFile.read(dotEnvPath), Runtime.getRuntime().availableProcessors());
    }

    /** A loader for a plain map and no {@code .env} file, for tests and embedding applications. */
    public static ConfigLoader fromMap(Map<String, String> variables) {
        return new ConfigLoader(variables, DotEnvFile.empty(), Runtime.getRuntime().availableProcessors());
    }

    /**
     * Reads every variable.
     *
     * @throws ConfigException listing every invalid or missing value, never a secret's value
     */
    public GatewayConfig load() {
        EnvReader env = new EnvReader(merged());
        dotEnv.problems().forEach(env::report);
        GatewayConfig.Builder b = new GatewayConfig.Builder();

        b.port = env.port(PORT, DEFAULT_PORT, 1);
        b.useTls = env.bool(USE_TLS, false);
        b.tlsPortSetting = env.optionalPort(TLS_PORT, 1);
        if (b.useTls) {
            b.tlsCertPath = env.readableFile(TLS_CERT_PATH, "the path of a readable PEM certificate chain file");
            b.tlsKeyPath = env.readableFile(TLS_KEY_PATH,
                    "the path of a readable PEM private key file (PKCS#8 or PKCS#1)");
        } else {
            b.tlsCertPath = env.text(TLS_CERT_PATH).map(Path::of);
            b.tlsKeyPath = env.text(TLS_KEY_PATH).map(Path::of);
        }
        b.bindAddress = bindAddress(env);
        b.publicHost = env.hostAndPort(PUBLIC_HOST, true,
                "the host name Meta and Twilio reach this gateway at, as on its TLS certificate, "
                        + "e.g. sip.example.com (add :port when a proxy exposes another port)")
                .orElse(null);

        b.metaCredentials = credentials(env, META_SIP_USERNAME, META_SIP_PASSWORD, Integer.MAX_VALUE,
                "the SIP password Meta returns with include_sip_credentials=true");
        b.metaAllowedCidrs = env.cidrs(META_ALLOWED_CIDRS, DEFAULT_META_ALLOWED_CIDRS);
        b.metaInboundAuth = env.bool(META_INBOUND_AUTH, true);
        b.metaBusinessNumber = e164(env, META_BUSINESS_NUMBER);
        b.metaSipProxy = env.hostAndPort(META_SIP_PROXY, false,
                "host:port that business-initiated calls connect to over TLS instead of wa.meta.vc,"
                        + " e.g. 127.0.0.1:5061 for a test peer");
        if (env.isSet(TLS_CA_PATH)) {
            b.tlsCaPath = env.readableFile(TLS_CA_PATH, "the path of a readable PEM file of CA certificates");
        }

        b.twilioSipDomain = env.hostAndPort(TWILIO_SIP_DOMAIN, true,
                "your Twilio SIP Domain as host[:port], e.g. example.sip.twilio.com").orElse(null);
        b.twilioTransport = SipTransport.valueOf(
                env.choice(TWILIO_TRANSPORT, "tls", List.of("udp", "tcp", "tls")).toUpperCase(Locale.ROOT));
        String secureMedia = env.choice(TWILIO_SECURE_MEDIA, "any", List.of("any", "on", "off"));
        b.twilioSecureMedia = secureMedia.equals("on") ? SecureMedia.REQUIRED
                : secureMedia.equals("off") ? SecureMedia.OFF : SecureMedia.ANY;
        b.twilioDestination = sipUser(env, TWILIO_DESTINATION);
        b.twilioCredentials = credentials(env, TWILIO_SIP_USERNAME, TWILIO_SIP_PASSWORD, MAX_TWILIO_USERNAME,
                "the password of that user in your Twilio credential list");
        b.twilioAllowedCidrs = env.cidrs(TWILIO_ALLOWED_CIDRS, DEFAULT_TWILIO_ALLOWED_CIDRS);
        b.webhookUrl = env.text(WEBHOOK_URL);

        b.allowedCodecs = codecs(env);
        b.maxConnections = env.integer(MAX_CONNECTIONS, PipelineSettings.DEFAULT_MAX_CONNECTIONS, 1,
                MAX_CONNECTION_LIMIT, "a number of connections from 1 to " + MAX_CONNECTION_LIMIT);
        b.maxConnectionsPerSource = env.integer(MAX_CONNECTIONS_PER_SOURCE,
                PipelineSettings.DEFAULT_MAX_CONNECTIONS_PER_SOURCE, 1, MAX_CONNECTION_LIMIT,
                "a number of connections from 1 to " + MAX_CONNECTION_LIMIT);
        b.tlsHandshakeTimeout = env.duration(TLS_HANDSHAKE_TIMEOUT, PipelineSettings.DEFAULT_TLS_HANDSHAKE_TIMEOUT,
                MAX_TLS_HANDSHAKE_TIMEOUT);
        b.connectionIdleTimeout = env.duration(CONNECTION_IDLE_TIMEOUT,
                PipelineSettings.DEFAULT_CONNECTION_IDLE_TIMEOUT, MAX_CONNECTION_IDLE_TIMEOUT);
        b.messageReadTimeout = env.duration(MESSAGE_READ_TIMEOUT, PipelineSettings.DEFAULT_MESSAGE_READ_TIMEOUT,
                MAX_MESSAGE_READ_TIMEOUT);
        b.adminPort = env.port(ADMIN_PORT, DEFAULT_ADMIN_PORT, 0);
        b.logLevel = env.choice(LOG_LEVEL, "INFO", LOG_LEVELS);
        b.logFormat = LogFormat.valueOf(
                env.choice(LOG_FORMAT, "text", List.of("text", "json")).toUpperCase(Locale.ROOT));
        b.sipTrace = env.bool(SIP_TRACE, false);
        b.ioThreads = env.integer(IO_THREADS, availableProcessors, 1, MAX_IO_THREADS,
                "a number of threads from 1 to " + MAX_IO_THREADS + " (default: one per core)");
        b.udpBufferBytes = env.integer(UDP_BUFFER_BYTES, DEFAULT_UDP_BUFFER_BYTES, MIN_UDP_BUFFER_BYTES,
                MAX_UDP_BUFFER_BYTES, "a size in bytes from " + MIN_UDP_BUFFER_BYTES + " to " + MAX_UDP_BUFFER_BYTES);
        b.drainTimeout = env.duration(DRAIN_TIMEOUT, DEFAULT_DRAIN_TIMEOUT, MAX_DRAIN_TIMEOUT);
        b.ringTimeout = env.duration(RING_TIMEOUT, CallSettings.DEFAULT_RING_TIMEOUT, MAX_RING_TIMEOUT);
        if (b.ringTimeout.isZero()) {
            env.report(ConfigProblem.invalid(RING_TIMEOUT, env.text(RING_TIMEOUT).orElse(""),
                    "a positive duration such as 90s or 2m"));
            b.ringTimeout = CallSettings.DEFAULT_RING_TIMEOUT;
        }

        b.maxCalls = env.integer(MAX_CALLS, CallCapacity.DEFAULT_MAX_CALLS, 1, MAX_LIMIT,
                "a number of calls from 1 to " + MAX_LIMIT);
        b.maxCallDuration = env.duration(MAX_CALL_DURATION, CallCapacity.DEFAULT_MAX_CALL_DURATION,
                MAX_CALL_DURATION_LIMIT);
        if (b.maxCallDuration.isZero()) {
            env.report(ConfigProblem.invalid(MAX_CALL_DURATION, env.text(MAX_CALL_DURATION).orElse(""),
                    "a positive duration such as 4h or 90m"));
            b.maxCallDuration = CallCapacity.DEFAULT_MAX_CALL_DURATION;
        }
        b.maxTransactions = env.integer(MAX_TRANSACTIONS, CallCapacity.DEFAULT_MAX_TRANSACTIONS, 1, MAX_LIMIT,
                "a number of transactions from 1 to " + MAX_LIMIT);
        b.sourceRateLimit = env.integer(SOURCE_RATE_LIMIT, DEFAULT_SOURCE_RATE_LIMIT, 0, MAX_LIMIT,
                "requests per second per source address, 0 for no limit");
        b.unlistedRateLimit = env.integer(UNLISTED_RATE_LIMIT, DEFAULT_UNLISTED_RATE_LIMIT, 0, MAX_LIMIT,
                "datagrams per second per address outside the allow-lists, 0 for no limit");

        checkPortClashes(env, b);
        List<ConfigProblem> problems = env.problems();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return b.build();
    }

    /** Non-blank values of the {@code .env} file overlaid by non-blank values of the environment. */
    private Map<String, String> merged() {
        Map<String, String> merged = new HashMap<>();
        dotEnv.values().forEach((k, v) -> {
            if (!v.isBlank()) {
                merged.put(k, v);
            }
        });
        environment.forEach((k, v) -> {
            if (!v.isBlank()) {
                merged.put(k, v);
            }
        });
        return merged;
    }

    private static Optional<InetAddress> bindAddress(EnvReader env) {
        Optional<String> value = env.text(BIND_ADDRESS);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String literal = value.get();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        try {
            return Optional.of(CidrAllowList.parseAddress(literal));
        } catch (IllegalArgumentException e) {
            env.report(ConfigProblem.invalid(BIND_ADDRESS, value.get(),
                    "an IPv4 or IPv6 address of this host, e.g. 0.0.0.0 or ::, or nothing for all interfaces"));
            return Optional.empty();
        }
    }

    /** Both or neither: a username without its password (or the reverse) is a mistake worth stopping for. */
    private static Optional<SipCredentials> credentials(EnvReader env, String userVar, String passwordVar,
            int maxUserLength, String passwordMeaning) {
        Optional<String> user = env.text(userVar);
        Optional<String> password = env.raw(passwordVar);
        if (user.isEmpty() && password.isEmpty()) {
            return Optional.empty();
        }
        boolean ok = true;
        if (user.isEmpty()) {
            env.report(ConfigProblem.missing(userVar, "the digest username that goes with " + passwordVar));
            ok = false;
        } else if (!isDigestUsername(user.get()) || user.get().length() > maxUserLength) {
            env.report(ConfigProblem.invalid(userVar, user.get(), "a username without spaces, quotes or backslashes"
                    + (maxUserLength < Integer.MAX_VALUE ? ", at most " + maxUserLength + " characters" : "")));
            ok = false;
        }
        if (password.isEmpty()) {
            env.report(ConfigProblem.missing(passwordVar, passwordMeaning + " (" + userVar + " is set)"));
            ok = false;
        } else if (password.get().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            env.report(ConfigProblem.invalidSecret(passwordVar, "a password without control characters"));
            ok = false;
        }
        return ok ? Optional.of(new SipCredentials(user.get(), Secret.of(password.get()))) : Optional.empty();
    }

    private static boolean isDigestUsername(String user) {
        return user.chars().noneMatch(c -> c <= 0x20 || c == '"' || c == '\\' || c == 0x7f);
    }

    /** A phone number in E.164, given with or without {@code +}; normalised to the {@code +} form. */
    private static Optional<String> e164(EnvReader env, String name) {
        Optional<String> value = env.text(name);
        if (value.isEmpty()) {
            return value;
        }
        String digits = value.get().startsWith("+") ? value.get().substring(1) : value.get();
        if (!E164_DIGITS.matcher(digits).matches()) {
            env.report(ConfigProblem.invalid(name, value.get(),
                    "a phone number in E.164 form, e.g. +15551234567 (1 to 15 digits after the +)"));
            return Optional.empty();
        }
        return Optional.of("+" + digits);
    }

    private static Optional<String> sipUser(EnvReader env, String name) {
        Optional<String> value = env.text(name);
        if (value.isPresent() && !SIP_USER.matcher(value.get()).matches()) {
            env.report(ConfigProblem.invalid(name, value.get(),
                    "the user part of a SIP URI, e.g. +15551234567 or support (no spaces, '@' or ':')"));
            return Optional.empty();
        }
        return value;
    }

    private static List<String> codecs(EnvReader env) {
        String spec = env.text(ALLOWED_CODECS).orElse(DEFAULT_ALLOWED_CODECS);
        Map<String, String> byLowerName = new LinkedHashMap<>();
        for (String codec : spec.split("[,\\s]+")) {
            if (codec.isEmpty()) {
                continue;
            }
            if (!CODEC.matcher(codec).matches()) {
                env.report(ConfigProblem.invalid(ALLOWED_CODECS, spec,
                        "SDP encoding names (optionally NAME/RATE) separated by commas, e.g. " + DEFAULT_ALLOWED_CODECS
                                + " ('" + codec + "' is not one)"));
                return List.of();
            }
            // SDP encoding names are case-insensitive (RFC 4855 3), so PCMU and pcmu are one codec.
            byLowerName.putIfAbsent(codec.toLowerCase(Locale.ROOT), codec);
        }
        if (byLowerName.isEmpty()) {
            env.report(ConfigProblem.invalid(ALLOWED_CODECS, spec,
                    "at least one codec, e.g. " + DEFAULT_ALLOWED_CODECS));
        }
        return new ArrayList<>(byLowerName.values());
    }

    /** Every listener uses TCP on its port (plain TCP or TLS on PORT, TLS on TLS_PORT, HTTP on ADMIN_PORT). */
    private static void checkPortClashes(EnvReader env, GatewayConfig.Builder b) {
        if (b.adminPort == 0) {
            return;
        }
        if (b.adminPort == b.port && env.isSet(ADMIN_PORT)) {
            env.report(ConfigProblem.general(ADMIN_PORT + "=" + b.adminPort,
                    "a port other than PORT=" + b.port + ", which the SIP listener uses"));
        } else if (b.adminPort == b.port) {
            env.report(ConfigProblem.general(PORT + "=" + b.port,
                    "a port other than ADMIN_PORT (default " + DEFAULT_ADMIN_PORT
                            + "); set ADMIN_PORT to another port"));
        }
        OptionalInt tls = b.useTls ? b.tlsPortSetting : OptionalInt.empty();
        if (tls.isPresent() && tls.getAsInt() == b.adminPort && b.adminPort != b.port) {
            env.report(ConfigProblem.general(TLS_PORT + "=" + tls.getAsInt(),
                    "a port other than ADMIN_PORT=" + b.adminPort + ", which the health and metrics server uses"));
        }
    }
}
