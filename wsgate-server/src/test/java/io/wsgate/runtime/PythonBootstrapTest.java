package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Python bootstrap ({@code io/wsgate/runtime/python/bootstrap.py}) run by the real {@code
 * python3} against the Runtime API, with handlers written as AWS users write them, and each way
 * they fail.
 */
class PythonBootstrapTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void handlerGetsEventAndContextAndKeepsStateBetweenCalls() throws Exception {
        try (var api = new RuntimeApiPeer();
                var python = BootstrapProcess.python(api, "python-echo", "echo.handler")) {
            var first = api.offer("req-1", "{\"requestContext\":{\"routeKey\":\"sendmessage\"}}", TIMEOUT);
            var post = api.awaitPost();
            assertThat(post.path()).isEqualTo("/invocation/req-1/response");
            JsonNode answer = JSON.readTree(post.body());
            assertThat(answer.at("/event/requestContext/routeKey").asText()).isEqualTo("sendmessage");
            assertThat(answer.get("aws_request_id").asText()).isEqualTo("req-1");
            assertThat(answer.get("remaining").asLong())
                    .isBetween(TIMEOUT.toMillis() - 10_000, first.deadlineMs() - System.currentTimeMillis() + 50);
            assertThat(answer.get("function_name").asText()).isEqualTo(BootstrapProcess.FUNCTION);
            assertThat(answer.get("function_version").asText()).isEqualTo("$LATEST");
            assertThat(answer.get("invoked_function_arn").asText()).isEqualTo(RuntimeApiPeer.ARN);
            assertThat(answer.get("memory_limit_in_mb").asText()).isEqualTo("256");
            assertThat(answer.get("log_group_name").asText()).isEqualTo("/aws/lambda/echo");
            assertThat(answer.get("log_stream_name").asText()).isEqualTo("2026/12/01/[$LATEST]0123456789abcdef");
            assertThat(answer.get("calls").asInt()).isEqualTo(1);
            // print() reaches stdout while the process runs, not when it ends.
            assertThat(python.awaitStdout("echo called")).isEqualTo("echo called 1 time(s)");
            assertThat(python.awaitStdout("logged through logging"))
                    .matches(
                            "\\[INFO]\t\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\treq-1\tlogged through logging");

            api.offer("req-2", "{}", TIMEOUT);
            var second = JSON.readTree(api.awaitPost().body());
            assertThat(second.get("aws_request_id").asText()).isEqualTo("req-2");
            assertThat(second.get("calls").asInt())
                    .as("module state of a warm process")
                    .isEqualTo(2);
            assertThat(python.awaitStdout("echo called")).isEqualTo("echo called 2 time(s)");
        }
    }

    @Test
    void moduleInAFolderAndDecimalResults() throws Exception {
        try (var api = new RuntimeApiPeer();
                var python = BootstrapProcess.python(api, "python-echo", "src/chat/connect.handler")) {
            api.offer("req-1", "{}", TIMEOUT);
            assertThat(api.awaitPost().body())
                    .isEqualTo("{\"where\": \"src/chat/connect\", \"price\": 2.5, \"count\": 3}");
        }
    }

    @Test
    void noneResultPostsNull() throws Exception {
        try (var api = new RuntimeApiPeer();
                var python = BootstrapProcess.python(api, "python-echo", "src.chat.connect.nothing")) {
            api.offer("req-1", "{}", TIMEOUT);
            var post = api.awaitPost();
            assertThat(post.path()).isEqualTo("/invocation/req-1/response");
            assertThat(post.body()).isEqualTo("null");
        }
    }

    @Test
    void raisedExceptionIsPostedAndLoggedAsLambdaLogsIt() throws Exception {
        try (var api = new RuntimeApiPeer();
                var python = BootstrapProcess.python(api, "python-failures", "app.raises")) {
            api.offer("req-1", "{\"value\": 7}", TIMEOUT);
            var post = api.awaitPost();
            assertThat(post.path()).isEqualTo("/invocation/req-1/error");
            assertThat(post.errorTypeHeader()).isEqualTo("Unhandled");
            var error = JSON.readTree(post.body());
            assertThat(error.get("errorType").asText()).isEqualTo("ValueError");
            assertThat(error.get("errorMessage").asText()).isEqualTo("bad value: 7");
            assertThat(error.get("stackTrace")).hasSize(1);
            assertThat(error.get("stackTrace").get(0).asText())
                    .endsWith("python-failures/app.py\", line 2, in raises\n"
                            + "    raise ValueError(\"bad value: %s\" % event[\"value\"])\n");

            // A missing key is the handler's own KeyError, and the process stays up for it.
            api.offer("req-2", "{}", TIMEOUT);
            var second = JSON.readTree(api.awaitPost().body());
            assertThat(second.get("errorType").asText()).isEqualTo("KeyError");
            assertThat(second.get("errorMessage").asText()).isEqualTo("'value'");
            assertThat(python.stderr())
                    .contains("[ERROR] ValueError: bad value: 7\nTraceback (most recent call last):\n  File \"");
        }
    }

    @Test
    void resultThatIsNotJsonFailsTheInvocation() throws Exception {
        try (var api = new RuntimeApiPeer();
                var python = BootstrapProcess.python(api, "python-failures", "app.unserializable")) {
            api.offer("req-1", "{}", TIMEOUT);
            var post = api.awaitPost();
            assertThat(post.path()).isEqualTo("/invocation/req-1/error");
            assertThat(post.body())
                    .isEqualTo("{\"errorMessage\": \"Unable to marshal response: Object of type set is not JSON"
                            + " serializable\", \"errorType\": \"Runtime.MarshalError\", \"stackTrace\": []}");
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "python-echo        | missing.handler | Runtime.ImportModuleError    | Unable to import module 'missing': No module named 'missing'",
                "python-init-import | app.handler     | Runtime.ImportModuleError    | Unable to import module 'app': No module named 'no_such_module'",
                "python-init-syntax | app.handler     | Runtime.UserCodeSyntaxError  | Syntax error in module 'app': expected ':' (app.py, line 1)",
                "python-echo        | echo.nope       | Runtime.HandlerNotFound      | Handler 'nope' missing on module 'echo'",
                "python-echo        | echo.value      | Runtime.HandlerNotFound      | Handler 'value' on module 'echo' is not callable",
                "python-echo        | echo            | Runtime.MalformedHandlerName | Bad handler 'echo': not enough values to unpack (expected 2, got 1)",
            })
    void initFailurePostsInitErrorAndExits(String code, String handler, String type, String message) throws Exception {
        try (var api = new RuntimeApiPeer();
                var python = BootstrapProcess.python(api, code, handler)) {
            var post = api.awaitPost();
            assertThat(post.path()).isEqualTo("/init/error");
            assertThat(post.errorTypeHeader()).isEqualTo(type);
            var error = JSON.readTree(post.body());
            assertThat(error.get("errorType").asText()).isEqualTo(type);
            assertThat(error.get("errorMessage").asText()).isEqualTo(message);
            assertThat(error.get("stackTrace").isArray()).isTrue();
            assertThat(python.awaitExit(Duration.ofSeconds(10))).isEqualTo(1);
            assertThat(python.stderr()).startsWith("[ERROR] " + type + ": " + message);
        }
    }

    @Test
    void exceptionAtImportIsReportedAsItself() throws Exception {
        try (var api = new RuntimeApiPeer();
                var python = BootstrapProcess.python(api, "python-init-raises", "app.handler")) {
            var post = api.awaitPost();
            assertThat(post.path()).isEqualTo("/init/error");
            var error = JSON.readTree(post.body());
            assertThat(error.get("errorType").asText()).isEqualTo("KeyError");
            assertThat(error.get("errorMessage").asText()).isEqualTo("'TABLE_NAME'");
            assertThat(error.get("stackTrace").toString())
                    .contains("python-init-raises/app.py\\\", line 3, in <module>");
            assertThat(python.awaitExit(Duration.ofSeconds(10))).isEqualTo(1);
        }
    }

    @Test
    void exitsByItselfOnceTheRuntimeApiIsGone() throws Exception {
        var api = new RuntimeApiPeer();
        try (var python = BootstrapProcess.python(api, "python-echo", "echo.handler")) {
            api.offer("req-1", "{}", TIMEOUT);
            assertThat(api.awaitPost().path()).isEqualTo("/invocation/req-1/response");
            api.close(); // the bootstrap is long-polling next by now, or about to
            assertThat(python.awaitExit(Duration.ofSeconds(10)))
                    .as(python::stderr)
                    .isZero();
        } finally {
            api.close();
        }
    }
}
