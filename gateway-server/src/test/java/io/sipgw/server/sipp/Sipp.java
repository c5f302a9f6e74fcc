package io.sipgw.server.sipp;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs SIPp ({@code sipp}, Debian package {@code sip-tester}) as a separate process with one of the scenarios of
 * {@code scripts/sipp/}: every run is one call ({@code -m 1}) with a global timeout, so that it always ends by
 * itself; its error, message and log files go to the test's directory and are printed when it fails.
 */
final class Sipp {

    /** Meta's side binds this loopback address, allowed by {@code META_ALLOWED_CIDRS=127.0.0.2/32}. */
    static final String META_IP = "127.0.0.2";
    /** Twilio's side binds this loopback address, allowed by {@code TWILIO_ALLOWED_CIDRS=127.0.0.3/32}. */
    static final String TWILIO_IP = "127.0.0.3";
    /** An address in neither allow-list. */
    static final String STRANGER_IP = "127.0.0.4";

    /** SIPp's own limit for one scenario run; the JVM waits a little longer before killing it. */
    static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration WAIT_SLACK = Duration.ofSeconds(15);

    /** Set to 1 in CI: a missing sipp is then a failure, not a skipped test. */
    static final String REQUIRE_VARIABLE = "SIPGW_REQUIRE_SIPP";

    private Sipp() {
    }

    /**
     * Skips the calling test class when sipp is missing or the loopback addresses cannot be bound, unless
     * {@value #REQUIRE_VARIABLE}=1, which makes it fail instead (CI must not skip silently).
     */
    static void assumeAvailable() {
        String problem = null;
        if (executable().isEmpty()) {
            problem = "sipp is not installed (Debian/Ubuntu: apt-get install -y sip-tester)";
        } else {
            for (String ip : List.of(META_IP, TWILIO_IP, STRANGER_IP)) {
                try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), 0))) {
                    probe.getLocalPort();
                } catch (IOException e) {
                    problem = "cannot bind " + ip + " (the SIPp tests need 127.0.0.0/8 on loopback, as on Linux): " + e;
                    break;
                }
            }
        }
        if (problem != null) {
            unavailable(problem);
        }
    }

    /** Skips the calling test (class) for {@code problem}, or fails it when {@value #REQUIRE_VARIABLE}=1. */
    static void unavailable(String problem) {
        if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
            fail(problem + ", and " + REQUIRE_VARIABLE + "=1 requires the SIPp end-to-end tests to run");
        }
        Assumptions.abort(problem + "; set " + REQUIRE_VARIABLE + "=1 to make this a failure");
    }

    static Optional<Path> executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "sipp");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code scripts/sipp/} of the checkout, found from the module's directory (failsafe's working directory). */
    static Path scenarioDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("scripts").resolve("sipp");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("scripts/sipp not found above " + Path.of("").toAbsolutePath());
    }

    /** A port free for UDP and TCP on {@code ip} right now. */
    static int freePort(String ip) {
        try {
            InetAddress address = InetAddress.getByName(ip);
            for (int i = 0; i < 50; i++) {
                try (ServerSocket tcp = new ServerSocket(0, 1, address);
                     DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, tcp.getLocalPort()))) {
                    return udp.getLocalPort();
                } catch (IOException taken) {
                    // The UDP side of this port is in use: try another.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no free port on " + ip);
    }

    /** A Call-ID pattern for SIPp's {@code -cid_str} shaped like Meta's, unique per run. */
    static String metaCallIdPattern() {
        return "outgoing:wacid.HBgL" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "%u-%p";
    }

    /** One SIPp process to be: scenario, local address, transport and extra arguments. */
    static Builder scenario(String scenarioFile) {
        return new Builder(scenarioFile);
    }

    static final class Builder {
        private final String scenarioFile;
        private String name;
        private String ip;
        private int port;
        private String transport = "u1";
        private String remote;
        private final List<String> extra = new ArrayList<>();

        private Builder(String scenarioFile) {
            this.scenarioFile = scenarioFile;
            this.name = scenarioFile.replace(".xml", "");
        }

        /** A short name for the files and messages of this run (e.g. "meta", "twilio"). */
        Builder name(String value) {
            this.name = value;
            return this;
        }

        Builder local(String address, int localPort) {
            this.ip = address;
            this.port = localPort;
            return this;
        }

        /** {@code u1} (UDP, one socket) or {@code t1} (TCP, one connection). */
        Builder transport(String mode) {
            this.transport = mode;
            return this;
        }

        Builder tcp() {
            return transport("t1");
        }

        /** The host:port a UAC scenario sends its first request to. */
        Builder remote(String hostAndPort) {
            this.remote = hostAndPort;
            return this;
        }

        Builder args(String... more) {
            extra.addAll(List.of(more));
            return this;
        }

        /** Starts SIPp in {@code workDir} and waits until its socket is bound. */
        Run start(Path workDir) throws IOException, InterruptedException {
            Files.createDirectories(workDir);
            Path scenario = scenarioDirectory().resolve(scenarioFile);
            if (!Files.isRegularFile(scenario)) {
                throw new IllegalArgumentException("no scenario " + scenario);
            }
            Path errors = workDir.resolve(name + "-errors.log");
            Path messages = workDir.resolve(name + "-messages.log");
            Path logs = workDir.resolve(name + "-actions.log");
            Path output = workDir.resolve(name + "-stdout.log");
            List<String> command = new ArrayList<>(List.of(
                    executable().orElseThrow().toString(),
                    "-sf", scenario.toString(),
                    "-i", ip, "-p", Integer.toString(port), "-t", transport,
                    "-m", "1", "-nostdin",
                    "-timeout", SCENARIO_TIMEOUT.toSeconds() + "s", "-timeout_error",
                    "-trace_err", "-error_file", errors.toString(),
                    "-trace_msg", "-message_file", messages.toString(),
                    "-trace_logs", "-log_file", logs.toString()));
            command.addAll(extra);
            if (remote != null) {
                command.add(remote);
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putIfAbsent("TERM", "dumb");
            Process process = builder.start();
            process.getOutputStream().close();
            // SIPp stops by itself (-m 1, -timeout); this covers a test JVM stopped from outside.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-sipp"));
            Run run = new Run(name, command, process, errors, messages, logs, output);
            if (remote == null) {
                // A server (UAS) scenario: the other side may send only once it listens.
                run.awaitBound(ip, port, transport.startsWith("t"));
            }
            return run;
        }
    }

    /** A started SIPp process. */
    static final class Run implements AutoCloseable {
        final String name;
        final List<String> command;
        final Process process;
        private final Path errors;
        private final Path messages;
        private final Path logs;
        private final Path output;

        Run(String name, List<String> command, Process process, Path errors, Path messages, Path logs, Path output) {
            this.name = name;
            this.command = command;
            this.process = process;
            this.errors = errors;
            this.messages = messages;
            this.logs = logs;
            this.output = output;
        }

        /**
         * Waits until SIPp listens on {@code ip:port} (UDP, or TCP LISTEN for a TCP server), reading
         * /proc/net so that the test never binds SIPp's port itself; without /proc it waits a fixed time.
         */
        void awaitBound(String ip, int port, boolean tcpListen) throws IOException, InterruptedException {
            Path table = Path.of(tcpListen ? "/proc/net/tcp" : "/proc/net/udp");
            if (!Files.isReadable(table)) {
                Thread.sleep(1000);
                return;
            }
            byte[] a = InetAddress.getByName(ip).getAddress();
            String local = String.format(Locale.ROOT, "%02X%02X%02X%02X:%04X", a[3], a[2], a[1], a[0], port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                for (String line : Files.readAllLines(table, StandardCharsets.US_ASCII)) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 3 && fields[1].equals(local) && (!tcpListen || fields[3].equals("0A"))) {
                        return;
                    }
                }
                if (!process.isAlive()) {
                    throw new AssertionError(name + ": sipp exited with " + process.exitValue()
                            + " before binding " + ip + ":" + port + "\n" + report());
                }
                Thread.sleep(20);
            }
            throw new AssertionError(name + ": sipp did not bind " + ip + ":" + port + " within 10 s\n" + report());
        }

        /** Waits for the end of the scenario; the exit status (0: every call succeeded). */
        int await() throws InterruptedException {
            if (!process.waitFor(SCENARIO_TIMEOUT.plus(WAIT_SLACK).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return -1000;
            }
            return process.exitValue();
        }

        /** The text of SIPp's message trace (every message sent and received). */
        String messages() {
            return read(messages);
        }

        /** The command, its output, its error log, its action log and its message trace. */
        String report() {
            return "---- " + name + ": " + String.join(" ", command) + "\n"
                    + "---- " + name + " stdout/stderr (last part):\n" + tail(read(output), 4000) + "\n"
                    + "---- " + name + " error log:\n" + read(errors) + "\n"
                    + "---- " + name + " <log> actions:\n" + read(logs) + "\n"
                    + "---- " + name + " messages:\n" + tail(read(messages), 20000) + "\n";
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }

        private static String read(Path file) {
            try {
                return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "(none)";
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }

    /** Deletes {@code dir} and everything in it (the logs and certificates of a test class), quietly. */
    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Leftovers in the temporary directory are harmless.
        }
    }

    static String tail(String text, int max) {
        return text.length() <= max ? text : "..." + text.substring(text.length() - max);
    }
}
