package io.sipgw.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipgw.server.config.ConfigLoader;
import io.sipgw.server.config.GatewayConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GatewayServerTest {

    private final GatewayMetrics metrics = new GatewayMetrics();
    private final Readiness readiness = new Readiness();
    private final FakeSip sip = new FakeSip();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private GatewayServer server;

    private static GatewayConfig config(String drainTimeout) {
        return ConfigLoader.fromMap(Map.of(
                "PUBLIC_HOST", "gw.example.com",
                "TWILIO_SIP_DOMAIN", "acme.sip.twilio.com",
                "BIND_ADDRESS", "127.0.0.1",
                "ADMIN_PORT", "0",
                "DRAIN_TIMEOUT", drainTimeout)).load();
    }

    @AfterEach
    void cleanUp() {
        if (server != null) {
            server.stop();
        }
        executor.shutdownNow();
        metrics.close();
    }

    private int readyz() throws Exception {
        InetSocketAddress admin = server.adminAddress();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.getPort() + "/readyz"))
                .timeout(Duration.ofSeconds(5)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void startsAdminThenSipThenReportsReady() throws Exception {
        server = new GatewayServer(config("1s"), metrics, readiness, sip);

        InetSocketAddress admin = server.start();

        assertThat(admin.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(sip.started).isTrue();
        assertThat(readiness.isReady()).isTrue();
        assertThat(readyz()).isEqualTo(200);
    }

    @Test
    void drainTurnsReadinessOffAtOnceAndWaitsForCallsToEnd() throws Exception {
        server = new GatewayServer(config("10s"), metrics, readiness, sip);
        server.start();

        Future<Boolean> drained = executor.submit(server::drain);
        sip.drainRequested.get(5, TimeUnit.SECONDS);

        assertThat(readyz()).isEqualTo(503);
        assertThat(drained.isDone()).isFalse();
        sip.callsEnded.complete(null);
        assertThat(drained.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void drainGivesUpAfterTheTimeout() throws Exception {
        server = new GatewayServer(config("200ms"), metrics, readiness, sip);
        server.start();
        long start = System.nanoTime();

        boolean drained = server.drain();

        assertThat(drained).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
        assertThat(readiness.isDraining()).isTrue();
    }

    @Test
    void stopStopsSipAndAdminAndMayBeRepeated() throws Exception {
        server = new GatewayServer(config("1s"), metrics, readiness, sip);
        server.start();

        server.stop();
        server.stop();

        assertThat(sip.stopped).isTrue();
        assertThat(server.adminAddress()).isNull();
        assertThat(readiness.isReady()).isFalse();
    }

    @Test
    void failingSipStartClosesTheAdminServer() {
        sip.failStart = true;
        server = new GatewayServer(config("1s"), metrics, readiness, sip);

        assertThatThrownBy(server::start).isInstanceOf(IOException.class).hasMessage("port taken");
        assertThat(server.adminAddress()).isNull();
        assertThat(readiness.isReady()).isFalse();
    }

    @Test
    void activeCallsAreExportedAsAGauge() throws Exception {
        server = new GatewayServer(config("1s"), metrics, readiness, sip);
        sip.active = 4;

        assertThat(metrics.scrape()).contains("sipgw_calls_active 4.0");
    }

    /** A SIP side whose calls end when the test says so. */
    private static final class FakeSip implements SipService {
        final CompletableFuture<Void> drainRequested = new CompletableFuture<>();
        final CompletableFuture<Void> callsEnded = new CompletableFuture<>();
        volatile boolean started;
        volatile boolean stopped;
        volatile boolean failStart;
        volatile int active;

        @Override
        public void start() throws IOException {
            if (failStart) {
                throw new IOException("port taken");
            }
            started = true;
        }

        @Override
        public CompletionStage<Void> drain() {
            drainRequested.complete(null);
            return callsEnded;
        }

        @Override
        public int activeCalls() {
            return active;
        }

        @Override
        public void stop() {
            stopped = true;
        }
    }
}
