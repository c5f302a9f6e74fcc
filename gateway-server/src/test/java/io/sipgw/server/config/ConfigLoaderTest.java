package io.sipgw.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    /** The two required variables, nothing else. */
    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("PUBLIC_HOST", "gw.example.com");
        env.put("TWILIO_SIP_DOMAIN", "acme.sip.twilio.com");
        return env;
    }

    private static GatewayConfig load(Map<String, String> env) {
        return new ConfigLoader(env, DotEnvFile.empty(), 4).load();
    }

    private static ConfigException failure(Map<String, String> env) {
        return catchThrowableOfType(ConfigException.class, () -> load(env));
    }

    private static List<String> problems(Map<String, String> env) {
        ConfigException e = failure(env);
        assertThat(e).as("expected a ConfigException").isNotNull();
        return e.problems().stream().map(ConfigProblem::describe).toList();
    }

    private Path file(String name) throws Exception {
        return Files.writeString(dir.resolve(name), "-----BEGIN X-----\n");
    }

    @Test
    void minimalEnvironmentGetsEveryDefault() {
        GatewayConfig config = load(minimal());

        assertThat(config.port()).isEqualTo(5060);
        assertThat(config.useTls()).isFalse();
        assertThat(config.tlsPort()).isEmpty();
        assertThat(config.tcpEnabled()).isTrue();
        assertThat(config.tlsCertPath()).isEmpty();
        assertThat(config.tlsKeyPath()).isEmpty();
        assertThat(config.bindAddress()).isEmpty();
        assertThat(config.publicHost()).isEqualTo(new HostAndPort("gw.example.com", OptionalInt.empty()));
        assertThat(config.metaCredentials()).isEmpty();
        assertThat(config.metaAllowedCidrs().networks()).containsExactly("31.13.64.0/18", "57.144.0.0/14",
                "69.171.224.0/19", "157.240.0.0/16", "173.252.64.0/18", "163.70.128.0/17", "2a03:2880::/32");
        assertThat(config.twilioSipDomain()).isEqualTo(new HostAndPort("acme.sip.twilio.com", OptionalInt.empty()));
        assertThat(config.twilioTransport()).isEqualTo(SipTransport.TLS);
        assertThat(config.twilioDestination()).isEmpty();
        assertThat(config.twilioCredentials()).isEmpty();
        assertThat(config.twilioAllowedCidrs().networks()).hasSize(8).contains("54.172.60.0/30", "177.71.206.192/30");
        assertThat(config.webhookUrl()).isEmpty();
        assertThat(config.allowedCodecs()).containsExactly("PCMU", "PCMA", "telephone-event");
        assertThat(config.adminPort()).isEqualTo(8080);
        assertThat(config.logLevel()).isEqualTo("INFO");
        assertThat(config.logFormat()).isEqualTo(LogFormat.TEXT);
        assertThat(config.sipTrace()).isFalse();
        assertThat(config.ioThreads()).isEqualTo(4);
        assertThat(config.udpBufferBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyVariableIsParsed() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "5070");
        env.put("USE_TLS", "yes");
        env.put("TLS_PORT", "5071");
        env.put("TLS_CERT_PATH", file("cert.pem").toString());
        env.put("TLS_KEY_PATH", file("key.pem").toString());
        env.put("BIND_ADDRESS", "127.0.0.1");
        env.put("PUBLIC_HOST", "gw.example.com:15061");
        env.put("META_SIP_USERNAME", "15550001111");
        env.put("META_SIP_PASSWORD", "meta secret");
        env.put("META_ALLOWED_CIDRS", "157.240.0.0/16, 2a03:2880::/32");
        env.put("TWILIO_SIP_DOMAIN", "acme.sip.us1.twilio.com:5061");
        env.put("TWILIO_TRANSPORT", "UDP");
        env.put("TWILIO_DESTINATION", "+5215541655565");
        env.put("TWILIO_SIP_USERNAME", "gateway");
        env.put("TWILIO_SIP_PASSWORD", "twilio-secret-1");
        env.put("TWILIO_ALLOWED_CIDRS", "54.172.60.0/30");
        env.put("WEBHOOK_URL", "https://n8n.example.com/webhook/abc");
        env.put("ALLOWED_CODECS", "PCMA, pcmu telephone-event/8000,PCMU");
        env.put("ADMIN_PORT", "9090");
        env.put("LOG_LEVEL", "debug");
        env.put("LOG_FORMAT", "JSON");
        env.put("SIP_TRACE", "on");
        env.put("IO_THREADS", "3");
        env.put("UDP_BUFFER_BYTES", "1048576");
        env.put("DRAIN_TIMEOUT", "90s");

        GatewayConfig config = load(env);

        assertThat(config.port()).isEqualTo(5070);
        assertThat(config.useTls()).isTrue();
        assertThat(config.tlsPort()).hasValue(5071);
        assertThat(config.tcpEnabled()).isTrue();
        assertThat(config.tlsCertPath()).contains(dir.resolve("cert.pem"));
        assertThat(config.tlsKeyPath()).contains(dir.resolve("key.pem"));
        assertThat(config.bindAddress()).contains(InetAddress.getByName("127.0.0.1"));
        assertThat(config.publicHost()).isEqualTo(new HostAndPort("gw.example.com", OptionalInt.of(15061)));
        assertThat(config.metaCredentials()).hasValueSatisfying(c -> {
            assertThat(c.username()).isEqualTo("15550001111");
            assertThat(c.password().reveal()).isEqualTo("meta secret");
        });
        assertThat(config.metaAllowedCidrs().networks()).containsExactly("157.240.0.0/16", "2a03:2880::/32");
        assertThat(config.twilioSipDomain()).isEqualTo(new HostAndPort("acme.sip.us1.twilio.com", OptionalInt.of(5061)));
        assertThat(config.twilioTransport()).isEqualTo(SipTransport.UDP);
        assertThat(config.twilioDestination()).contains("+5215541655565");
        assertThat(config.twilioCredentials()).hasValueSatisfying(c -> {
            assertThat(c.username()).isEqualTo("gateway");
            assertThat(c.password().reveal()).isEqualTo("twilio-secret-1");
        });
        assertThat(config.twilioAllowedCidrs().networks()).containsExactly("54.172.60.0/30");
        assertThat(config.webhookUrl()).contains("https://n8n.example.com/webhook/abc");
        assertThat(config.allowedCodecs()).containsExactly("PCMA", "pcmu", "telephone-event/8000");
        assertThat(config.adminPort()).isEqualTo(9090);
        assertThat(config.logLevel()).isEqualTo("DEBUG");
        assertThat(config.logFormat()).isEqualTo(LogFormat.JSON);
        assertThat(config.sipTrace()).isTrue();
        assertThat(config.ioThreads()).isEqualTo(3);
        assertThat(config.udpBufferBytes()).isEqualTo(1048576);
        assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void tlsWithoutTlsPortListensOnPortAlone() throws Exception {
        Map<String, String> env = minimal();
        env.put("USE_TLS", "true");
        env.put("PORT", "443");
        env.put("TLS_CERT_PATH", file("cert.pem").toString());
        env.put("TLS_KEY_PATH", file("key.pem").toString());

        GatewayConfig config = load(env);

        assertThat(config.tlsPort()).hasValue(443);
        assertThat(config.tcpEnabled()).isFalse();
        assertThat(config.summaryLines()).contains("listeners: udp *:443, tls *:443, admin http *:8080");
    }

    @Test
    void tlsPortEqualToPortIsTheOnePortMode() throws Exception {
        Map<String, String> env = minimal();
        env.put("USE_TLS", "1");
        env.put("PORT", "5061");
        env.put("TLS_PORT", "5061");
        env.put("TLS_CERT_PATH", file("cert.pem").toString());
        env.put("TLS_KEY_PATH", file("key.pem").toString());

        GatewayConfig config = load(env);

        assertThat(config.tlsPort()).hasValue(5061);
        assertThat(config.tcpEnabled()).isFalse();
    }

    @Test
    void tlsPortIsIgnoredWhileTlsIsOff() {
        Map<String, String> env = minimal();
        env.put("TLS_PORT", "5061");
        env.put("TLS_CERT_PATH", "/nonexistent/cert.pem");

        GatewayConfig config = load(env);

        assertThat(config.tlsPort()).isEmpty();
        assertThat(config.tcpEnabled()).isTrue();
        assertThat(config.tlsCertPath()).contains(Path.of("/nonexistent/cert.pem"));
    }

    @Test
    void durationsTakeUnits() {
        Map<String, String> env = minimal();
        env.put("DRAIN_TIMEOUT", "500ms");
        assertThat(load(env).drainTimeout()).isEqualTo(Duration.ofMillis(500));
        env.put("DRAIN_TIMEOUT", "2m");
        assertThat(load(env).drainTimeout()).isEqualTo(Duration.ofMinutes(2));
        env.put("DRAIN_TIMEOUT", "45");
        assertThat(load(env).drainTimeout()).isEqualTo(Duration.ofSeconds(45));
        env.put("DRAIN_TIMEOUT", "0s");
        assertThat(load(env).drainTimeout()).isZero();
    }

    @Test
    void addressesAndHostsInTheirVariousForms() {
        Map<String, String> env = minimal();
        env.put("BIND_ADDRESS", "[::1]");
        env.put("PUBLIC_HOST", "203.0.113.5");
        env.put("TWILIO_SIP_DOMAIN", "[2001:db8::1]:5080");

        GatewayConfig config = load(env);

        assertThat(config.bindAddress().get().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(config.publicHost().isIpLiteral()).isTrue();
        assertThat(config.twilioSipDomain().host()).isEqualTo("2001:db8::1");
        assertThat(config.twilioSipDomain().port()).hasValue(5080);
        assertThat(config.twilioSipDomain()).hasToString("[2001:db8::1]:5080");
    }

    @Test
    void blankValuesCountAsNotSet() {
        Map<String, String> env = minimal();
        env.put("PORT", "  ");
        env.put("META_ALLOWED_CIDRS", "");
        env.put("TWILIO_SIP_PASSWORD", "");

        GatewayConfig config = load(env);

        assertThat(config.port()).isEqualTo(5060);
        assertThat(config.metaAllowedCidrs().networks()).hasSize(7);
        assertThat(config.twilioCredentials()).isEmpty();
    }

    @Test
    void missingRequiredVariablesAreNamed() {
        assertThat(problems(new HashMap<>())).containsExactly(
                "PUBLIC_HOST is missing: expected the host name Meta and Twilio reach this gateway at, as on its TLS "
                        + "certificate, e.g. sip.example.com (add :port when a proxy exposes another port)",
                "TWILIO_SIP_DOMAIN is missing: expected your Twilio SIP Domain as host[:port], "
                        + "e.g. example.sip.twilio.com");
    }

    @Test
    void wrongPortsAreReportedWithTheirRange() {
        Map<String, String> env = minimal();
        env.put("PORT", "70000");
        env.put("TLS_PORT", "0");
        env.put("ADMIN_PORT", "http");

        assertThat(problems(env)).containsExactly(
                "PORT=\"70000\": expected a port number from 1 to 65535",
                "TLS_PORT=\"0\": expected a port number from 1 to 65535",
                "ADMIN_PORT=\"http\": expected a port number from 0 to 65535 (0 picks a free port)");
    }

    @Test
    void theVariablesOfAuthenticationAndBusinessCalls() throws Exception {
        Map<String, String> env = minimal();
        assertThat(load(env).metaInboundAuth()).as("no password, no challenge").isFalse();
        env.put("META_SIP_USERNAME", "15550001111");
        env.put("META_SIP_PASSWORD", "pw");
        assertThat(load(env).metaInboundAuth()).isTrue();
        env.put("META_INBOUND_AUTH", "false");
        env.put("META_BUSINESS_NUMBER", "15550001111");
        env.put("META_SIP_PROXY", "127.0.0.1:5071");
        env.put("TLS_CA_PATH", file("ca.pem").toString());
        GatewayConfig config = load(env);

        assertThat(config.metaInboundAuth()).isFalse();
        assertThat(config.metaBusinessNumber()).contains("+15550001111");
        assertThat(config.metaSipProxy()).contains(new HostAndPort("127.0.0.1", OptionalInt.of(5071)));
        assertThat(config.tlsCaPath()).contains(dir.resolve("ca.pem"));
        assertThat(config.summary()).contains("META_BUSINESS_NUMBER=+15550001111", "META_SIP_PROXY=127.0.0.1:5071",
                "META_INBOUND_AUTH=false").doesNotContain("=pw");
    }

    @Test
    void theLongestCallTakesHoursAndDays() {
        Map<String, String> env = minimal();
        assertThat(load(env).maxCallDuration()).isEqualTo(Duration.ofHours(4));
        env.put("MAX_CALL_DURATION", "90m");
        assertThat(load(env).maxCallDuration()).isEqualTo(Duration.ofMinutes(90));
        env.put("MAX_CALL_DURATION", "1d");
        assertThat(load(env).maxCallDuration()).isEqualTo(Duration.ofDays(1));
        env.put("MAX_CALL_DURATION", "0");
        assertThat(problems(env)).singleElement().asString().startsWith("MAX_CALL_DURATION=\"0\"");
    }

    @Test
    void aBusinessNumberMustBeE164AndTheCaFileMustExist() {
        Map<String, String> env = minimal();
        env.put("META_BUSINESS_NUMBER", "+1 555 000");
        env.put("TLS_CA_PATH", dir.resolve("missing.pem").toString());

        assertThat(problems(env)).containsExactly(
                "META_BUSINESS_NUMBER=\"+1 555 000\": expected a phone number in E.164 form, e.g. +15551234567 (1 to"
                        + " 15 digits after the +)",
                "TLS_CA_PATH=\"" + dir.resolve("missing.pem") + "\": expected the path of a readable PEM file of CA"
                        + " certificates; no such file");
    }

    @Test
    void badBooleansAreReported() {
        Map<String, String> env = minimal();
        env.put("USE_TLS", "maybe");
        env.put("SIP_TRACE", "2");

        assertThat(problems(env)).containsExactly(
                "USE_TLS=\"maybe\": expected true or false (1/0, yes/no, on/off also work)",
                "SIP_TRACE=\"2\": expected true or false (1/0, yes/no, on/off also work)");
    }

    @Test
    void badCidrsNameTheBadEntry() {
        Map<String, String> env = minimal();
        env.put("META_ALLOWED_CIDRS", "31.13.64.0/18,31.13.64.0/33");
        env.put("TWILIO_ALLOWED_CIDRS", " , ");

        assertThat(problems(env)).containsExactly(
                "META_ALLOWED_CIDRS=\"31.13.64.0/18,31.13.64.0/33\": expected networks as addr/len separated by "
                        + "commas, e.g. 203.0.113.0/24,2001:db8::/32 ('31.13.64.0/33' has a prefix length that is "
                        + "not a number from 0 to 32)",
                "TWILIO_ALLOWED_CIDRS=\",\": expected at least one network as addr/len");
    }

    @Test
    void badChoicesListTheOptions() {
        Map<String, String> env = minimal();
        env.put("TWILIO_TRANSPORT", "sctp");
        env.put("TWILIO_SECURE_MEDIA", "maybe");
        env.put("LOG_LEVEL", "verbose");
        env.put("LOG_FORMAT", "xml");

        assertThat(problems(env)).containsExactly(
                "TWILIO_TRANSPORT=\"sctp\": expected one of udp, tcp, tls",
                "TWILIO_SECURE_MEDIA=\"maybe\": expected one of any, on, off",
                "LOG_LEVEL=\"verbose\": expected one of TRACE, DEBUG, INFO, WARN, ERROR, OFF",
                "LOG_FORMAT=\"xml\": expected one of text, json");
    }

    @Test
    void badNumbersAndDurationsAreReported() {
        Map<String, String> env = minimal();
        env.put("IO_THREADS", "0");
        env.put("UDP_BUFFER_BYTES", "4MB");
        env.put("DRAIN_TIMEOUT", "forever");

        assertThat(problems(env)).containsExactly(
                "IO_THREADS=\"0\": expected a number of threads from 1 to 1024 (default: one per core)",
                "UDP_BUFFER_BYTES=\"4MB\": expected a size in bytes from 65536 to 1073741824",
                "DRAIN_TIMEOUT=\"forever\": expected a duration such as 30s, 500ms or 2m (a bare number is seconds), "
                        + "at most 3600s");
    }

    @Test
    void badHostsAndAddressesAreReported() {
        Map<String, String> env = minimal();
        env.put("BIND_ADDRESS", "eth0");
        env.put("PUBLIC_HOST", "gw_example.com");
        env.put("TWILIO_SIP_DOMAIN", "acme.sip.twilio.com:99999");
        env.put("TWILIO_DESTINATION", "john doe");
        env.put("ALLOWED_CODECS", "PCMU,<opus>");

        assertThat(problems(env)).containsExactly(
                "BIND_ADDRESS=\"eth0\": expected an IPv4 or IPv6 address of this host, e.g. 0.0.0.0 or ::, "
                        + "or nothing for all interfaces",
                "PUBLIC_HOST=\"gw_example.com\": expected the host name Meta and Twilio reach this gateway at, as on "
                        + "its TLS certificate, e.g. sip.example.com (add :port when a proxy exposes another port) "
                        + "('gw_example.com' is not a host name (letters, digits, '-' and '.'))",
                "TWILIO_SIP_DOMAIN=\"acme.sip.twilio.com:99999\": expected your Twilio SIP Domain as host[:port], "
                        + "e.g. example.sip.twilio.com (the port '99999' is not a number from 1 to 65535)",
                "TWILIO_DESTINATION=\"john doe\": expected the user part of a SIP URI, e.g. +15551234567 or support "
                        + "(no spaces, '@' or ':')",
                "ALLOWED_CODECS=\"PCMU,<opus>\": expected SDP encoding names (optionally NAME/RATE) separated by commas, "
                        + "e.g. PCMU,PCMA,telephone-event ('<opus>' is not one)");
    }

    @Test
    void tlsNeedsCertificateAndKeyFilesThatExist() throws Exception {
        Map<String, String> env = minimal();
        env.put("USE_TLS", "true");
        env.put("TLS_KEY_PATH", dir.resolve("missing.pem").toString());

        assertThat(problems(env)).containsExactly(
                "TLS_CERT_PATH is missing: expected the path of a readable PEM certificate chain file "
                        + "(needed because USE_TLS=true)",
                "TLS_KEY_PATH=\"" + dir.resolve("missing.pem") + "\": expected the path of a readable PEM private "
                        + "key file (PKCS#8 or PKCS#1); no such file");

        env.put("TLS_CERT_PATH", dir.toString());
        env.put("TLS_KEY_PATH", file("key.pem").toString());
        assertThat(problems(env)).containsExactly("TLS_CERT_PATH=\"" + dir + "\": expected the path of a readable "
                + "PEM certificate chain file; it is not a regular file");
    }

    @Test
    void credentialsComeInPairsAndPasswordsAreNeverShown() {
        Map<String, String> env = minimal();
        env.put("META_SIP_PASSWORD", "hunter2-meta");
        env.put("TWILIO_SIP_USERNAME", "a-very-long-username-over-32-characters");
        env.put("TWILIO_SIP_PASSWORD", "bad\u0001secret");

        ConfigException e = failure(env);

        assertThat(e.problems()).extracting(ConfigProblem::describe).containsExactly(
                "META_SIP_USERNAME is missing: expected the digest username that goes with META_SIP_PASSWORD",
                "TWILIO_SIP_USERNAME=\"a-very-long-username-over-32-characters\": expected a username without "
                        + "spaces, quotes or backslashes, at most 32 characters",
                "TWILIO_SIP_PASSWORD (value hidden): expected a password without control characters");
        assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("secret");
    }

    @Test
    void usernameWithoutPasswordIsReported() {
        Map<String, String> env = minimal();
        env.put("META_SIP_USERNAME", "15550001111");

        assertThat(problems(env)).containsExactly("META_SIP_PASSWORD is missing: expected the SIP password Meta "
                + "returns with include_sip_credentials=true (META_SIP_USERNAME is set)");
    }

    @Test
    void adminPortMayNotTakeASipPort() throws Exception {
        Map<String, String> env = minimal();
        env.put("PORT", "8080");
        assertThat(problems(env)).containsExactly(
                "PORT=8080: expected a port other than ADMIN_PORT (default 8080); set ADMIN_PORT to another port");

        env.put("ADMIN_PORT", "8080");
        assertThat(problems(env)).containsExactly(
                "ADMIN_PORT=8080: expected a port other than PORT=8080, which the SIP listener uses");

        env.put("PORT", "5060");
        env.put("USE_TLS", "true");
        env.put("TLS_PORT", "8080");
        env.put("TLS_CERT_PATH", file("cert.pem").toString());
        env.put("TLS_KEY_PATH", file("key.pem").toString());
        assertThat(problems(env)).containsExactly(
                "TLS_PORT=8080: expected a port other than ADMIN_PORT=8080, which the health and metrics server uses");

        env.put("ADMIN_PORT", "0");
        assertThat(load(env).adminPort()).isZero();
    }

    @Test
    void severalProblemsAreReportedTogetherInOneMessage() {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "abc");
        env.put("USE_TLS", "sure");
        env.put("META_ALLOWED_CIDRS", "10.0.0.0/8,nonsense");
        env.put("TWILIO_TRANSPORT", "carrier-pigeon");
        env.put("TWILIO_SIP_PASSWORD", "s3cr3t-value");

        ConfigException e = failure(env);

        assertThat(e.problems()).hasSize(7);
        assertThat(e.getMessage())
                .startsWith("invalid configuration (7 problems):")
                .contains("  - PORT=\"abc\": expected a port number from 1 to 65535")
                .contains("  - USE_TLS=\"sure\"")
                .contains("  - PUBLIC_HOST is missing")
                .contains("  - META_ALLOWED_CIDRS=\"10.0.0.0/8,nonsense\"")
                .contains("  - TWILIO_SIP_DOMAIN is missing")
                .contains("  - TWILIO_TRANSPORT=\"carrier-pigeon\"")
                .contains("  - TWILIO_SIP_USERNAME is missing")
                .contains("config/.env.example")
                .doesNotContain("s3cr3t");
    }

    @Test
    void environmentWinsOverDotEnv() throws Exception {
        Path dotEnv = Files.writeString(dir.resolve(".env"), String.join("\n",
                "# settings for the test",
                "PUBLIC_HOST=from-dotenv.example.com",
                "export TWILIO_SIP_DOMAIN=\"acme.sip.twilio.com\"",
                "PORT=5070",
                "LOG_LEVEL='warn'",
                "ADMIN_PORT=9000   # inline comment",
                ""));
        Map<String, String> env = new HashMap<>();
        env.put("PUBLIC_HOST", "from-env.example.com");
        env.put("PORT", "");

        GatewayConfig config = ConfigLoader.forProcess(env, dotEnv).load();

        assertThat(config.publicHost().host()).isEqualTo("from-env.example.com");
        assertThat(config.twilioSipDomain().host()).isEqualTo("acme.sip.twilio.com");
        // A blank environment variable does not hide the .env value.
        assertThat(config.port()).isEqualTo(5070);
        assertThat(config.logLevel()).isEqualTo("WARN");
        assertThat(config.adminPort()).isEqualTo(9000);
    }

    @Test
    void missingDotEnvIsFineAndDotEnvSyntaxErrorsJoinTheOtherProblems() throws Exception {
        assertThat(ConfigLoader.forProcess(minimal(), dir.resolve("absent.env")).load().port()).isEqualTo(5060);

        Path dotEnv = Files.writeString(dir.resolve(".env"), "PORT=1\nthis line is a pasted secret\nA=\"open\n");
        Map<String, String> env = minimal();
        env.put("USE_TLS", "perhaps");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.forProcess(env, dotEnv).load());

        assertThat(e.problems()).extracting(ConfigProblem::describe).containsExactly(
                dotEnv + " line 2: expected KEY=VALUE, where KEY is letters, digits and '_' not starting with a digit",
                dotEnv + " line 3 (A): expected a value whose opening quote is closed on the same line, with only a # "
                        + "comment after it",
                "USE_TLS=\"perhaps\": expected true or false (1/0, yes/no, on/off also work)");
        assertThat(e.getMessage()).doesNotContain("pasted secret");
    }

    @Test
    void summaryMasksSecretsAndShowsEveryVariable() {
        Map<String, String> env = minimal();
        env.put("META_SIP_USERNAME", "15550001111");
        env.put("META_SIP_PASSWORD", "meta-password-value");
        env.put("TWILIO_SIP_USERNAME", "gateway");
        env.put("TWILIO_SIP_PASSWORD", "twilio-password-value");
        env.put("WEBHOOK_URL", "https://n8n.example.com/webhook/6f1c-secret-token?key=abc");

        GatewayConfig config = load(env);
        String summary = config.summary();

        assertThat(config.summaryLines()).contains(
                "META_SIP_USERNAME=15550001111",
                "META_SIP_PASSWORD=****",
                "TWILIO_SIP_PASSWORD=****",
                "WEBHOOK_URL=https://n8n.example.com/**** (unused)",
                "PORT=5060",
                "TWILIO_TRANSPORT=tls",
                "TWILIO_SECURE_MEDIA=any",
                "DRAIN_TIMEOUT=30000ms",
                "listeners: udp *:5060, tcp *:5060, admin http *:8080");
        assertThat(summary).doesNotContain("password-value").doesNotContain("secret-token");
        assertThat(config.toString()).doesNotContain("password-value");
        assertThat(config.metaCredentials().get().toString()).doesNotContain("password-value");
        for (String name : List.of("PORT", "USE_TLS", "TLS_PORT", "TLS_CERT_PATH", "TLS_KEY_PATH", "BIND_ADDRESS",
                "PUBLIC_HOST", "META_SIP_USERNAME", "META_SIP_PASSWORD", "META_ALLOWED_CIDRS", "TWILIO_SIP_DOMAIN",
                "TWILIO_TRANSPORT", "TWILIO_SECURE_MEDIA", "TWILIO_DESTINATION", "TWILIO_SIP_USERNAME", "TWILIO_SIP_PASSWORD",
                "TWILIO_ALLOWED_CIDRS", "WEBHOOK_URL", "ALLOWED_CODECS", "ADMIN_PORT", "LOG_LEVEL", "LOG_FORMAT",
                "SIP_TRACE", "IO_THREADS", "UDP_BUFFER_BYTES", "DRAIN_TIMEOUT", "RING_TIMEOUT")) {
            assertThat(config.summaryLines()).anyMatch(line -> line.startsWith(name + "="));
        }
    }

    @Test
    void ringTimeoutIsAPositiveDuration() {
        Map<String, String> env = minimal();
        assertThat(load(env).ringTimeout()).isEqualTo(java.time.Duration.ofSeconds(90));
        env.put("RING_TIMEOUT", "45s");
        assertThat(load(env).ringTimeout()).isEqualTo(java.time.Duration.ofSeconds(45));
        env.put("RING_TIMEOUT", "0s");
        assertThat(problems(env)).containsExactly("RING_TIMEOUT=\"0s\": expected a positive duration such as 90s or 2m");
    }

    @Test
    void secureMediaFollowsTheTwilioDomainSwitch() {
        Map<String, String> env = minimal();
        assertThat(load(env).twilioSecureMedia()).isEqualTo(io.sipgw.sdp.SecureMedia.ANY);
        env.put("TWILIO_SECURE_MEDIA", "on");
        assertThat(load(env).twilioSecureMedia()).isEqualTo(io.sipgw.sdp.SecureMedia.REQUIRED);
        env.put("TWILIO_SECURE_MEDIA", "off");
        assertThat(load(env).twilioSecureMedia()).isEqualTo(io.sipgw.sdp.SecureMedia.OFF);
    }

    @Test
    void unsetSecretsSayNotSet() {
        assertThat(load(minimal()).summaryLines()).contains("META_SIP_PASSWORD=(not set)",
                "TWILIO_SIP_PASSWORD=(not set)", "BIND_ADDRESS=(all interfaces)");
    }

    @Test
    void controlCharactersInShownValuesAreEscaped() {
        Map<String, String> env = minimal();
        env.put("LOG_FORMAT", "te\u001b[31mxt\"");

        assertThat(problems(env)).containsExactly("LOG_FORMAT=\"te\\x1b[31mxt\\\"\": expected one of text, json");
    }

    @Test
    void fromMapReadsNoFile() {
        assertThat(ConfigLoader.fromMap(minimal()).load().publicHost().host()).isEqualTo("gw.example.com");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of()).load()).isInstanceOf(ConfigException.class);
    }

    @Test
    void connectionBoundsHaveSafeDefaults() {
        GatewayConfig config = load(minimal());

        assertThat(config.maxConnections()).isEqualTo(10_000);
        assertThat(config.maxConnectionsPerSource()).isEqualTo(200);
        assertThat(config.tlsHandshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.connectionIdleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.messageReadTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.summaryLines()).contains("MAX_CONNECTIONS=10000", "MAX_CONNECTIONS_PER_SOURCE=200",
                "TLS_HANDSHAKE_TIMEOUT=10000ms", "CONNECTION_IDLE_TIMEOUT=600000ms", "MESSAGE_READ_TIMEOUT=10000ms");
    }

    @Test
    void connectionBoundsAreRead() {
        Map<String, String> env = minimal();
        env.put("MAX_CONNECTIONS", "500");
        env.put("MAX_CONNECTIONS_PER_SOURCE", "50");
        env.put("TLS_HANDSHAKE_TIMEOUT", "5s");
        env.put("CONNECTION_IDLE_TIMEOUT", "2m");
        env.put("MESSAGE_READ_TIMEOUT", "500ms");

        GatewayConfig config = load(env);

        assertThat(config.maxConnections()).isEqualTo(500);
        assertThat(config.maxConnectionsPerSource()).isEqualTo(50);
        assertThat(config.tlsHandshakeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.connectionIdleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.messageReadTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void badConnectionBoundsAreEachReported() {
        Map<String, String> env = minimal();
        env.put("MAX_CONNECTIONS", "0");
        env.put("MAX_CONNECTIONS_PER_SOURCE", "many");
        env.put("TLS_HANDSHAKE_TIMEOUT", "6m");
        env.put("CONNECTION_IDLE_TIMEOUT", "soon");
        env.put("MESSAGE_READ_TIMEOUT", "-1s");

        assertThat(problems(env)).hasSize(5).anySatisfy(p -> assertThat(p).startsWith("MAX_CONNECTIONS=\"0\""))
                .anySatisfy(p -> assertThat(p).startsWith("MAX_CONNECTIONS_PER_SOURCE=\"many\""))
                .anySatisfy(p -> assertThat(p).startsWith("TLS_HANDSHAKE_TIMEOUT=\"6m\""))
                .anySatisfy(p -> assertThat(p).startsWith("CONNECTION_IDLE_TIMEOUT=\"soon\""))
                .anySatisfy(p -> assertThat(p).startsWith("MESSAGE_READ_TIMEOUT=\"-1s\""));
    }
}

