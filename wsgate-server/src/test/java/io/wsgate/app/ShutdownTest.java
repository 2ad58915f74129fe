package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.observe.Counter;
import io.wsgate.testing.CaptureBackend;
import io.wsgate.testing.GatewayProcess;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful shutdown: upgrades are refused, every client is closed with 1001, {@code $disconnect}
 * runs for each within the drain window; and the same through SIGTERM to a real {@code wsgate
 * serve} process.
 */
class ShutdownTest {

    @Test
    void stopClosesEveryClientWith1001AndRunsTheirDisconnects() throws Exception {
        var lifecycle = new Recorder();
        Gateway gateway = Gateway.builder()
                .port(0)
                .function("Lifecycle", lifecycle)
                .api(api())
                .start();
        var clients = new ArrayList<TestClient>();
        var ids = new ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            clients.add(TestClient.connect(gateway.stageUrl("drain", "dev")));
            ids.add(lifecycle.await(EventType.CONNECT).connectionId());
        }
        gateway.stop().get(30, TimeUnit.SECONDS);
        for (TestClient client : clients) {
            assertThat(client.awaitClose()).isEqualTo(new TestClient.Closed(1001, "Going away"));
        }
        List<WebSocketEvent> disconnects = lifecycle.drain().stream()
                .filter(e -> e.eventType() == EventType.DISCONNECT)
                .toList();
        assertThat(disconnects).extracting(WebSocketEvent::connectionId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(disconnects).allSatisfy(e -> {
            assertThat(e.requestContext().disconnectStatusCode()).isEqualTo(1001);
            assertThat(e.requestContext().disconnectReason()).isEqualTo("Going away");
        });
        assertThat(gateway.connectionCount()).isZero();
    }

    @Test
    void whileDrainingNewUpgradesAreRefusedWith503() throws Exception {
        var release = new CountDownLatch(1);
        var lifecycle = holdingDisconnects(release);
        Gateway gateway = drainingFor20s(lifecycle);
        try (var client = TestClient.connect(gateway.stageUrl("drain", "dev"))) {
            lifecycle.await(EventType.CONNECT);
            var stopped = gateway.stop();
            lifecycle.await(EventType.DISCONNECT);
            assertThat(TestClient.refusal(gateway.stageUrl("drain", "dev"))).isEqualTo(503);
            assertThat(stopped).isNotDone();
            release.countDown();
            stopped.get(30, TimeUnit.SECONDS);
            assertThat(gateway.counters().count(Counter.CONNECT_DRAINING)).isEqualTo(1);
        }
    }

    @Test
    void healthStaysUpWhileReadinessTurnsTo503ForTheDrain() throws Exception {
        var release = new CountDownLatch(1);
        var lifecycle = holdingDisconnects(release);
        Gateway gateway = drainingFor20s(lifecycle);
        var http = java.net.http.HttpClient.newHttpClient();
        java.util.function.BiFunction<String, String, java.net.http.HttpResponse<String>> probe = (method, path) -> {
            try {
                return http.send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + gateway.port() + path))
                                .method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        };
        assertThat(probe.apply("GET", "/health").statusCode()).isEqualTo(200);
        assertThat(probe.apply("GET", "/health").body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(probe.apply("GET", "/ready").body()).isEqualTo("{\"status\":\"READY\"}");
        assertThat(probe.apply("HEAD", "/ready").statusCode()).isEqualTo(200);
        var refused = probe.apply("POST", "/ready");
        assertThat(refused.statusCode()).isEqualTo(405);
        assertThat(refused.headers().firstValue("allow")).contains("GET, HEAD");
        try (var client = TestClient.connect(gateway.stageUrl("drain", "dev"))) {
            lifecycle.await(EventType.CONNECT);
            var stopped = gateway.stop();
            lifecycle.await(EventType.DISCONNECT);
            var draining = probe.apply("GET", "/ready");
            assertThat(draining.statusCode()).isEqualTo(503);
            assertThat(draining.body()).isEqualTo("{\"status\":\"DRAINING\"}");
            assertThat(probe.apply("GET", "/health").statusCode())
                    .as("alive while it drains")
                    .isEqualTo(200);
            release.countDown();
            stopped.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDisconnectThatNeverAnswersDoesNotHoldShutdownPastTheDrainWindow() throws Exception {
        var never = new CountDownLatch(1);
        var lifecycle = new Recorder().answer((e, c) -> {
            if (e.eventType() == EventType.DISCONNECT) {
                never.await(); // a backend that never answers
            }
            return Reply.ok();
        });
        Gateway gateway = Gateway.builder()
                .port(0)
                .drainTimeout(Duration.ofMillis(300))
                .function("Lifecycle", lifecycle)
                .api(api())
                .start();
        try (var client = TestClient.connect(gateway.stageUrl("drain", "dev"))) {
            lifecycle.await(EventType.CONNECT);
            gateway.stop().get(30, TimeUnit.SECONDS);
            assertThat(client.awaitClose().code()).isEqualTo(1001);
        } finally {
            never.countDown();
        }
    }

    @Test
    void sigtermDrainsARealServeProcess(@TempDir Path dir) throws Exception {
        try (var backend = CaptureBackend.start()) {
            Path config = dir.resolve("wsgate.yaml");
            Files.writeString(config, """
                    gateway:
                      drain-timeout: 10s
                    apis:
                      - name: drained
                        routeSelectionExpression: $request.body.action
                        integrations:
                          - integrationId: lifecycle
                            integrationType: HTTP_PROXY
                            integrationUri: %s
                        routes:
                          - routeKey: $disconnect
                            target: integrations/lifecycle
                        stages:
                          - stageName: dev
                    """.formatted(backend.url("/events")));
            int port;
            try (var probe = new java.net.ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            try (var process = GatewayProcess.serve(
                    "--config", config.toString(), "--port", Integer.toString(port), "--no-control")) {
                process.awaitLine(line -> line.contains("listening on"));
                try (var client = TestClient.connect(java.net.URI.create("ws://127.0.0.1:" + port + "/drained/dev"))) {
                    process.terminate(); // SIGTERM
                    assertThat(client.awaitClose()).isEqualTo(new TestClient.Closed(1001, "Going away"));
                    CaptureBackend.Request disconnect = backend.awaitRequest();
                    assertThat(disconnect.body())
                            .contains("\"eventType\":\"DISCONNECT\"", "\"disconnectStatusCode\":1001");
                    assertThat(process.awaitExit()).as("128 + SIGTERM").isEqualTo(143);
                }
            }
        }
    }

    /** A lifecycle function whose {@code $disconnect}s wait for {@code release}: it holds a drain open. */
    private static Recorder holdingDisconnects(CountDownLatch release) {
        return new Recorder().answer((e, c) -> {
            if (e.eventType() == EventType.DISCONNECT) {
                release.await();
            }
            return Reply.ok();
        });
    }

    /** A gateway serving {@link #api()} with {@code lifecycle}, draining for up to 20 s. */
    private static Gateway drainingFor20s(Recorder lifecycle) {
        return Gateway.builder()
                .port(0)
                .drainTimeout(Duration.ofSeconds(20))
                .function("Lifecycle", lifecycle)
                .api(api())
                .start();
    }

    private static Api api() {
        return Api.builder("drain")
                .integration(Integration.function("lifecycle", "Lifecycle"))
                .route("$connect", "lifecycle")
                .route("$disconnect", "lifecycle")
                .stage("dev")
                .build();
    }
}
