package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.app.Gateway;
import io.wsgate.model.RuntimeFunction;
import io.wsgate.testing.ControlClients;
import io.wsgate.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aws lambda invoke --endpoint-url} against the control-plane listener, as a user runs it
 * against {@code sam local start-lambda}: the payload file, the status the CLI prints, a function
 * error, the log tail, an Event invocation and an unknown function. Needs {@code aws} on the PATH
 * ({@code .ci/run} installs it); works with CLI v1 and v2.
 */
class InvokeApiCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static Gateway gateway;
    static boolean v2;

    @BeforeAll
    static void start() throws Exception {
        var version = Tools.probe(List.of("aws", "--version"));
        assumeTrue(version.isPresent(), "the AWS CLI (aws) is not installed");
        v2 = (version.get().out() + version.get().err()).startsWith("aws-cli/2");
        Files.writeString(dir.resolve("greet.py"), """
                def handler(event, context):
                    print("greeting", event["name"])
                    if event["name"] == "nobody":
                        raise ValueError("no one to greet")
                    return {"greeting": "hello " + event["name"]}
                """);
        gateway = Gateway.builder()
                .function(RuntimeFunction.of("Greet", RuntimeFunction.Runtime.PYTHON312, "greet.handler", dir)
                        .withTimeout(Duration.ofSeconds(20)))
                .control(0, ControlClients.dataDirectory())
                .port(0)
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.stop().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void invokeWritesThePayloadToTheFileAndPrintsTheStatus() throws Exception {
        Path out = dir.resolve("out.json");
        Tools.Run run = invoke("Greet", "{\"name\":\"world\"}", out).ok();
        JsonNode printed = JSON.readTree(run.out());
        assertThat(printed.path("StatusCode").asInt()).isEqualTo(200);
        assertThat(printed.path("ExecutedVersion").asText()).isEqualTo("$LATEST");
        assertThat(printed.has("FunctionError")).isFalse();
        assertThat(JSON.readTree(out.toFile())).isEqualTo(JSON.readTree("{\"greeting\":\"hello world\"}"));
    }

    @Test
    void aFunctionErrorIsPrintedAndItsBodyWritten() throws Exception {
        Path out = dir.resolve("error.json");
        JsonNode printed = JSON.readTree(invoke("Greet", "{\"name\":\"nobody\"}", out, "--log-type", "Tail")
                .ok()
                .out());
        assertThat(printed.path("FunctionError").asText()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(out.toFile());
        assertThat(error.path("errorType").asText()).isEqualTo("ValueError");
        assertThat(error.path("errorMessage").asText()).isEqualTo("no one to greet");
        String tail =
                new String(Base64.getDecoder().decode(printed.path("LogResult").asText()), StandardCharsets.UTF_8);
        assertThat(tail).contains("greeting nobody\n", "[ERROR] ValueError: no one to greet", "\nREPORT RequestId: ");
    }

    @Test
    void anEventInvocationPrints202() throws Exception {
        Tools.Run run = invoke("Greet", "{\"name\":\"later\"}", dir.resolve("event.json"), "--invocation-type", "Event")
                .ok();
        assertThat(JSON.readTree(run.out()).path("StatusCode").asInt()).isEqualTo(202);
    }

    @Test
    void anUnknownFunctionFailsWithResourceNotFound() {
        Tools.Run run = invoke("Nope", "{}", dir.resolve("nope.json"));
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("ResourceNotFoundException", "Function not found");
    }

    private static Tools.Run invoke(String function, String payload, Path out, String... more) {
        var command = new ArrayList<>(List.of(
                "aws",
                "lambda",
                "invoke",
                "--endpoint-url",
                gateway.controlUrl().orElseThrow().toString(),
                "--function-name",
                function,
                "--payload",
                payload,
                "--output",
                "json"));
        if (v2) {
            command.addAll(List.of("--cli-binary-format", "raw-in-base64-out"));
        }
        command.addAll(List.of(more));
        command.add(out.toString());
        return Tools.run(command);
    }
}
