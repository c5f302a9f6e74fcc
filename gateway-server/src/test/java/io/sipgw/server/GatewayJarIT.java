package io.sipgw.server;

import static io.sipgw.testing.TestRequests.options;
import static io.sipgw.testing.TestRequests.via;
import static org.assertj.core.api.Assertions.assertThat;

import io.sipgw.testing.FreePorts;
import io.sipgw.testing.UdpSipClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as an operator runs it: {@code java -jar gateway-server.jar} with a minimal environment
 * starts, reports ready, answers OPTIONS over UDP and exits 0 on SIGTERM; a broken environment stops it at once.
 */
class GatewayJarIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path workDir;

    private Process start(Map<String, String> environment) throws IOException {
        Path jar = Path.of(System.getProperty("sipgw.jar", "target/gateway-server.jar"));
        assertThat(jar).as("the shaded jar, built in the package phase").isRegularFile();
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-Dio.netty.leakDetection.level=paranoid",
                "-jar", jar.toAbsolutePath().toString())
                // An empty working directory: no .env file from the developer's checkout is read.
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("gateway.log").toFile());
        // Only what the test sets: no PORT or USE_TLS inherited from the shell that runs the build.
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }

    private String output() throws IOException {
        return Files.readString(workDir.resolve("gateway.log"), StandardCharsets.UTF_8);
    }

    @Test
    void startsAnswersOptionsOverUdpAndExitsZeroOnSigterm() throws Exception {
        int sipPort = FreePorts.tcpAndUdp();
        int adminPort = FreePorts.tcp();
        Process gateway = start(Map.of(
                "PUBLIC_HOST", "gw.example.com",
                "TWILIO_SIP_DOMAIN", "acme.sip.twilio.com",
                "PORT", Integer.toString(sipPort),
                "ADMIN_PORT", Integer.toString(adminPort),
                "BIND_ADDRESS", "127.0.0.1",
                "IO_THREADS", "1",
                "UDP_BUFFER_BYTES", "262144"));
        try {
            awaitReady(gateway, adminPort);

            try (UdpSipClient client = new UdpSipClient()) {
                String answer = client.exchange(
                        options(via("UDP", "127.0.0.1:" + client.port(), "it1", ";rport"), "it1"), sipPort);
                assertThat(answer).startsWith("SIP/2.0 200 OK\r\n")
                        .contains("\r\nAllow: INVITE, ACK, BYE, CANCEL, OPTIONS\r\n");
            }

            gateway.destroy(); // SIGTERM
            assertThat(gateway.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("stopped in time").isTrue();
            assertThat(gateway.exitValue()).as(output()).isZero();
            assertThat(output())
                    .contains("SIP over UDP on 127.0.0.1:" + sipPort)
                    .contains("SIP over TCP on 127.0.0.1:" + sipPort)
                    .contains("draining")
                    .contains("stopped")
                    .doesNotContain("LEAK:");
        } finally {
            gateway.destroyForcibly();
            gateway.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void aBrokenEnvironmentExitsNonZeroNamingTheProblem() throws Exception {
        Process gateway = start(Map.of("PORT", "not-a-port", "TWILIO_SIP_DOMAIN", "acme.sip.twilio.com"));
        try {
            assertThat(gateway.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exited in time").isTrue();
            assertThat(gateway.exitValue()).isEqualTo(Main.EXIT_CONFIG);
            assertThat(output()).contains("PORT=\"not-a-port\"").contains("PUBLIC_HOST is missing");
        } finally {
            gateway.destroyForcibly();
            gateway.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Polls /readyz until it answers 200; fails early when the process exits. */
    private void awaitReady(Process gateway, int adminPort) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest readyz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/readyz"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                throw new AssertionError("the gateway exited with " + gateway.exitValue() + ":\n" + output());
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
