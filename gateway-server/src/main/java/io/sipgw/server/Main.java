package io.sipgw.server;

import io.sipgw.server.config.ConfigException;
import io.sipgw.server.config.ConfigLoader;
import io.sipgw.server.config.GatewayConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the runnable gateway: {@code java -jar gateway-server.jar}. */
public final class Main {

    /** Exit status when the configuration is invalid (a restart will not help; systemd is told not to retry). */
    static final int EXIT_CONFIG = 2;
    /** Exit status when a port cannot be bound. */
    static final int EXIT_START = 1;

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(System.getenv(), Path.of(".env"), System.err);
        if (status != 0) {
            System.exit(status);
        }
        // Otherwise the event-loop threads keep the process alive until SIGTERM runs the shutdown hook.
    }

    /**
     * Loads the configuration, starts the gateway and installs the SIGTERM hook.
     *
     * @return 0 when the gateway is running, otherwise the exit status
     */
    static int run(Map<String, String> environment, Path dotEnvPath, PrintStream err) {
        GatewayConfig config;
        try {
            config = ConfigLoader.forProcess(environment, dotEnvPath).load();
        } catch (ConfigException e) {
            // Printed, not logged: logging is configured from these very settings.
            err.println("sipgw " + version() + ": " + e.getMessage());
            return EXIT_CONFIG;
        }
        LogSettings.apply(config);
        Logger log = LoggerFactory.getLogger(Main.class);
        log.info("sipgw gateway-server {} starting with{}{}", version(), System.lineSeparator(), config.summary());

        GatewayMetrics metrics = new GatewayMetrics();
        GatewayServer server = new GatewayServer(config, metrics, new Readiness(),
                new SipListeners(config, new MetricsTrafficListener(metrics), metrics.callEvents()));
        InetSocketAddress admin;
        try {
            admin = server.start();
        } catch (IOException e) {
            log.error("cannot start: {}", e.getMessage());
            metrics.close();
            return EXIT_START;
        } catch (RuntimeException | LinkageError e) {
            // A bug or a broken installation (a class missing from the jar): exit rather than leave the threads
            // that did start keeping a half-started gateway alive.
            log.error("cannot start", e);
            metrics.close();
            return EXIT_START;
        }
        log.info("admin HTTP on {}:{} (/healthz, /readyz, /metrics)", admin.getAddress().getHostAddress(),
                admin.getPort());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(server, log), "sipgw-shutdown"));
        return 0;
    }

    /** SIGTERM: drain, stop, and exit 0, since a drained stop is a clean one (the JVM would report 143). */
    private static void shutDown(GatewayServer server, Logger log) {
        server.drain();
        server.stop();
        log.info("stopped");
        Runtime.getRuntime().halt(0);
    }

    private static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }
}
