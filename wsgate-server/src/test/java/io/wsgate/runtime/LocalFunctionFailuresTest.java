package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.model.Api;
import io.wsgate.model.AuthorizationType;
import io.wsgate.model.Integration;
import io.wsgate.model.Problem;
import io.wsgate.model.Route;
import io.wsgate.model.RouteResponse;
import io.wsgate.model.RuntimeFunction;
import io.wsgate.testing.TestClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What fails a local function's invocation, and only that one: an init error, a process that
 * exits mid-invocation, an answer that is not JSON; and what {@code validate} finds before any
 * request. Functions registered with the Java builder.
 */
class LocalFunctionFailuresTest {
    @TempDir
    static Path dir;

    static Gateway gateway;

    static Route twoWay(String key, String integration) {
        return new Route(
                key,
                key,
                Optional.of(Route.TARGET_PREFIX + integration),
                AuthorizationType.NONE,
                Optional.empty(),
                false,
                Optional.of("$default"),
                List.of(new RouteResponse(key + "-response", RouteResponse.DEFAULT_KEY)));
    }

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("broken.py"), "def handler(event, context)\n    return 1\n");
        Files.writeString(dir.resolve("flaky.py"), """
                import json, os
                def handler(event, context):
                    if json.loads(event["body"]).get("exit"):
                        os._exit(3)
                    return {"statusCode": 200, "body": "pid " + str(os.getpid())}
                """);
        Files.writeString(dir.resolve("odd.py"), """
                def handler(event, context):
                    return {"statusCode": 200, "body": "x", "extra": 1}
                """);
        Files.writeString(dir.resolve("slowinit.py"), """
                import time
                time.sleep(1.5)
                def handler(event, context):
                    return {"statusCode": 200, "body": "ready"}
                """);
        Files.writeString(dir.resolve("stuck.py"), """
                import time
                time.sleep(60)
                def handler(event, context):
                    return {"statusCode": 200}
                """);
        var runtime = RuntimeFunction.Runtime.PYTHON311;
        gateway = Gateway.builder()
                .function(RuntimeFunction.of("Broken", runtime, "broken.handler", dir))
                .function(RuntimeFunction.of("Flaky", runtime, "flaky.handler", dir)
                        .withVariables(Map.of("MODE", "test"))
                        // One process at a time: a message that arrives before the last one's
                        // process has asked for more work would otherwise start a second.
                        .withReservedConcurrentExecutions(1))
                .function(RuntimeFunction.of("Odd", runtime, "odd.handler", dir))
                .function(RuntimeFunction.of("SlowInit", runtime, "slowinit.handler", dir)
                        .withTimeout(java.time.Duration.ofSeconds(1)))
                .function(RuntimeFunction.of("Stuck", runtime, "stuck.handler", dir))
                .api(Api.builder("failures")
                        .apiId("fails")
                        .integration(Integration.function("broken", "Broken"))
                        .integration(
                                Integration.function("flaky", "arn:aws:lambda:eu-west-1:123456789012:function:Flaky"))
                        .integration(Integration.function("odd", "Odd"))
                        .integration(Integration.function("slowinit", "SlowInit"))
                        .integration(Integration.function("stuck", "Stuck"))
                        .route(twoWay("broken", "broken"))
                        .route(twoWay("flaky", "flaky"))
                        .route(twoWay("odd", "odd"))
                        .route(twoWay("slowinit", "slowinit"))
                        .route(twoWay("stuck", "stuck"))
                        .stage("dev")
                        .build())
                .port(0)
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.stop().get(30, TimeUnit.SECONDS);
        assertThat(LocalFunctionTest.bootstraps()).isEmpty();
    }

    static TestClient client() {
        return TestClient.connect(URI.create("ws://127.0.0.1:" + gateway.port() + "/fails/dev"));
    }

    @Test
    void anInitErrorFailsTheInvocationThatStartedTheProcess() {
        try (var client = client()) {
            client.send("{\"action\":\"broken\"}");
            assertThat(client.awaitMessage()).contains("Internal server error");
            client.send("{\"action\":\"broken\"}");
            assertThat(client.awaitMessage()).contains("Internal server error");
        }
    }

    @Test
    void aProcessThatExitsFailsItsInvocationOnlyAndTheNextGetsAFreshOne() {
        try (var client = client()) {
            client.send("{\"action\":\"flaky\"}");
            String first = client.awaitMessage();
            assertThat(first).startsWith("pid ");
            client.send("{\"action\":\"flaky\",\"exit\":true}");
            assertThat(client.awaitMessage()).contains("Internal server error");
            client.send("{\"action\":\"flaky\"}");
            String after = client.awaitMessage();
            assertThat(after).startsWith("pid ").isNotEqualTo(first);
        }
    }

    @Test
    void theTimeoutCountsTheHandlerNotTheColdStart() {
        try (var client = client()) {
            client.send("{\"action\":\"slowinit\"}"); // 1.5 s of init, a timeout of 1 s
            assertThat(client.awaitMessage()).isEqualTo("ready");
        }
    }

    @Test
    void anInitPastTenSecondsIsKilledAndFailsItsInvocation() {
        try (var client = client()) {
            client.send("{\"action\":\"stuck\"}");
            assertThat(client.nextMessage(java.time.Duration.ofSeconds(30)))
                    .hasValueSatisfying(m -> assertThat(m).contains("Internal server error"));
        }
    }

    @Test
    void anAnswerThatIsNoProxyResultIsMalformedAsOnLambda() {
        try (var client = client()) {
            client.send("{\"action\":\"odd\"}");
            assertThat(client.awaitMessage()).contains("Internal server error");
        }
    }

    @Test
    void aMissingCodeDirectoryOrBinaryIsFoundBeforeAnyRequest() {
        var missing = RuntimeFunction.of("Gone", RuntimeFunction.Runtime.NODEJS20, "a.handler", dir.resolve("nope"));
        List<Problem> problems = RuntimeHost.problems(List.of(missing), dir.toString());
        assertThat(problems)
                .extracting(Problem::toString)
                .containsExactly(
                        "functions.Gone.code: no directory " + dir.resolve("nope")
                                + " (expected: the directory of the handler's code)",
                        "functions.Gone.runtime: nodejs20.x needs 'node', which is not on the PATH (" + dir
                                + "); install Node.js");
        assertThat(Gateway.builder().function(missing).check())
                .extracting(Problem::path)
                .contains("functions.Gone.code");
    }

    @Test
    void aHandlerFileThatIsNotThereIsFoundBeforeAnyRequest() throws Exception {
        Path code = Files.createDirectories(dir.resolve("handlers/src/pkg"));
        Files.writeString(code.resolve("../send.mjs"), "export const handler = async () => ({});\n");
        Files.writeString(code.resolve("__init__.py"), "");
        Files.writeString(code.resolve("mod.py"), "def handler(e, c):\n    return None\n");
        Path root = dir.resolve("handlers");
        var node = RuntimeFunction.Runtime.NODEJS20;
        var python = RuntimeFunction.Runtime.PYTHON311;
        List<RuntimeFunction> functions = List.of(
                RuntimeFunction.of("NodeOk", node, "src/send.handler", root),
                RuntimeFunction.of("PyPackage", python, "src.pkg.mod.handler", root),
                RuntimeFunction.of("PySlash", python, "src/pkg/mod.handler", root),
                RuntimeFunction.of("NodeGone", node, "src/connect.handler", root),
                RuntimeFunction.of("PyGone", python, "connect.handler", root));
        List<Problem> problems = RuntimeHost.problems(functions, System.getenv("PATH"));
        assertThat(problems)
                .extracting(Problem::toString)
                .filteredOn(p -> p.contains(".handler:"))
                .containsExactly(
                        "functions.NodeGone.handler: no src/connect.js, .mjs or .cjs in " + root
                                + " for the handler src/connect.handler",
                        "functions.PyGone.handler: no connect.py (nor a package connect) in " + root
                                + " for the handler connect.handler");
    }
}
