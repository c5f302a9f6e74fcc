package io.sipgw.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipgw.server.GatewayMetrics;
import io.sipgw.server.Readiness;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {

    private final Readiness readiness = new Readiness();
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private AdminServer server;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        server = new AdminServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), readiness, metrics);
        address = server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bindsAnEphemeralPortOnLoopback() {
        assertThat(address.getAddress().isLoopbackAddress()).isTrue();
        assertThat(address.getPort()).isPositive();
        assertThat(server.localAddress()).isEqualTo(address);
    }

    @Test
    void healthzIsOkWhileAlive() throws Exception {
        HttpResponse<String> response = send("GET", "/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void readyzFollowsReadiness() throws Exception {
        assertThat(send("GET", "/readyz").statusCode()).isEqualTo(503);
        assertThat(send("GET", "/readyz").body()).isEqualTo("starting\n");

        readiness.markListenersBound();
        assertThat(send("GET", "/readyz?verbose=1").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/readyz").body()).isEqualTo("ready\n");

        readiness.markDraining();
        HttpResponse<String> draining = send("GET", "/readyz");
        assertThat(draining.statusCode()).isEqualTo(503);
        assertThat(draining.body()).isEqualTo("draining\n");
        assertThat(send("GET", "/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        metrics.messageIn("udp", "INVITE");
        metrics.messageIn("udp", "INVITE");
        metrics.messageOut("udp", 100);

        HttpResponse<String> response = send("GET", "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue(GatewayMetrics.CONTENT_TYPE);
        assertThat(response.body())
                .contains("# TYPE sipgw_sip_messages_received_total counter")
                .contains("sipgw_sip_messages_received_total{message=\"INVITE\",transport=\"udp\"} 2.0")
                .contains("sipgw_sip_messages_sent_total{message=\"1xx\",transport=\"udp\"} 1.0")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void otherPathsAreNotFound() throws Exception {
        assertThat(send("GET", "/").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/metrics/extra").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/admin").statusCode()).isEqualTo(404);
    }

    @Test
    void otherMethodsAreNotAllowed() throws Exception {
        for (String method : new String[] {"POST", "PUT", "DELETE"}) {
            HttpResponse<String> response = send(method, "/readyz");
            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("allow")).hasValue("GET");
        }
    }

    @Test
    void keepAliveConnectionServesSeveralRequests() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), address.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 3; i++) {
                out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK").endsWith("ok\n");
            }
        }
    }

    @Test
    void malformedRequestIsAnsweredBadRequestAndClosed() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), address.getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nBad Header Line\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 400 Bad Request");
        }
    }

    @Test
    void secondServerOnTheSamePortFailsWithTheAddressInTheMessage() {
        AdminServer other = new AdminServer(address, readiness, metrics);

        assertThatThrownBy(other::start).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot listen on " + address);
        other.close();
    }

    @Test
    void closeIsIdempotentAndFreesThePort() throws Exception {
        server.close();
        server.close();

        AdminServer again = new AdminServer(address, readiness, metrics);
        try {
            assertThat(again.start().getPort()).isEqualTo(address.getPort());
        } finally {
            again.close();
        }
    }

    /** Reads one response with a Content-Length body. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }
}
