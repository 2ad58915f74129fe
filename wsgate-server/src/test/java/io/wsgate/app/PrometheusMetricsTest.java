package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.integration.EventType;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on the control-plane listener after a scripted session: Prometheus's text
 * format, parsed, with the counters the session moved, the open connections in all and per stage,
 * and the JVM's and the process's metrics.
 */
class PrometheusMetricsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aScrapeShowsTheSessionsCountsAndTheOpenConnections(@TempDir Path dir) throws Exception {
        var lifecycle = new Recorder()
                .answer((e, c) -> e.eventType() == EventType.MESSAGE && "fail".equals(e.body())
                        ? io.wsgate.integration.Reply.status(500)
                        : io.wsgate.integration.Reply.ok());
        Api api = Api.builder("metered")
                .integration(Integration.function("fn", "Lifecycle"))
                .route("$connect", "fn")
                .route("$disconnect", "fn")
                .route("$default", "fn")
                .stage("dev")
                .build();
        Api strict = Api.builder("strict")
                .integration(Integration.builder("mock", io.wsgate.model.IntegrationType.MOCK)
                        .requestTemplate("$default", "{\"statusCode\": 200}")
                        .build())
                .route("known", "mock")
                .stage("dev")
                .build();
        try (Gateway gateway = Gateway.builder()
                .port(0)
                .control(0, dir.resolve("data"))
                .function("Lifecycle", lifecycle)
                .api(api)
                .api(strict)
                .start()) {
            URI metrics = gateway.controlUrl().orElseThrow().resolve(PrometheusMetrics.PATH);
            try (var a = TestClient.connect(gateway.stageUrl("metered", "dev"));
                    var b = TestClient.connect(gateway.stageUrl("metered", "dev"))) {
                lifecycle.await(EventType.CONNECT);
                lifecycle.await(EventType.CONNECT);
                a.send("one");
                a.send("fail");
                lifecycle.await(EventType.MESSAGE);
                lifecycle.await(EventType.MESSAGE);
                a.send("three");
                lifecycle.await(EventType.MESSAGE);
                Map<String, Double> open =
                        samples(HTTP.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                                .body());
                assertThat(open)
                        .containsEntry("wsgate_connect_accepted_total", 2.0)
                        .containsEntry("wsgate_message_received_total", 3.0)
                        .containsEntry("wsgate_connections", 2.0)
                        .containsEntry("wsgate_stage_connections{api_id=\"metered\",stage=\"dev\"}", 2.0)
                        // CloudWatch's metrics, with its dimensions
                        .containsEntry("ConnectCount_total{ApiId=\"metered\",Stage=\"dev\"}", 2.0)
                        .containsEntry("MessageCount_total{ApiId=\"metered\",Stage=\"dev\"}", 3.0);
                assertThat(open.keySet())
                        .anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"))
                        .contains("process_uptime_seconds", "process_files_open_files", "jvm_threads_live_threads");
                b.close(1000, "bye");
                lifecycle.await(EventType.DISCONNECT);
            }
            lifecycle.await(EventType.DISCONNECT);
            HttpResponse<String> after =
                    HTTP.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.headers().firstValue("content-type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            // Handlers answer off the event loop, so the last answers may be recorded a moment after
            // the disconnects: scraped again until the fifth latency is in, for at most 10 s.
            Map<String, Double> closed = scrapeUntil(
                    metrics,
                    m -> m.getOrDefault("IntegrationLatency_seconds_count{ApiId=\"metered\",Stage=\"dev\"}", 0.0) >= 5);
            assertThat(closed)
                    .containsEntry("wsgate_disconnect_total", 2.0)
                    .containsEntry("wsgate_connections", 0.0)
                    .doesNotContainKey("wsgate_stage_connections{api_id=\"metered\",stage=\"dev\"}")
                    // the integrations' outcomes: every message of A was answered before its close
                    .containsEntry("IntegrationError_total{ApiId=\"metered\",Stage=\"dev\"}", 1.0)
                    .containsEntry("ExecutionError_total{ApiId=\"metered\",Stage=\"dev\"}", 0.0)
                    .containsEntry("ClientError_total{ApiId=\"metered\",Stage=\"dev\"}", 0.0)
                    .containsEntry("IntegrationLatency_seconds_count{ApiId=\"metered\",Stage=\"dev\"}", 5.0)
                    .containsEntry(
                            "IntegrationLatency_seconds_bucket{ApiId=\"metered\",Stage=\"dev\",le=\"+Inf\"}", 5.0);
            assertThat(after.body()).contains("# TYPE wsgate_connect_accepted_total counter");

            try (var c = TestClient.connect(gateway.stageUrl("strict", "dev"))) {
                c.send("{\"action\":\"known\"}"); // a MOCK integration, answered in line
                c.send("{\"action\":\"unknown\"}");
                assertThat(c.awaitMessage()).contains("Forbidden"); // no route: counted before it is sent
                assertThat(samples(
                                HTTP.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                                        .body()))
                        .containsEntry("ClientError_total{ApiId=\"strict\",Stage=\"dev\"}", 1.0)
                        .containsEntry("MessageCount_total{ApiId=\"strict\",Stage=\"dev\"}", 3.0) // two in, the answer
                        .containsEntry(
                                "IntegrationLatency_seconds_count{ApiId=\"strict\",Stage=\"dev\"}",
                                0.0) // not for MOCK integrations, as on AWS
                        .containsEntry("ConnectCount_total{ApiId=\"strict\",Stage=\"dev\"}", 0.0); // no $connect route
            }

            var post = HTTP.send(
                    HttpRequest.newBuilder(metrics)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            gateway.stop().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * {@code detailedMetricsEnabled} on one route: its events are also counted with the {@code
     * Route} dimension, in the {@code ByRoute} family; the stage's totals still count every route.
     */
    @Test
    void aDetailedRouteIsAlsoCountedByRoute(@TempDir Path dir) throws Exception {
        var detailed = new io.wsgate.model.RouteSettings(
                java.util.OptionalInt.empty(),
                java.util.OptionalDouble.empty(),
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                java.util.Optional.of(true));
        Api api = Api.builder("routed")
                .integration(Integration.builder("mock", io.wsgate.model.IntegrationType.MOCK)
                        .requestTemplate("$default", "{\"statusCode\": 200}")
                        .build())
                .route("watched", "mock")
                .route("plain", "mock")
                .stage(new io.wsgate.model.Stage(
                        "dev",
                        java.util.Optional.empty(),
                        Map.of(),
                        false,
                        java.util.Optional.empty(),
                        io.wsgate.model.RouteSettings.NONE,
                        Map.of("watched", detailed)))
                .build();
        try (Gateway gateway = Gateway.builder()
                        .port(0)
                        .control(0, dir.resolve("data"))
                        .api(api)
                        .start();
                var c = TestClient.connect(gateway.stageUrl("routed", "dev"))) {
            URI metrics = gateway.controlUrl().orElseThrow().resolve(PrometheusMetrics.PATH);
            c.send("{\"action\":\"watched\"}");
            c.send("{\"action\":\"watched\"}");
            c.send("{\"action\":\"plain\"}");
            Map<String, Double> scraped = scrapeUntil(
                    metrics, m -> m.getOrDefault("MessageCount_total{ApiId=\"routed\",Stage=\"dev\"}", 0.0) >= 3);
            assertThat(scraped)
                    .containsEntry("MessageCount_total{ApiId=\"routed\",Stage=\"dev\"}", 3.0)
                    .containsEntry("MessageCountByRoute_total{ApiId=\"routed\",Route=\"watched\",Stage=\"dev\"}", 2.0);
            assertThat(scraped.keySet()).noneMatch(k -> k.contains("Route=\"plain\""));
        }
    }

    @Test
    void closeCodesRefusalsFunctionsAndControlCallsAreLabelled(@TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(
                dir.resolve("index.mjs"), "export const handler = async (e) => ({ statusCode: 200, body: e.body });\n");
        var gate = new Recorder()
                .answer((e, c) -> e.eventType() == EventType.CONNECT
                                && e.queryStringParameters() != null
                                && e.queryStringParameters().containsKey("deny")
                        ? io.wsgate.integration.Reply.status(403)
                        : io.wsgate.integration.Reply.ok());
        Api api = Api.builder("labelled")
                .integration(Integration.function("gate", "Gate"))
                .integration(Integration.function("echo", "Echo"))
                .route("$connect", "gate")
                .route(io.wsgate.model.Route.of("$default", "echo").withRouteResponse())
                .stage("dev")
                .build();
        try (Gateway gateway = Gateway.builder()
                .port(0)
                .control(0, dir.resolve("data"))
                .function("Gate", gate)
                .function(io.wsgate.model.RuntimeFunction.of(
                        "Echo", io.wsgate.model.RuntimeFunction.Runtime.NODEJS20, "index.handler", dir))
                .api(api)
                .start()) {
            URI metrics = gateway.controlUrl().orElseThrow().resolve(PrometheusMetrics.PATH);
            URI stage = gateway.stageUrl("labelled", "dev");
            assertThat(TestClient.refusal(URI.create(stage + "?deny=1"))).isEqualTo(403);
            try (var client = TestClient.connect(stage)) {
                client.send("one");
                assertThat(client.awaitMessage()).isEqualTo("one");
                client.send("two");
                assertThat(client.awaitMessage()).isEqualTo("two");
                client.close(4001, "app");
                client.awaitClose();
            }
            try (var http = java.net.http.HttpClient.newHttpClient()) { // a push to no one
                var push = HttpRequest.newBuilder(
                                URI.create(gateway.managementUrl("labelled", "dev") + "/@connections/bm9uZQ%3D%3D"))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build();
                assertThat(http.send(push, HttpResponse.BodyHandlers.ofString()).statusCode())
                        .isEqualTo(410);
            }
            try (var v2 = io.wsgate.testing.ControlClients.v2(gateway)) {
                v2.getApis(r -> {});
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> v2.getApi(r -> r.apiId("nope")))
                        .isInstanceOf(software.amazon.awssdk.services.apigatewayv2.model.NotFoundException.class);
            }
            Map<String, Double> scraped =
                    scrapeUntil(metrics, m -> m.getOrDefault("wsgate_disconnects_total{code=\"4xxx\"}", 0.0) >= 1);
            assertThat(scraped)
                    .containsEntry("wsgate_disconnects_total{code=\"4xxx\"}", 1.0)
                    .containsEntry("wsgate_connects_refused_total{status=\"403\"}", 1.0)
                    .containsEntry("wsgate_function_duration_seconds_count{function=\"Echo\",start=\"cold\"}", 1.0)
                    .containsEntry("wsgate_function_duration_seconds_count{function=\"Echo\",start=\"warm\"}", 1.0)
                    .containsEntry("wsgate_function_cold_starts_total{function=\"Echo\"}", 1.0)
                    .containsEntry("wsgate_pushes_total{result=\"gone\"}", 1.0)
                    .containsEntry("wsgate_function_init_seconds_count{function=\"Echo\"}", 1.0)
                    .containsEntry("wsgate_control_calls_total{operation=\"GET /v2/apis\",status=\"200\"}", 1.0)
                    .containsEntry(
                            "wsgate_control_calls_total{operation=\"GET /v2/apis/{apiId}\",status=\"404\"}", 1.0);
            assertThat(scraped.get("wsgate_function_init_seconds_sum{function=\"Echo\"}"))
                    .isPositive();
        }
    }

    private static Map<String, Double> scrapeUntil(URI metrics, java.util.function.Predicate<Map<String, Double>> done)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Map<String, Double> scraped =
                    samples(HTTP.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                            .body());
            if (done.test(scraped) || System.nanoTime() > deadline) {
                return scraped;
            }
            Thread.sleep(20);
        }
    }

    /** Each sample line, {@code name{labels} value}, by its name and labels. */
    static Map<String, Double> samples(String text) {
        var samples = new HashMap<String, Double>();
        text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(line -> {
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        });
        return samples;
    }
}
