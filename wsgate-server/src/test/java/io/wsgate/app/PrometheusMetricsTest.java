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
        var lifecycle = new Recorder();
        Api api = Api.builder("metered")
                .integration(Integration.function("fn", "Lifecycle"))
                .route("$connect", "fn")
                .route("$disconnect", "fn")
                .route("$default", "fn")
                .stage("dev")
                .build();
        try (Gateway gateway = Gateway.builder()
                .port(0)
                .control(0, dir.resolve("data"))
                .function("Lifecycle", lifecycle)
                .api(api)
                .start()) {
            URI metrics = gateway.controlUrl().orElseThrow().resolve(PrometheusMetrics.PATH);
            try (var a = TestClient.connect(gateway.stageUrl("metered", "dev"));
                    var b = TestClient.connect(gateway.stageUrl("metered", "dev"))) {
                lifecycle.await(EventType.CONNECT);
                lifecycle.await(EventType.CONNECT);
                a.send("one");
                a.send("two");
                lifecycle.await(EventType.MESSAGE);
                lifecycle.await(EventType.MESSAGE);
                Map<String, Double> open =
                        samples(HTTP.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                                .body());
                assertThat(open)
                        .containsEntry("wsgate_connect_accepted_total", 2.0)
                        .containsEntry("wsgate_message_received_total", 2.0)
                        .containsEntry("wsgate_connections", 2.0)
                        .containsEntry("wsgate_stage_connections{api_id=\"metered\",stage=\"dev\"}", 2.0);
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
            Map<String, Double> closed = samples(after.body());
            assertThat(closed)
                    .containsEntry("wsgate_disconnect_total", 2.0)
                    .containsEntry("wsgate_connections", 0.0)
                    .doesNotContainKey("wsgate_stage_connections{api_id=\"metered\",stage=\"dev\"}");
            assertThat(after.body()).contains("# TYPE wsgate_connect_accepted_total counter");

            var post = HTTP.send(
                    HttpRequest.newBuilder(metrics)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            gateway.stop().get(30, TimeUnit.SECONDS);
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
