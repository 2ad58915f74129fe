package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.config.GatewaySettings;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.model.RuntimeFunction;
import io.wsgate.testing.CaptureBackend;
import io.wsgate.testing.OtlpReceiver;
import io.wsgate.testing.TestClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spans over OTLP/HTTP to a real receiver (protobuf, as a collector reads it): a connect continuing
 * the client's {@code traceparent}, a message per route, a push continuing the backend's trace, a
 * disconnect; the span's context passed on to an HTTP backend ({@code traceparent}, {@code
 * X-Amzn-Trace-Id}) and to a Node.js function ({@code _X_AMZN_TRACE_ID}, as Lambda sets it); and
 * nothing of it without tracing.
 */
class TracingTest {
    static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CLIENT_SPAN = "00f067aa0ba902b7";
    static final String BACKEND_TRACE = "0af7651916cd43dd8448eb211c80319c";
    static final String BACKEND_SPAN = "b7ad6b7169203331";

    static Api api(CaptureBackend backend) {
        return Api.builder("Traced")
                .integration(Integration.http("http", backend.url("/events")))
                .integration(Integration.function("node", "TraceEcho"))
                .route("$connect", "http")
                .route("$disconnect", "http")
                .route(Route.of("node", "node").withRouteResponse())
                .route("$default", "http")
                .stage("dev")
                .build();
    }

    static RuntimeFunction traceEcho(Path dir) throws Exception {
        Files.writeString(
                dir.resolve("index.mjs"),
                "export const handler = async () => ({ statusCode: 200, body: process.env._X_AMZN_TRACE_ID ?? 'none' });\n");
        return RuntimeFunction.of("TraceEcho", RuntimeFunction.Runtime.NODEJS20, "index.handler", dir);
    }

    @Test
    void eachEventIsASpanAndItsContextReachesTheBackends(@TempDir Path dir) throws Exception {
        try (var otlp = OtlpReceiver.start();
                var backend = CaptureBackend.start()) {
            backend.answer(r -> CaptureBackend.Response.of(200, ""));
            var builder = Gateway.builder();
            builder.settings(builder.settings()
                    .withTracing(Optional.of(
                            new GatewaySettings.Tracing(otlp.endpoint(), "wsgate-test", 1.0, Duration.ofMillis(50)))));
            try (Gateway gateway =
                    builder.port(0).function(traceEcho(dir)).api(api(backend)).start()) {
                var client = TestClient.connect(
                        gateway.stageUrl("traced", "dev"),
                        Map.of("traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01"),
                        List.of());
                // $connect: the client's trace, continued; the backend gets the span's context
                OtlpReceiver.Span connect = otlp.await("WebSocket $connect");
                assertThat(connect.service()).isEqualTo("wsgate-test");
                assertThat(connect.traceId()).isEqualTo(CLIENT_TRACE);
                assertThat(connect.parentSpanId()).isEqualTo(CLIENT_SPAN);
                assertThat(connect.kind()).isEqualTo("SPAN_KIND_SERVER");
                assertThat(connect.attributes())
                        .containsEntry("wsgate.api_id", "traced")
                        .containsEntry("wsgate.stage", "dev")
                        .containsEntry("wsgate.route_key", "$connect")
                        .containsEntry("wsgate.event_type", "CONNECT")
                        .containsEntry("wsgate.status", "200")
                        .containsEntry("wsgate.integration.status", "200")
                        .containsEntry("client.address", "127.0.0.1")
                        .containsKeys("wsgate.connection_id", "wsgate.request_id", "wsgate.integration.latency_ms");
                String connectionId = connect.attributes().get("wsgate.connection_id");
                CaptureBackend.Request connectCall = backend.awaitRequest();
                assertThat(connectCall.headers().get("traceparent"))
                        .containsExactly("00-" + CLIENT_TRACE + "-" + connect.spanId() + "-01");
                assertThat(connectCall.headers().get("X-Amzn-Trace-Id"))
                        .containsExactly("Root=1-" + CLIENT_TRACE.substring(0, 8) + "-" + CLIENT_TRACE.substring(8)
                                + ";Parent=" + connect.spanId() + ";Sampled=1");

                // a message to an HTTP backend: a trace of its own, passed on
                client.send("{\"action\":\"other\"}");
                OtlpReceiver.Span message = otlp.await("WebSocket $default");
                assertThat(message.traceId()).isNotEqualTo(CLIENT_TRACE);
                assertThat(message.parentSpanId()).isNull();
                assertThat(message.kind()).isEqualTo("SPAN_KIND_CONSUMER");
                assertThat(message.attributes())
                        .containsEntry("wsgate.connection_id", connectionId)
                        .containsEntry("wsgate.event_type", "MESSAGE");
                assertThat(backend.awaitRequest().headers().get("traceparent"))
                        .containsExactly("00-" + message.traceId() + "-" + message.spanId() + "-01");

                // a message to a Node.js function: _X_AMZN_TRACE_ID is the span's, as Lambda sets it
                client.send("{\"action\":\"node\"}");
                String seen = client.awaitMessage();
                OtlpReceiver.Span node = otlp.await("WebSocket node");
                assertThat(seen)
                        .isEqualTo("Root=1-" + node.traceId().substring(0, 8) + "-"
                                + node.traceId().substring(8) + ";Parent=" + node.spanId() + ";Sampled=1");

                // a push continues the backend's trace
                var push = HttpRequest.newBuilder(java.net.URI.create(gateway.managementUrl("traced", "dev")
                                + "/@connections/" + connectionId.replace("=", "%3D")))
                        .header("traceparent", "00-" + BACKEND_TRACE + "-" + BACKEND_SPAN + "-01")
                        .POST(HttpRequest.BodyPublishers.ofString("pushed"))
                        .build();
                try (var http = HttpClient.newHttpClient()) {
                    assertThat(http.send(push, HttpResponse.BodyHandlers.ofString())
                                    .statusCode())
                            .isEqualTo(200);
                }
                assertThat(client.awaitMessage()).isEqualTo("pushed");
                OtlpReceiver.Span pushed = otlp.await("@connections POST");
                assertThat(pushed.traceId()).isEqualTo(BACKEND_TRACE);
                assertThat(pushed.parentSpanId()).isEqualTo(BACKEND_SPAN);
                assertThat(pushed.attributes())
                        .containsEntry("http.response.status_code", "200")
                        .containsEntry("wsgate.api_id", "traced");

                // a push to a connection that is not there: an error span
                var gone = HttpRequest.newBuilder(java.net.URI.create(
                                gateway.managementUrl("traced", "dev") + "/@connections/bm9uZQ%3D%3D"))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build();
                try (var http = HttpClient.newHttpClient()) {
                    assertThat(http.send(gone, HttpResponse.BodyHandlers.ofString())
                                    .statusCode())
                            .isEqualTo(410);
                }
                OtlpReceiver.Span missed = otlp.await("@connections POST");
                assertThat(missed.status()).isEqualTo("STATUS_CODE_ERROR");
                assertThat(missed.parentSpanId()).isNull();

                client.close(1000, "bye");
                OtlpReceiver.Span disconnect = otlp.await("WebSocket $disconnect");
                assertThat(disconnect.attributes()).containsEntry("wsgate.connection_id", connectionId);
            }
        }
    }

    @Test
    void aFailedIntegrationIsAnErrorSpanAndAnXRayHeaderIsAParent(@TempDir Path dir) throws Exception {
        try (var otlp = OtlpReceiver.start();
                var backend = CaptureBackend.start()) {
            backend.answer(r -> r.body() != null && r.body().contains("\"MESSAGE\"")
                    ? CaptureBackend.Response.of(500, "no")
                    : CaptureBackend.Response.of(200, ""));
            var builder = Gateway.builder();
            builder.settings(builder.settings()
                    .withTracing(Optional.of(
                            new GatewaySettings.Tracing(otlp.endpoint(), "wsgate", 1.0, Duration.ofMillis(50)))));
            try (Gateway gateway = builder.port(0)
                            .function(traceEcho(dir))
                            .api(api(backend))
                            .start();
                    var client = TestClient.connect(
                            gateway.stageUrl("traced", "dev"),
                            Map.of(
                                    "X-Amzn-Trace-Id",
                                    "Root=1-" + CLIENT_TRACE.substring(0, 8) + "-" + CLIENT_TRACE.substring(8)
                                            + ";Parent=" + CLIENT_SPAN + ";Sampled=1"),
                            List.of())) {
                OtlpReceiver.Span connect = otlp.await("WebSocket $connect");
                assertThat(connect.traceId()).isEqualTo(CLIENT_TRACE);
                assertThat(connect.parentSpanId()).isEqualTo(CLIENT_SPAN);
                client.send("{\"action\":\"fails\"}");
                OtlpReceiver.Span failed = otlp.await("WebSocket $default");
                assertThat(failed.attributes()).containsEntry("wsgate.integration.status", "500");
                assertThat(failed.status()).isEqualTo("STATUS_CODE_ERROR");
            }
        }
    }

    @Test
    void theOptionTheFileAndOpenTelemetrysVariablesAreTakenInThatOrder() {
        var file = Optional.of(new GatewaySettings.Tracing(
                java.net.URI.create("http://file:4318/v1/traces"), "from-file", 0.5, Duration.ofSeconds(2)));
        Map<String, String> env =
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://env:4318", "OTEL_SERVICE_NAME", "env-name");
        var option =
                Main.tracing("http://option:4318/v1/traces", file, env::get).orElseThrow();
        assertThat(option.endpoint()).hasToString("http://option:4318/v1/traces");
        assertThat(option.serviceName()).isEqualTo("from-file");
        assertThat(option.sampleRatio()).isEqualTo(0.5);
        var optionAlone = Main.tracing("http://option:4318/v1/traces", Optional.empty(), env::get)
                .orElseThrow();
        assertThat(optionAlone.serviceName()).isEqualTo("env-name");
        assertThat(Main.tracing(null, file, env::get)).isEqualTo(file);
        assertThat(Main.tracing(null, Optional.empty(), env::get).orElseThrow().endpoint())
                .hasToString("http://env:4318/v1/traces");
        assertThat(Main.tracing(null, Optional.empty(), name -> null)).isEmpty();

        var refused = CliTest.run("serve", "--otlp-endpoint", "collector:4318", "--port", "0", "--no-control");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("--otlp-endpoint: 'collector:4318' (expected: an http or https URL");
    }

    @Test
    void withoutTracingNothingIsPassedOn(@TempDir Path dir) throws Exception {
        try (var backend = CaptureBackend.start()) {
            backend.answer(r -> CaptureBackend.Response.of(200, ""));
            try (Gateway gateway = Gateway.builder()
                            .port(0)
                            .function(traceEcho(dir))
                            .api(api(backend))
                            .start();
                    var client = TestClient.connect(
                            gateway.stageUrl("traced", "dev"),
                            Map.of("traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01"),
                            List.of())) {
                assertThat(gateway.tracing().on()).isFalse();
                assertThat(backend.awaitRequest().headers()).doesNotContainKeys("traceparent", "X-Amzn-Trace-Id");
                client.send("{\"action\":\"node\"}");
                // the stand-in Lambda gives when it does not trace: a root of its own, sampled out
                assertThat(client.awaitMessage()).startsWith("Root=1-").endsWith(";Sampled=0");
            }
        }
    }
}
