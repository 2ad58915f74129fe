package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Node.js bootstrap ({@code io/wsgate/runtime/node/bootstrap.mjs}) run by the real {@code node}
 * against the Runtime API, with handlers written as AWS users write them: CommonJS and ES modules,
 * async and callback style, and each way they fail.
 */
class NodeBootstrapTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void commonJsAsyncHandlerGetsEventAndContextAndKeepsStateBetweenCalls() throws Exception {
        try (var api = new RuntimeApiPeer();
                var node = BootstrapProcess.node(api, "node-cjs", "src/connect.handler", Map.of())) {
            var first = api.offer("req-1", "{\"requestContext\":{\"routeKey\":\"$connect\"}}", TIMEOUT);
            var post = api.awaitPost();
            assertThat(post.path()).isEqualTo("/invocation/req-1/response");
            JsonNode answer = JSON.readTree(post.body());
            assertThat(answer.at("/event/requestContext/routeKey").asText()).isEqualTo("$connect");
            assertThat(answer.get("awsRequestId").asText()).isEqualTo("req-1");
            assertThat(answer.get("remaining").asLong())
                    .isBetween(TIMEOUT.toMillis() - 10_000, first.deadlineMs() - System.currentTimeMillis() + 50);
            assertThat(answer.get("functionName").asText()).isEqualTo(BootstrapProcess.FUNCTION);
            assertThat(answer.get("functionVersion").asText()).isEqualTo("$LATEST");
            assertThat(answer.get("invokedFunctionArn").asText()).isEqualTo(RuntimeApiPeer.ARN);
            assertThat(answer.get("memoryLimitInMB").isTextual()).isTrue();
            assertThat(answer.get("memoryLimitInMB").asText()).isEqualTo("256");
            assertThat(answer.get("logGroupName").asText()).isEqualTo("/aws/lambda/echo");
            assertThat(answer.get("logStreamName").asText()).isEqualTo("2026/12/01/[$LATEST]0123456789abcdef");
            assertThat(answer.get("waits").asBoolean()).isTrue();
            assertThat(answer.get("traceId").asText()).startsWith("Root=1-");
            assertThat(answer.get("calls").asInt()).isEqualTo(1);
            assertThat(node.awaitStdout("connect called")).isEqualTo("connect called 1 time(s)");

            api.offer("req-2", "{}", TIMEOUT);
            var second = JSON.readTree(api.awaitPost().body());
            assertThat(second.get("awsRequestId").asText()).isEqualTo("req-2");
            assertThat(second.get("calls").asInt())
                    .as("module state of a warm process")
                    .isEqualTo(2);
            assertThat(node.awaitStdout("connect called")).isEqualTo("connect called 2 time(s)");
        }
    }

    @Test
    void esModuleFindsPackagesThroughNodePath() throws Exception {
        var shared = BootstrapProcess.code("node-shared/node_modules").toString();
        try (var api = new RuntimeApiPeer();
                var node = BootstrapProcess.node(api, "node-mjs", "index.handler", Map.of("NODE_PATH", shared))) {
            api.offer("req-1", "{\"name\":\"ada\"}", TIMEOUT);
            assertThat(api.awaitPost().body())
                    .isEqualTo("{\"greeting\":\"hello ada\",\"calls\":1,\"awsRequestId\":\"req-1\"}");
            api.offer("req-2", "{\"name\":\"bob\"}", TIMEOUT);
            assertThat(api.awaitPost().body())
                    .isEqualTo("{\"greeting\":\"hello bob\",\"calls\":2,\"awsRequestId\":\"req-2\"}");
        }
    }

    @Test
    void packageJsonTypeModuleMakesJsAnEsModule() throws Exception {
        try (var api = new RuntimeApiPeer();
                var node = BootstrapProcess.node(api, "node-type-module", "app.handler", Map.of())) {
            api.offer("req-1", "{\"body\":\"hi\"}", TIMEOUT);
            assertThat(api.awaitPost().body())
                    .isEqualTo("{\"kind\":\"type-module\",\"body\":\"hi\",\"functionName\":\"echo\"}");
        }
    }

    @Test
    void callbackHandlerAnswersThroughItsCallback() throws Exception {
        try (var api = new RuntimeApiPeer();
                var node = BootstrapProcess.node(api, "node-callback", "index.handler", Map.of())) {
            api.offer("req-1", "{\"n\":1}", TIMEOUT);
            assertThat(api.awaitPost().body()).isEqualTo("{\"echoed\":{\"n\":1},\"awsRequestId\":\"req-1\"}");

            api.offer("req-2", "{\"fail\":true}", TIMEOUT);
            var post = api.awaitPost();
            assertThat(post.path()).isEqualTo("/invocation/req-2/error");
            assertThat(post.errorTypeHeader()).isEqualTo("Unhandled");
            var error = JSON.readTree(post.body());
            assertThat(error.get("errorType").asText()).isEqualTo("Error");
            assertThat(error.get("errorMessage").asText()).isEqualTo("callback failed");
            assertThat(error.get("stackTrace").get(0).asText()).isEqualTo("Error: callback failed");
        }
    }

    @Test
    void callbackAnswerWaitsForTheEmptyEventLoop() throws Exception {
        try (var api = new RuntimeApiPeer();
                var node = BootstrapProcess.node(api, "node-callback", "index.waits", Map.of())) {
            api.offer("req-1", "{}", TIMEOUT);
            var post = api.awaitPost();
            // The timer set after callback() had printed by the time the answer was sent.
            assertThat(node.awaitStdout("timer after callback")).isEqualTo("timer after callback ran");
            assertThat(post.body()).isEqualTo("{\"waited\":true}");
        }
    }

    @Test
    void legacyContextSucceedAndStringErrors() throws Exception {
        try (var api = new RuntimeApiPeer();
                var legacy = BootstrapProcess.node(api, "node-callback", "index.legacy", Map.of())) {
            api.offer("req-1", "{}", TIMEOUT);
            assertThat(api.awaitPost().body()).isEqualTo("{\"legacy\":true}");
        }
        try (var api = new RuntimeApiPeer();
                var string = BootstrapProcess.node(api, "node-callback", "index.string", Map.of())) {
            api.offer("req-1", "{}", TIMEOUT);
            assertThat(api.awaitPost().body())
                    .isEqualTo("{\"errorType\":\"string\",\"errorMessage\":\"plain string error\",\"stackTrace\":[]}");
        }
    }

    @Test
    void undefinedResultPostsNull() throws Exception {
        try (var api = new RuntimeApiPeer();
                var node = BootstrapProcess.node(api, "node-cjs", "src/connect.nothing", Map.of())) {
            api.offer("req-1", "{}", TIMEOUT);
            var post = api.awaitPost();
            assertThat(post.path()).isEqualTo("/invocation/req-1/response");
            assertThat(post.body()).isEqualTo("null");
        }
    }

    @Test
    void thrownErrorIsPostedAndLoggedAsLambdaLogsIt() throws Exception {
        try (var api = new RuntimeApiPeer();
                var node = BootstrapProcess.node(api, "node-failures", "index.throws", Map.of())) {
            api.offer("req-1", "{}", TIMEOUT);
            var post = api.awaitPost();
            assertThat(post.path()).isEqualTo("/invocation/req-1/error");
            assertThat(post.errorTypeHeader()).isEqualTo("Unhandled");
            var error = JSON.readTree(post.body());
            assertThat(error.get("errorType").asText()).isEqualTo("RangeError");
            assertThat(error.get("errorMessage").asText()).isEqualTo("too far");
            assertThat(error.get("stackTrace").get(0).asText()).isEqualTo("RangeError: too far");
            assertThat(error.get("stackTrace").get(1).asText()).contains("node-failures/index.js:2");

            // The process stays up for the next invocation, as a warm Lambda does.
            api.offer("req-2", "{}", TIMEOUT);
            assertThat(api.awaitPost().path()).isEqualTo("/invocation/req-2/error");
            assertThat(node.stderr())
                    .containsPattern(
                            "\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\treq-1\tERROR\tInvoke Error \t"
                                    + "\\{\"errorType\":\"RangeError\",\"errorMessage\":\"too far\",\"stack\":\\[\"RangeError: too far\"");
        }
    }

    @Test
    void aRejectionLeftUnhandledAfterTheAnswerIsLoggedAndEndsTheProcess() throws Exception {
        try (var api = new RuntimeApiPeer();
                var node = BootstrapProcess.node(api, "node-failures", "index.strayRejection", Map.of())) {
            api.offer("req-1", "{}", TIMEOUT);
            var post = api.awaitPost();
            assertThat(post.path()).isEqualTo("/invocation/req-1/response");
            assertThat(post.body()).isEqualTo("\"answered\"");
            // no init error waits behind the poll already sent: the process ends at once
            assertThat(node.awaitExit(Duration.ofSeconds(10))).isEqualTo(1);
            assertThat(node.stderr())
                    .contains("Uncaught Exception")
                    .contains("Runtime.UnhandledPromiseRejection")
                    .contains("left unhandled");
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "index.circular | TypeError | Unable to stringify response body as json: Converting circular structure to JSON",
                "index.bigint   | TypeError | Unable to stringify response body as json: Do not know how to serialize a BigInt",
            })
    void resultThatIsNotJsonFailsTheInvocation(String handler, String type, String message) throws Exception {
        try (var api = new RuntimeApiPeer();
                var node = BootstrapProcess.node(api, "node-failures", handler, Map.of())) {
            api.offer("req-1", "{}", TIMEOUT);
            var post = api.awaitPost();
            assertThat(post.path()).isEqualTo("/invocation/req-1/error");
            var error = JSON.readTree(post.body());
            assertThat(error.get("errorType").asText()).isEqualTo(type);
            assertThat(error.get("errorMessage").asText()).startsWith(message);
        }
    }

    @Test
    void errorThrownOutsideTheHandlerFailsTheInvocationAndEndsTheProcess() throws Exception {
        try (var api = new RuntimeApiPeer();
                var node = BootstrapProcess.node(api, "node-failures", "index.escapes", Map.of())) {
            api.offer("req-1", "{}", TIMEOUT);
            var post = api.awaitPost();
            assertThat(post.path()).isEqualTo("/invocation/req-1/error");
            var error = JSON.readTree(post.body());
            assertThat(error.get("errorType").asText()).isEqualTo("Error");
            assertThat(error.get("errorMessage").asText()).isEqualTo("thrown from a timer");
            assertThat(node.awaitExit(Duration.ofSeconds(10))).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "node-cjs                  | missing.handler     | Runtime.ImportModuleError   | Error: Cannot find module 'missing' (looked for missing.js, missing.mjs, missing.cjs in ",
                "node-init-syntax          | index.handler       | Runtime.UserCodeSyntaxError | SyntaxError: Unexpected end of input",
                "node-init-missing-package | index.handler       | Runtime.ImportModuleError   | Error: Cannot find package 'no-such-package' imported from ",
                "node-cjs                  | src/connect.nope    | Runtime.HandlerNotFound     | src/connect.nope is undefined or not exported",
                "node-cjs                  | src/connect.value   | Runtime.HandlerNotFound     | src/connect.value is not a function",
                "node-cjs                  | src/connect         | Runtime.MalformedHandlerName | Bad handler src/connect",
                "node-init-throws          | index.handler       | TypeError                   | TABLE_NAME is not set",
            })
    void initFailurePostsInitErrorAndExits(String code, String handler, String type, String message) throws Exception {
        try (var api = new RuntimeApiPeer();
                var node = BootstrapProcess.node(api, code, handler, Map.of())) {
            var post = api.awaitPost();
            assertThat(post.path()).isEqualTo("/init/error");
            assertThat(post.errorTypeHeader()).isEqualTo(type);
            var error = JSON.readTree(post.body());
            assertThat(error.get("errorType").asText()).isEqualTo(type);
            assertThat(error.get("errorMessage").asText()).startsWith(message);
            assertThat(error.get("stackTrace").isArray()).isTrue();
            assertThat(node.awaitExit(Duration.ofSeconds(10))).isEqualTo(1);
            assertThat(node.stderr()).contains("\tundefined\tERROR\tUncaught Exception \t{\"errorType\":\"" + type);
        }
    }

    @Test
    void exitsByItselfOnceTheRuntimeApiIsGone() throws Exception {
        var api = new RuntimeApiPeer();
        try (var node = BootstrapProcess.node(api, "node-cjs", "src/connect.handler", Map.of())) {
            api.offer("req-1", "{}", TIMEOUT);
            assertThat(api.awaitPost().path()).isEqualTo("/invocation/req-1/response");
            api.close(); // the bootstrap is long-polling next by now, or about to
            assertThat(node.awaitExit(Duration.ofSeconds(10))).as(node::stderr).isZero();
        } finally {
            api.close();
        }
    }
}
