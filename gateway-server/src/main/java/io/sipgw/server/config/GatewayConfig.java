package io.sipgw.server.config;

import io.sipgw.sdp.SecureMedia;

import io.sipgw.transport.CidrAllowList;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** The gateway's settings, read once at start-up by {@link ConfigLoader}; immutable, and never prints a secret. */
public final class GatewayConfig {

    public static final String PORT = "PORT";
    public static final String TLS_PORT = "TLS_PORT";
    public static final String USE_TLS = "USE_TLS";
    public static final String TLS_CERT_PATH = "TLS_CERT_PATH";
    public static final String TLS_KEY_PATH = "TLS_KEY_PATH";
    public static final String BIND_ADDRESS = "BIND_ADDRESS";
    public static final String PUBLIC_HOST = "PUBLIC_HOST";
    public static final String META_SIP_USERNAME = "META_SIP_USERNAME";
    public static final String META_SIP_PASSWORD = "META_SIP_PASSWORD";
    public static final String META_ALLOWED_CIDRS = "META_ALLOWED_CIDRS";
    public static final String META_INBOUND_AUTH = "META_INBOUND_AUTH";
    public static final String META_BUSINESS_NUMBER = "META_BUSINESS_NUMBER";
    public static final String META_SIP_PROXY = "META_SIP_PROXY";
    public static final String TLS_CA_PATH = "TLS_CA_PATH";
    public static final String TWILIO_SIP_DOMAIN = "TWILIO_SIP_DOMAIN";
    public static final String TWILIO_TRANSPORT = "TWILIO_TRANSPORT";
    public static final String TWILIO_DESTINATION = "TWILIO_DESTINATION";
    public static final String TWILIO_SECURE_MEDIA = "TWILIO_SECURE_MEDIA";
    public static final String TWILIO_SIP_USERNAME = "TWILIO_SIP_USERNAME";
    public static final String TWILIO_SIP_PASSWORD = "TWILIO_SIP_PASSWORD";
    public static final String TWILIO_ALLOWED_CIDRS = "TWILIO_ALLOWED_CIDRS";
    public static final String WEBHOOK_URL = "WEBHOOK_URL";
    public static final String ALLOWED_CODECS = "ALLOWED_CODECS";
    public static final String MAX_CONNECTIONS = "MAX_CONNECTIONS";
    public static final String MAX_CONNECTIONS_PER_SOURCE = "MAX_CONNECTIONS_PER_SOURCE";
    public static final String TLS_HANDSHAKE_TIMEOUT = "TLS_HANDSHAKE_TIMEOUT";
    public static final String CONNECTION_IDLE_TIMEOUT = "CONNECTION_IDLE_TIMEOUT";
    public static final String MESSAGE_READ_TIMEOUT = "MESSAGE_READ_TIMEOUT";
    public static final String ADMIN_PORT = "ADMIN_PORT";
    public static final String LOG_LEVEL = "LOG_LEVEL";
    public static final String LOG_FORMAT = "LOG_FORMAT";
    public static final String SIP_TRACE = "SIP_TRACE";
    public static final String IO_THREADS = "IO_THREADS";
    public static final String UDP_BUFFER_BYTES = "UDP_BUFFER_BYTES";
    public static final String DRAIN_TIMEOUT = "DRAIN_TIMEOUT";
    public static final String RING_TIMEOUT = "RING_TIMEOUT";
    public static final String MAX_CALLS = "MAX_CALLS";
    public static final String MAX_CALL_DURATION = "MAX_CALL_DURATION";
    public static final String MAX_TRANSACTIONS = "MAX_TRANSACTIONS";
    public static final String SOURCE_RATE_LIMIT = "SOURCE_RATE_LIMIT";
    public static final String UNLISTED_RATE_LIMIT = "UNLISTED_RATE_LIMIT";

    /**
     * Meta's published source networks for WhatsApp Business Calling signalling (the same as its webhook
     * ranges), plus Meta's IPv6 allocation, since Meta often reaches us over IPv6.
     */
    public static final String DEFAULT_META_ALLOWED_CIDRS =
            "31.13.64.0/18,57.144.0.0/14,69.171.224.0/19,157.240.0.0/16,173.252.64.0/18,163.70.128.0/17,"
                    + "2a03:2880::/32";

    /**
     * Twilio's regional SIP signalling gateways as published in Twilio's "IP addresses" page for SIP
     * (Virginia, Oregon, Ireland, Frankfurt, Tokyo, Singapore, Sydney, Sao Paulo). Media comes from other
     * ranges and does not pass through the gateway.
     */
    public static final String DEFAULT_TWILIO_ALLOWED_CIDRS =
            "54.172.60.0/30,54.244.51.0/30,54.171.127.192/30,35.156.191.128/30,54.65.63.192/30,"
                    + "54.169.127.128/30,54.252.254.64/30,177.71.206.192/30";

    public static final String DEFAULT_ALLOWED_CODECS = "PCMU,PCMA,telephone-event";

    private final int port;
    private final boolean useTls;
    private final OptionalInt tlsPortSetting;
    private final Optional<Path> tlsCertPath;
    private final Optional<Path> tlsKeyPath;
    private final Optional<InetAddress> bindAddress;
    private final HostAndPort publicHost;
    private final Optional<SipCredentials> metaCredentials;
    private final CidrAllowList metaAllowedCidrs;
    private final boolean metaInboundAuth;
    private final Optional<String> metaBusinessNumber;
    private final Optional<HostAndPort> metaSipProxy;
    private final Optional<Path> tlsCaPath;
    private final HostAndPort twilioSipDomain;
    private final SipTransport twilioTransport;
    private final SecureMedia twilioSecureMedia;
    private final Optional<String> twilioDestination;
    private final Optional<SipCredentials> twilioCredentials;
    private final CidrAllowList twilioAllowedCidrs;
    private final Optional<String> webhookUrl;
    private final List<String> allowedCodecs;
    private final int maxConnections;
    private final int maxConnectionsPerSource;
    private final Duration tlsHandshakeTimeout;
    private final Duration connectionIdleTimeout;
    private final Duration messageReadTimeout;
    private final int adminPort;
    private final String logLevel;
    private final LogFormat logFormat;
    private final boolean sipTrace;
    private final int ioThreads;
    private final int udpBufferBytes;
    private final Duration drainTimeout;
    private final Duration ringTimeout;
    private final int maxCalls;
    private final Duration maxCallDuration;
    private final int maxTransactions;
    private final int sourceRateLimit;
    private final int unlistedRateLimit;

    private GatewayConfig(Builder b) {
        this.port = b.port;
        this.useTls = b.useTls;
        this.tlsPortSetting = Objects.requireNonNull(b.tlsPortSetting);
        this.tlsCertPath = Objects.requireNonNull(b.tlsCertPath);
        this.tlsKeyPath = Objects.requireNonNull(b.tlsKeyPath);
        this.bindAddress = Objects.requireNonNull(b.bindAddress);
        this.publicHost = Objects.requireNonNull(b.publicHost);
        this.metaCredentials = Objects.requireNonNull(b.metaCredentials);
        this.metaAllowedCidrs = Objects.requireNonNull(b.metaAllowedCidrs);
        this.metaInboundAuth = b.metaInboundAuth;
        this.metaBusinessNumber = Objects.requireNonNull(b.metaBusinessNumber);
        this.metaSipProxy = Objects.requireNonNull(b.metaSipProxy);
        this.tlsCaPath = Objects.requireNonNull(b.tlsCaPath);
        this.twilioSipDomain = Objects.requireNonNull(b.twilioSipDomain);
        this.twilioTransport = Objects.requireNonNull(b.twilioTransport);
        this.twilioSecureMedia = Objects.requireNonNull(b.twilioSecureMedia);
        this.twilioDestination = Objects.requireNonNull(b.twilioDestination);
        this.twilioCredentials = Objects.requireNonNull(b.twilioCredentials);
        this.twilioAllowedCidrs = Objects.requireNonNull(b.twilioAllowedCidrs);
        this.webhookUrl = Objects.requireNonNull(b.webhookUrl);
        this.allowedCodecs = List.copyOf(b.allowedCodecs);
        this.maxConnections = b.maxConnections;
        this.maxConnectionsPerSource = b.maxConnectionsPerSource;
        this.tlsHandshakeTimeout = Objects.requireNonNull(b.tlsHandshakeTimeout);
        this.connectionIdleTimeout = Objects.requireNonNull(b.connectionIdleTimeout);
        this.messageReadTimeout = Objects.requireNonNull(b.messageReadTimeout);
        this.adminPort = b.adminPort;
        this.logLevel = Objects.requireNonNull(b.logLevel);
        this.logFormat = Objects.requireNonNull(b.logFormat);
        this.sipTrace = b.sipTrace;
        this.ioThreads = b.ioThreads;
        this.udpBufferBytes = b.udpBufferBytes;
        this.drainTimeout = Objects.requireNonNull(b.drainTimeout);
        this.ringTimeout = Objects.requireNonNull(b.ringTimeout);
        this.maxCalls = b.maxCalls;
        this.maxCallDuration = Objects.requireNonNull(b.maxCallDuration);
        this.maxTransactions = b.maxTransactions;
        this.sourceRateLimit = b.sourceRateLimit;
        this.unlistedRateLimit = b.unlistedRateLimit;
    }

    /** {@code PORT}: UDP always listens here, TCP too unless TLS has taken the port (see {@link #tlsPort()}). */
    public int port() {
        return port;
    }

    /** {@code USE_TLS}: whether a TLS listener is started. */
    public boolean useTls() {
        return useTls;
    }

    /**
     * Where TLS listens: {@code TLS_PORT} when set, otherwise {@code PORT} (the seed's one-port mode, as behind
     * Railway's TCP proxy); empty when TLS is off.
     */
    public OptionalInt tlsPort() {
        if (!useTls) {
            return OptionalInt.empty();
        }
        return tlsPortSetting.isPresent() ? tlsPortSetting : OptionalInt.of(port);
    }

    /** Whether plain TCP listens on {@code PORT}: not when TLS uses that port. */
    public boolean tcpEnabled() {
        return !useTls || tlsPort().getAsInt() != port;
    }

    /** {@code TLS_CERT_PATH}: an existing readable PEM chain; present whenever TLS is on. */
    public Optional<Path> tlsCertPath() {
        return tlsCertPath;
    }

    /** {@code TLS_KEY_PATH}: an existing readable PEM key (PKCS#8 or PKCS#1); present whenever TLS is on. */
    public Optional<Path> tlsKeyPath() {
        return tlsKeyPath;
    }

    /** {@code BIND_ADDRESS}: the local address to listen on; empty means every interface, IPv4 and IPv6. */
    public Optional<InetAddress> bindAddress() {
        return bindAddress;
    }

    /**
     * {@code PUBLIC_HOST}: the name peers reach us at, for Contact, Record-Route and From; its port, when given,
     * is the one a proxy in front of us exposes.
     */
    public HostAndPort publicHost() {
        return publicHost;
    }

    /** {@code META_SIP_USERNAME}/{@code META_SIP_PASSWORD}: digest credentials shared with Meta, if set. */
    public Optional<SipCredentials> metaCredentials() {
        return metaCredentials;
    }

    /** {@code META_ALLOWED_CIDRS}: networks Meta's SIP traffic may come from. */
    public CidrAllowList metaAllowedCidrs() {
        return metaAllowedCidrs;
    }

    /**
     * Whether Meta's INVITEs must answer a 407 digest challenge first: {@code META_INBOUND_AUTH} (default true)
     * and Meta's credentials are set.
     */
    public boolean metaInboundAuth() {
        return metaInboundAuth && metaCredentials.isPresent();
    }

    /** {@code META_BUSINESS_NUMBER}: the business number in E.164 with {@code +}, for business-initiated calls. */
    public Optional<String> metaBusinessNumber() {
        return metaBusinessNumber;
    }

    /**
     * {@code META_SIP_PROXY}: where the TLS connection of business-initiated calls goes instead of resolving
     * {@code wa.meta.vc}; the certificate is still checked for {@code wa.meta.vc}.
     */
    public Optional<HostAndPort> metaSipProxy() {
        return metaSipProxy;
    }

    /** {@code TLS_CA_PATH}: PEM certificates trusted for outbound TLS besides the JDK's trust store. */
    public Optional<Path> tlsCaPath() {
        return tlsCaPath;
    }

    /** {@code TWILIO_SIP_DOMAIN}: the Twilio SIP Domain host, with a port only when one was given. */
    public HostAndPort twilioSipDomain() {
        return twilioSipDomain;
    }

    /**
     * {@code TWILIO_SECURE_MEDIA}: what the Twilio SIP Domain's Secure Media switch requires of offers
     * ({@code any}: both plain RTP and SDES-SRTP pass; {@code on}: SRTP only; {@code off}: plain RTP only).
     */
    public SecureMedia twilioSecureMedia() {
        return twilioSecureMedia;
    }

    /** {@code TWILIO_TRANSPORT}: the transport towards Twilio. */
    public SipTransport twilioTransport() {
        return twilioTransport;
    }

    /** {@code TWILIO_DESTINATION}: the user part dialled at Twilio; empty keeps the number Meta called. */
    public Optional<String> twilioDestination() {
        return twilioDestination;
    }

    /** {@code TWILIO_SIP_USERNAME}/{@code TWILIO_SIP_PASSWORD}: answers to Twilio's 401/407, if set. */
    public Optional<SipCredentials> twilioCredentials() {
        return twilioCredentials;
    }

    /** {@code TWILIO_ALLOWED_CIDRS}: networks Twilio's SIP traffic may come from. */
    public CidrAllowList twilioAllowedCidrs() {
        return twilioAllowedCidrs;
    }

    /** {@code WEBHOOK_URL}: kept for the operator's reference only; the gateway never calls it. */
    public Optional<String> webhookUrl() {
        return webhookUrl;
    }

    /** {@code ALLOWED_CODECS}: SDP encoding names kept in offers, in order of preference. */
    public List<String> allowedCodecs() {
        return allowedCodecs;
    }

    /** {@code MAX_CONNECTIONS}: inbound TCP and TLS connections open at once, beyond which new ones are closed. */
    public int maxConnections() {
        return maxConnections;
    }

    /** {@code MAX_CONNECTIONS_PER_SOURCE}: inbound TCP and TLS connections open at once from one IP address. */
    public int maxConnectionsPerSource() {
        return maxConnectionsPerSource;
    }

    /** {@code TLS_HANDSHAKE_TIMEOUT}: how long an inbound TLS handshake may take; zero means no limit. */
    public Duration tlsHandshakeTimeout() {
        return tlsHandshakeTimeout;
    }

    /** {@code CONNECTION_IDLE_TIMEOUT}: how long an inbound connection may be silent both ways; zero: forever. */
    public Duration connectionIdleTimeout() {
        return connectionIdleTimeout;
    }

    /** {@code MESSAGE_READ_TIMEOUT}: how long a SIP message may take to arrive once begun; zero means no limit. */
    public Duration messageReadTimeout() {
        return messageReadTimeout;
    }

    /** {@code ADMIN_PORT}: the health and metrics HTTP port; 0 picks a free one. */
    public int adminPort() {
        return adminPort;
    }

    /** {@code LOG_LEVEL}: one of TRACE, DEBUG, INFO, WARN, ERROR, OFF. */
    public String logLevel() {
        return logLevel;
    }

    /** {@code LOG_FORMAT}. */
    public LogFormat logFormat() {
        return logFormat;
    }

    /** {@code SIP_TRACE}: whether the {@code sip.trace} logger prints whole messages (masked). */
    public boolean sipTrace() {
        return sipTrace;
    }

    /** {@code IO_THREADS}: event-loop threads for SIP traffic. */
    public int ioThreads() {
        return ioThreads;
    }

    /** {@code UDP_BUFFER_BYTES}: SO_RCVBUF and SO_SNDBUF asked for on UDP sockets. */
    public int udpBufferBytes() {
        return udpBufferBytes;
    }

    /** {@code RING_TIMEOUT}: how long a call may wait for Twilio's final answer before 408 and CANCEL. */
    public Duration ringTimeout() {
        return ringTimeout;
    }

    /** {@code MAX_CALLS}: calls at once; a new INVITE beyond gets 503 with Retry-After. */
    public int maxCalls() {
        return maxCalls;
    }

    /** {@code MAX_CALL_DURATION}: how long an answered call may last before the gateway hangs up both legs. */
    public Duration maxCallDuration() {
        return maxCallDuration;
    }

    /** {@code MAX_TRANSACTIONS}: transactions at once; new calls beyond get 503 with Retry-After. */
    public int maxTransactions() {
        return maxTransactions;
    }

    /** {@code SOURCE_RATE_LIMIT}: requests without To tag per second per source address; 0 for no limit. */
    public int sourceRateLimit() {
        return sourceRateLimit;
    }

    /**
     * {@code UNLISTED_RATE_LIMIT}: UDP datagrams per second per address outside both allow-lists, checked before
     * they are parsed; 0 for no limit.
     */
    public int unlistedRateLimit() {
        return unlistedRateLimit;
    }

    /** {@code DRAIN_TIMEOUT}: how long calls may continue after SIGTERM before the process exits. */
    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** One {@code NAME=value} line per variable, secrets as {@code ****}, then where each listener goes. */
    public List<String> summaryLines() {
        List<String> lines = new ArrayList<>();
        lines.add(PORT + "=" + port);
        lines.add(USE_TLS + "=" + useTls);
        lines.add(TLS_PORT + "=" + (tlsPortSetting.isPresent() ? tlsPortSetting.getAsInt() + "" : "(not set)"));
        lines.add(TLS_CERT_PATH + "=" + tlsCertPath.map(Path::toString).orElse("(not set)"));
        lines.add(TLS_KEY_PATH + "=" + tlsKeyPath.map(Path::toString).orElse("(not set)"));
        lines.add(BIND_ADDRESS + "=" + bindAddress.map(InetAddress::getHostAddress).orElse("(all interfaces)"));
        lines.add(PUBLIC_HOST + "=" + publicHost);
        lines.add(META_SIP_USERNAME + "=" + metaCredentials.map(SipCredentials::username).orElse("(not set)"));
        lines.add(META_SIP_PASSWORD + "=" + (metaCredentials.isPresent() ? "****" : "(not set)"));
        lines.add(META_ALLOWED_CIDRS + "=" + metaAllowedCidrs);
        lines.add(META_INBOUND_AUTH + "=" + metaInboundAuth
                + (metaInboundAuth() ? "" : " (Meta's INVITEs are not challenged: no META_SIP_PASSWORD or disabled)"));
        lines.add(META_BUSINESS_NUMBER + "=" + metaBusinessNumber.orElse("(not set: the From user Twilio sends)"));
        lines.add(META_SIP_PROXY + "=" + metaSipProxy.map(HostAndPort::toString).orElse("(not set: wa.meta.vc by DNS)"));
        lines.add(TLS_CA_PATH + "=" + tlsCaPath.map(Path::toString).orElse("(not set: the JDK's trust store only)"));
        lines.add(TWILIO_SIP_DOMAIN + "=" + twilioSipDomain);
        lines.add(TWILIO_TRANSPORT + "=" + twilioTransport.configName());
        lines.add(TWILIO_SECURE_MEDIA + "=" + secureMediaName(twilioSecureMedia));
        lines.add(TWILIO_DESTINATION + "=" + twilioDestination.orElse("(not set: the number Meta called)"));
        lines.add(TWILIO_SIP_USERNAME + "=" + twilioCredentials.map(SipCredentials::username).orElse("(not set)"));
        lines.add(TWILIO_SIP_PASSWORD + "=" + (twilioCredentials.isPresent() ? "****" : "(not set)"));
        lines.add(TWILIO_ALLOWED_CIDRS + "=" + twilioAllowedCidrs);
        lines.add(WEBHOOK_URL + "=" + webhookUrl.map(GatewayConfig::maskUrl).orElse("(not set)") + " (unused)");
        lines.add(ALLOWED_CODECS + "=" + String.join(",", allowedCodecs));
        lines.add(MAX_CONNECTIONS + "=" + maxConnections);
        lines.add(MAX_CONNECTIONS_PER_SOURCE + "=" + maxConnectionsPerSource);
        lines.add(TLS_HANDSHAKE_TIMEOUT + "=" + tlsHandshakeTimeout.toMillis() + "ms");
        lines.add(CONNECTION_IDLE_TIMEOUT + "=" + connectionIdleTimeout.toMillis() + "ms");
        lines.add(MESSAGE_READ_TIMEOUT + "=" + messageReadTimeout.toMillis() + "ms");
        lines.add(ADMIN_PORT + "=" + adminPort);
        lines.add(LOG_LEVEL + "=" + logLevel);
        lines.add(LOG_FORMAT + "=" + logFormat.configName());
        lines.add(SIP_TRACE + "=" + sipTrace);
        lines.add(IO_THREADS + "=" + ioThreads);
        lines.add(UDP_BUFFER_BYTES + "=" + udpBufferBytes);
        lines.add(DRAIN_TIMEOUT + "=" + drainTimeout.toMillis() + "ms");
        lines.add(RING_TIMEOUT + "=" + ringTimeout.toMillis() + "ms");
        lines.add(MAX_CALLS + "=" + maxCalls);
        lines.add(MAX_CALL_DURATION + "=" + maxCallDuration.toMillis() + "ms");
        lines.add(MAX_TRANSACTIONS + "=" + maxTransactions);
        lines.add(SOURCE_RATE_LIMIT + "=" + (sourceRateLimit == 0 ? "0 (no limit)" : sourceRateLimit + "/s"));
        lines.add(UNLISTED_RATE_LIMIT + "=" + (unlistedRateLimit == 0 ? "0 (no limit)" : unlistedRateLimit + "/s"));
        lines.add("listeners: " + listenerSummary());
        return List.copyOf(lines);
    }

    /** The summary as one block of text, for the start-up log line. */
    public String summary() {
        return String.join(System.lineSeparator(), summaryLines());
    }

    @Override
    public String toString() {
        return "GatewayConfig" + summaryLines();
    }

    private String listenerSummary() {
        String host = bindAddress.map(a -> a.getHostAddress().indexOf(':') >= 0
                ? "[" + a.getHostAddress() + "]" : a.getHostAddress()).orElse("*");
        StringBuilder out = new StringBuilder();
        out.append("udp ").append(host).append(':').append(port);
        if (tcpEnabled()) {
            out.append(", tcp ").append(host).append(':').append(port);
        }
        if (useTls) {
            out.append(", tls ").append(host).append(':').append(tlsPort().getAsInt());
        }
        out.append(", admin http ").append(host).append(':').append(adminPort == 0 ? "(free port)" : adminPort);
        return out.toString();
    }

    /** The configuration word for a Secure Media rule. */
    static String secureMediaName(SecureMedia rule) {
        switch (rule) {
            case REQUIRED:
                return "on";
            case OFF:
                return "off";
            default:
                return "any";
        }
    }

    /** Scheme and host only: webhook paths and queries often carry tokens (n8n, Zapier). */
    private static String maskUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() != null && uri.getHost() != null) {
                String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
                return uri.getScheme() + "://" + uri.getHost() + port + "/****";
            }
        } catch (URISyntaxException ignored) {
            // Falls through to the fully hidden form.
        }
        return "****";
    }

    /** Collects validated values; only {@link ConfigLoader} fills one in. */
    static final class Builder {
        int port;
        boolean useTls;
        OptionalInt tlsPortSetting = OptionalInt.empty();
        Optional<Path> tlsCertPath = Optional.empty();
        Optional<Path> tlsKeyPath = Optional.empty();
        Optional<InetAddress> bindAddress = Optional.empty();
        HostAndPort publicHost;
        Optional<SipCredentials> metaCredentials = Optional.empty();
        CidrAllowList metaAllowedCidrs;
        boolean metaInboundAuth = true;
        Optional<String> metaBusinessNumber = Optional.empty();
        Optional<HostAndPort> metaSipProxy = Optional.empty();
        Optional<Path> tlsCaPath = Optional.empty();
        HostAndPort twilioSipDomain;
        SipTransport twilioTransport;
        SecureMedia twilioSecureMedia = SecureMedia.ANY;
        Optional<String> twilioDestination = Optional.empty();
        Optional<SipCredentials> twilioCredentials = Optional.empty();
        CidrAllowList twilioAllowedCidrs;
        Optional<String> webhookUrl = Optional.empty();
        List<String> allowedCodecs;
        int maxConnections;
        int maxConnectionsPerSource;
        Duration tlsHandshakeTimeout;
        Duration connectionIdleTimeout;
        Duration messageReadTimeout;
        int adminPort;
        String logLevel;
        LogFormat logFormat;
        boolean sipTrace;
        int ioThreads;
        int udpBufferBytes;
        Duration drainTimeout;
        Duration ringTimeout;
        int maxCalls;
        Duration maxCallDuration;
        int maxTransactions;
        int sourceRateLimit;
        int unlistedRateLimit;

        GatewayConfig build() {
            return new GatewayConfig(this);
        }
    }
}
