package io.sipgw.server;

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

/**
 * The packaged jar run as an operator runs it, {@code java -jar gateway-server.jar} with exactly the given
 * environment, in an empty working directory (no {@code .env} of the checkout), output in {@code gateway.log}.
 */
final class GatewayProcess implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path workDir;
    private final Process process;

    GatewayProcess(Path workDir, Map<String, String> environment) throws IOException {
        this.workDir = workDir;
        Path jar = Path.of(System.getProperty("sipgw.jar", "target/gateway-server.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("the shaded jar is built in the package phase: " + jar + " is missing");
        }
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-Dio.netty.leakDetection.level=paranoid",
                "-jar", jar.toAbsolutePath().toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("gateway.log").toFile());
        // Only what the test sets: no PORT or USE_TLS inherited from the shell that runs the build.
        builder.environment().clear();
        builder.environment().putAll(environment);
        this.process = builder.start();
    }

    Process process() {
        return process;
    }

    /** Everything the gateway printed so far. */
    String output() throws IOException {
        return Files.readString(workDir.resolve("gateway.log"), StandardCharsets.UTF_8);
    }

    /** The status of {@code /readyz}, or -1 while the admin server does not answer. */
    int readyz(int adminPort) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest readyz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/readyz"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            return http.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListening) {
            return -1;
        }
    }

    /** Polls /readyz until it answers {@code status}; fails early when the process exits. */
    void awaitReadyz(int adminPort, int status) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway exited with " + process.exitValue() + ":\n" + output());
            }
            if (readyz(adminPort) == status) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("/readyz did not answer " + status + " within " + START_TIMEOUT + ":\n" + output());
    }

    /** Sends SIGTERM. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the exit; its code, or fails when it does not come within {@link #STOP_TIMEOUT}. */
    int awaitExit() throws Exception {
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the gateway did not stop within " + STOP_TIMEOUT + ":\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
}
