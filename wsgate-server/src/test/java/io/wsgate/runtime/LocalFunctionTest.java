package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.config.ConfigLoader;
import io.wsgate.testing.TestClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node.js and Python handlers, written as for Lambda, in real {@code node} and {@code python3}
 * processes behind a WebSocket API read from a file: connect, two-way messages, a timeout, an
 * error, one process for a client that sends one message at a time, three clients at once on a
 * function limited to two processes, quick handlers kept to as many processes as cores and slow
 * ones given more, no process after stop.
 */
class LocalFunctionTest {
    @TempDir
    static Path dir;

    static Gateway gateway;

    /** The cores this JVM, and so the gateway, may use. */
    static final int CORES = Runtime.getRuntime().availableProcessors();

    static final String CONFIG = """
            functions:
              Connect: {runtime: python3.11, handler: connect.handler, code: py}
              PyEcho:
                runtime: python3.12
                handler: echo.handler
                code: py
                environment: {variables: {GREETING: hello}}
              Slow: {runtime: python3.11, handler: slow.handler, code: py, timeout: 1}
              Fail: {runtime: python3.11, handler: fail.handler, code: py}
              Busy: {runtime: python3.11, handler: busy.handler, code: py, reservedConcurrentExecutions: 2}
              Sleeper: {runtime: python3.11, handler: busy.sleeper, code: py, reservedConcurrentExecutions: %d}
              Quick: {runtime: nodejs20.x, handler: src/echo.handler, code: js}
              NodeEcho: {runtime: nodejs20.x, handler: src/echo.handler, code: js}
              OneAtATime: {runtime: nodejs20.x, handler: src/echo.handler, code: js}
            apis:
              - name: local
                routeSelectionExpression: $request.body.action
                integrations:
                  - {integrationId: connect, integrationType: AWS_PROXY, integrationUri: Connect}
                  - {integrationId: py, integrationType: AWS_PROXY, integrationUri: "arn:aws:lambda:us-east-1:123456789012:function:PyEcho"}
                  - {integrationId: slow, integrationType: AWS_PROXY, integrationUri: Slow}
                  - {integrationId: fail, integrationType: AWS_PROXY, integrationUri: Fail}
                  - {integrationId: busy, integrationType: AWS_PROXY, integrationUri: Busy}
                  - {integrationId: sleeper, integrationType: AWS_PROXY, integrationUri: Sleeper}
                  - {integrationId: quick, integrationType: AWS_PROXY, integrationUri: Quick}
                  - {integrationId: one, integrationType: AWS_PROXY, integrationUri: OneAtATime}
                  - {integrationId: node, integrationType: AWS_PROXY, integrationUri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:NodeEcho/invocations"}
                routes:
                  - {routeKey: $connect, target: integrations/connect}
                  - {routeKey: py, target: integrations/py, routeResponseSelectionExpression: $default}
                  - {routeKey: slow, target: integrations/slow, routeResponseSelectionExpression: $default}
                  - {routeKey: fail, target: integrations/fail, routeResponseSelectionExpression: $default}
                  - {routeKey: busy, target: integrations/busy, routeResponseSelectionExpression: $default}
                  - {routeKey: sleeper, target: integrations/sleeper, routeResponseSelectionExpression: $default}
                  - {routeKey: quick, target: integrations/quick, routeResponseSelectionExpression: $default}
                  - {routeKey: one, target: integrations/one, routeResponseSelectionExpression: $default}
                  - {routeKey: $default, target: integrations/node, routeResponseSelectionExpression: $default}
                stages:
                  - stageName: dev
            """;

    @BeforeAll
    static void start() throws Exception {
        Path py = Files.createDirectories(dir.resolve("py"));
        Files.writeString(py.resolve("connect.py"), """
                def handler(event, context):
                    if (event.get("queryStringParameters") or {}).get("deny"):
                        return {"statusCode": 403}
                    return {"statusCode": 200}
                """);
        Files.writeString(py.resolve("echo.py"), """
                import json, os
                def handler(event, context):
                    body = json.loads(event["body"])
                    return {"statusCode": 200, "body": os.environ["GREETING"] + " " + body["data"]
                            + " from " + os.environ["AWS_LAMBDA_FUNCTION_NAME"]}
                """);
        Files.writeString(py.resolve("slow.py"), """
                import time
                def handler(event, context):
                    time.sleep(30)
                """);
        Files.writeString(py.resolve("fail.py"), """
                def handler(event, context):
                    raise ValueError("boom")
                """);
        Files.writeString(py.resolve("busy.py"), """
                import os, time
                def handler(event, context):
                    time.sleep(0.3)
                    return {"statusCode": 200, "body": "done by " + str(os.getpid())}
                def sleeper(event, context):
                    time.sleep(1.5)
                    return {"statusCode": 200, "body": "done by " + str(os.getpid())}
                """);
        Path js = Files.createDirectories(dir.resolve("js/src"));
        Files.writeString(js.resolve("echo.js"), """
                exports.handler = async (event) => ({ statusCode: 200, body: 'node ' + event.body });
                """);
        Path config = dir.resolve("local.yaml");
        Files.writeString(config, CONFIG.formatted(CORES + 2));
        var file = ConfigLoader.load(config);
        assertThat(file.problems()).isEmpty();
        gateway = Gateway.fromFile(file).port(0).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.stop().get(30, TimeUnit.SECONDS);
            assertThat(bootstraps()).as("no runtime process after stop").isEmpty();
        }
    }

    static List<ProcessHandle> bootstraps() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("bootstrap"))
                .toList();
    }

    static TestClient client() {
        return TestClient.connect(URI.create("ws://127.0.0.1:" + gateway.port() + "/local/dev"));
    }

    @Test
    void pythonAndNodeHandlersAnswerMessages() {
        try (var client = client()) {
            client.send("{\"action\":\"py\",\"data\":\"world\"}");
            assertThat(client.awaitMessage()).isEqualTo("hello world from PyEcho");
            client.send("{\"action\":\"other\"}");
            assertThat(client.awaitMessage()).isEqualTo("node {\"action\":\"other\"}");
        }
    }

    @Test
    void aConnectHandlerThatRefusesIsA403() {
        assertThat(TestClient.refusal(URI.create("ws://127.0.0.1:" + gateway.port() + "/local/dev?deny=1")))
                .isEqualTo(403);
    }

    @Test
    void aTimeoutKillsTheProcessAndTheClientHearsInternalServerError() {
        try (var client = client()) {
            client.send("{\"action\":\"slow\"}");
            assertThat(client.awaitMessage()).contains("Internal server error");
            client.send("{\"action\":\"slow\"}");
            assertThat(client.awaitMessage())
                    .as("a fresh process, timed out too")
                    .contains("Internal server error");
        }
    }

    @Test
    void anErrorTheHandlerRaisesIsAFailedInvocation() {
        try (var client = client()) {
            client.send("{\"action\":\"fail\"}");
            assertThat(client.awaitMessage()).contains("Internal server error");
            client.send("{\"action\":\"py\",\"data\":\"again\"}");
            assertThat(client.awaitMessage()).isEqualTo("hello again from PyEcho");
        }
    }

    @Test
    void aClientSendingOneMessageAtATimeKeepsOneProcess() {
        try (var client = client()) {
            for (int i = 0; i < 30; i++) {
                client.send("{\"action\":\"one\",\"i\":" + i + "}");
                assertThat(client.awaitMessage()).isEqualTo("node {\"action\":\"one\",\"i\":" + i + "}");
            }
        }
        // Each message comes as the process that answered the last one is about to ask for more:
        // it waits for that process rather than starting another, up to the concurrency of 10.
        assertThat(gateway.processes("OneAtATime")).isEqualTo(1);
    }

    @Test
    void threeClientsAtOnceShareAPoolOfTwo() throws Exception {
        var pids = answeredBy(3, "busy");
        assertThat(pids)
                .as("processes that answered, at most reservedConcurrentExecutions")
                .hasSize(2);
        assertThat(gateway.processes("Busy")).isEqualTo(2);
    }

    @Test
    void handlersThatWaitGetAProcessEachBeyondTheCores() throws Exception {
        // Each sleeps 1.5 s holding its process, with the cores idle: the pool grows past them.
        var pids = answeredBy(CORES + 2, "sleeper");
        assertThat(pids)
                .as("a process for each of " + (CORES + 2) + " invocations at once, on " + CORES + " cores")
                .hasSize(CORES + 2);
        assertThat(gateway.processes("Sleeper")).isEqualTo(CORES + 2);
    }

    @Test
    void quickHandlersFromManyClientsKeepToTheCores() throws Exception {
        var clients = new ArrayList<TestClient>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 12; i++) {
                clients.add(client());
            }
            var loops = clients.stream()
                    .map(c -> CompletableFuture.runAsync(
                            () -> {
                                for (int i = 0; i < 40; i++) {
                                    c.send("{\"action\":\"quick\",\"i\":" + i + "}");
                                    assertThat(c.awaitMessage())
                                            .isEqualTo("node {\"action\":\"quick\",\"i\":" + i + "}");
                                }
                            },
                            threads))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(loops).get(60, TimeUnit.SECONDS);
        } finally {
            clients.forEach(TestClient::close);
        }
        // 12 messages in flight, each answered in about a millisecond: more processes than cores
        // would only take turns on them, so the pool stays at the cores, not at its 10.
        assertThat(gateway.processes("Quick")).isBetween(1, Math.min(CORES, 10));
    }

    /** Sends {@code action} from {@code count} clients at once; the answers, one per client. */
    private static java.util.Set<String> answeredBy(int count, String action) throws Exception {
        var clients = new ArrayList<TestClient>();
        try {
            for (int i = 0; i < count; i++) {
                clients.add(client());
            }
            for (TestClient c : clients) {
                c.send("{\"action\":\"" + action + "\"}");
            }
            var answers = new ArrayList<CompletableFuture<String>>();
            for (TestClient c : clients) {
                answers.add(CompletableFuture.supplyAsync(c::awaitMessage));
            }
            var pids = new java.util.HashSet<String>();
            for (var answer : answers) {
                String text = answer.get(20, TimeUnit.SECONDS);
                assertThat(text).startsWith("done by ");
                pids.add(text);
            }
            return pids;
        } finally {
            clients.forEach(TestClient::close);
        }
    }
}
