package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.testing.GatewayProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} prints a stage's URLs when it starts serving it, for stages the control plane deploys later too. */
class StageLinesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aStageDeployedWhileServingGetsItsLine(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("empty.yaml"), "apis: [{name: first, routeSelectionExpression: $request.body.action}]\n");
        try (var serve = GatewayProcess.serveIn(
                dir, "--config", "empty.yaml", "--port", "0", "--control-port", "0", "--data-dir", "data")) {
            int port = serve.awaitPort(); // its line comes before the control plane's
            URI control = serve.awaitControl();
            String apiId = post(
                            control,
                            "/v2/apis",
                            "{\"name\":\"later\",\"protocolType\":\"WEBSOCKET\","
                                    + "\"routeSelectionExpression\":\"$request.body.action\"}")
                    .path("apiId")
                    .asText();
            String integration = post(control, "/v2/apis/" + apiId + "/integrations", "{\"integrationType\":\"MOCK\"}")
                    .path("integrationId")
                    .asText();
            post(
                    control,
                    "/v2/apis/" + apiId + "/routes",
                    "{\"routeKey\":\"$default\",\"target\":\"integrations/" + integration + "\"}");
            post(control, "/v2/apis/" + apiId + "/stages", "{\"stageName\":\"dev\",\"autoDeploy\":true}");
            String line = serve.awaitLine(l -> l.contains("api=" + apiId + " (later) stage=dev"));
            assertThat(line)
                    .contains("connect: ws://127.0.0.1:" + port + "/" + apiId + "/dev")
                    .contains("@connections: http://127.0.0.1:" + port + "/" + apiId
                            + "/dev/@connections/{connectionId}");
        }
    }

    private static JsonNode post(URI control, String path, String body) throws Exception {
        var response = HTTP.send(
                HttpRequest.newBuilder(control.resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    @Test
    void logFormatJsonWritesOneObjectALine(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("one.yaml"), "apis: [{name: first, routeSelectionExpression: $request.body.action}]\n");
        // wsgate's own logging configuration, as the jar has it, not the tests' logback-test.xml
        String own = "-Dlogback.configurationFile="
                + Path.of("target/classes/logback.xml").toAbsolutePath();
        try (var serve = GatewayProcess.serveIn(
                dir,
                (java.util.function.Consumer<java.util.Map<String, String>>) env -> env.put("JAVA_TOOL_OPTIONS", own),
                "--config",
                "one.yaml",
                "--port",
                "0",
                "--no-control",
                "--log-format",
                "json")) {
            String line = serve.awaitLine(l -> l.contains("listening on"));
            JsonNode entry = JSON.readTree(line);
            assertThat(entry.path("level").asText()).isEqualTo("INFO");
            assertThat(entry.path("loggerName").asText()).isEqualTo("io.wsgate.app.Gateway");
            assertThat(entry.path("formattedMessage").asText())
                    .startsWith("wsgate ")
                    .contains(" listening on 127.0.0.1:");
        }
    }
}
