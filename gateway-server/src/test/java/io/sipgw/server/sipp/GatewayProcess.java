package io.sipgw.server.sipp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipgw.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway as an operator runs it ({@code java -jar gateway-server.jar}, configured by environment
 * variables only), bound to 127.0.0.1 with {@code USE_TLS=false}, Meta allowed from {@value Sipp#META_IP} and
 * Twilio from {@value Sipp#TWILIO_IP}; started the way {@code GatewayJarIT} does it.
 */
final class GatewayProcess implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    final int sipPort;
    final int adminPort;
    private final Path log;
    private final Process process;

    private GatewayProcess(int sipPort, int adminPort, Path log, Process process) {
        this.sipPort = sipPort;
        this.adminPort = adminPort;
        this.log = log;
        this.process = process;
    }

    /** The environment every SIPp test starts from; {@code overrides} adds or replaces variables. */
    static Map<String, String> environment(int sipPort, int adminPort, String twilioDomain,
                                           Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("PUBLIC_HOST", HOST + ":" + sipPort);
        env.put("PORT", Integer.toString(sipPort));
        env.put("BIND_ADDRESS", HOST);
        env.put("USE_TLS", "false");
        env.put("ADMIN_PORT", Integer.toString(adminPort));
        env.put("TWILIO_SIP_DOMAIN", twilioDomain);
        env.put("TWILIO_TRANSPORT", "udp");
        env.put("META_ALLOWED_CIDRS", Sipp.META_IP + "/32");
        env.put("TWILIO_ALLOWED_CIDRS", Sipp.TWILIO_IP + "/32");
        env.put("IO_THREADS", "1");
        env.put("UDP_BUFFER_BYTES", "262144");
        env.put("SIP_TRACE", "true");
        // A stop after the last test must not wait the default 30 s for a call a failed scenario left behind.
        env.put("DRAIN_TIMEOUT", "3s");
        env.putAll(overrides);
        return env;
    }

    /** Starts the jar in {@code workDir} (no .env there) and waits for /readyz. */
    static GatewayProcess start(Path workDir, String twilioDomain, Map<String, String> overrides)
            throws IOException, InterruptedException {
        int sipPort = FreePorts.tcpAndUdp();
        int adminPort = FreePorts.tcp();
        Path jar = Path.of(System.getProperty("sipgw.jar", "target/gateway-server.jar"));
        assertThat(jar).as("the shaded jar, built in the package phase").isRegularFile();
        Path log = workDir.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dio.netty.leakDetection.level=paranoid",
                "-jar", jar.toAbsolutePath().toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(sipPort, adminPort, twilioDomain, overrides));
        Process process = builder.start();
        // Also when the test JVM is stopped from outside (failsafe's timeout, Ctrl-C): no gateway is left running.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-gateway"));
        GatewayProcess gateway = new GatewayProcess(sipPort, adminPort, log, process);
        try {
            gateway.awaitReady();
        } catch (AssertionError | RuntimeException | InterruptedException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    /** host:port of the SIP listener, for SIPp's remote argument. */
    String sipAddress() {
        return HOST + ":" + sipPort;
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(gateway log unreadable: " + e + ")";
        }
    }

    /** Stops with SIGTERM and checks a clean exit without buffer leaks; kills it if it does not stop. */
    void stopAndCheck() throws InterruptedException {
        process.destroy();
        boolean stopped = process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(stopped).as("the gateway stopped within %s of SIGTERM", STOP_TIMEOUT).isTrue();
        assertThat(process.exitValue()).as("exit status after SIGTERM\n%s", Sipp.tail(output(), 20000)).isZero();
        assertThat(output()).as("Netty buffer leaks").doesNotContain("LEAK:");
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest readyz = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + adminPort + "/readyz"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                if (http.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // The admin server is not up yet.
            }
            Thread.sleep(200);
        }
        throw new AssertionError("/readyz did not answer 200 within " + START_TIMEOUT + ":\n" + output());
    }
}
