package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.wsgate.app.Gateway;
import io.wsgate.config.ConfigLoader;
import io.wsgate.observe.Counter;
import io.wsgate.testing.Await;
import io.wsgate.testing.TestClient;
import io.wsgate.testing.Tools;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A change to a local function's code takes effect on its next invocation, over a WebSocket
 * connection that stays open: a Node.js handler's file, a Python handler's, a module either
 * imports, a change while an invocation is running (that one finishes on the old code); and with
 * {@code hot-reload: false}, nothing changes until a restart. Real {@code node} and {@code
 * python3}; each change is written just before the message that must see it.
 */
class HotReloadTest {
    @TempDir
    static Path dir;

    static Gateway gateway;
    static final BlockingQueue<String> reloads = new LinkedBlockingQueue<>();
    static final ch.qos.logback.classic.Logger codeLog =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(FunctionCode.class);
    static final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            reloads.add(event.getFormattedMessage());
        }
    };

    static final String API = """
            apis:
              - name: reload
                routeSelectionExpression: $request.body.action
                integrations:
                  - {integrationId: node, integrationType: AWS_PROXY, integrationUri: NodeEcho}
                  - {integrationId: py, integrationType: AWS_PROXY, integrationUri: PyEcho}
                  - {integrationId: wait, integrationType: AWS_PROXY, integrationUri: Waits}
                routes:
                  - {routeKey: node, target: integrations/node, routeResponseSelectionExpression: $default}
                  - {routeKey: py, target: integrations/py, routeResponseSelectionExpression: $default}
                  - {routeKey: wait, target: integrations/wait, routeResponseSelectionExpression: $default}
                stages:
                  - stageName: dev
            """;

    static final String FUNCTIONS = """
            functions:
              NodeEcho: {runtime: nodejs20.x, handler: src/echo.handler, code: js, timeout: 30}
              PyEcho: {runtime: python3.11, handler: echo.handler, code: py, timeout: 30}
              Waits: {runtime: python3.11, handler: wait.handler, code: py, timeout: 30, reservedConcurrentExecutions: 1}
            """;

    @BeforeAll
    static void start() throws Exception {
        codeLog.setLevel(Level.INFO);
        codeLog.setAdditive(false);
        appender.start();
        codeLog.addAppender(appender);
        writeCode(dir);
        gateway = startGateway(dir, "");
    }

    @AfterAll
    static void stop() throws Exception {
        codeLog.detachAppender(appender);
        codeLog.setAdditive(true);
        codeLog.setLevel(null);
        if (gateway != null) {
            gateway.stop().get(30, TimeUnit.SECONDS);
        }
    }

    static void writeCode(Path root) throws Exception {
        Path js = Files.createDirectories(root.resolve("js/src/lib"));
        Files.writeString(js.resolve("../echo.js"), """
                const { greet } = require('./lib/greet');
                exports.handler = async (event) => ({ statusCode: 200, body: 'node v1 ' + greet() });
                """);
        Files.writeString(js.resolve("greet.js"), "exports.greet = () => 'hello';\n");
        Path py = Files.createDirectories(root.resolve("py/words"));
        Files.writeString(root.resolve("py/echo.py"), """
                from words.greeting import greet
                def handler(event, context):
                    return {"statusCode": 200, "body": "py v1 " + greet()}
                """);
        Files.writeString(py.resolve("greeting.py"), "def greet():\n    return 'hello'\n");
        Files.writeString(root.resolve("py/wait.py"), """
                import json
                def handler(event, context):
                    fifo = json.loads(event["body"]).get("fifo")
                    if fifo:
                        with open(fifo) as f:  # returns once the test opens it to write
                            f.read()
                    return {"statusCode": 200, "body": "wait v1"}
                """);
    }

    static Gateway startGateway(Path root, String gatewaySection) throws Exception {
        Path config = root.resolve("reload.yaml");
        Files.writeString(config, gatewaySection + FUNCTIONS + API);
        var file = ConfigLoader.load(config);
        assertThat(file.problems()).isEmpty();
        return Gateway.fromFile(file).port(0).start();
    }

    static TestClient client(Gateway on) {
        return TestClient.connect(URI.create("ws://127.0.0.1:" + on.port() + "/reload/dev"));
    }

    static String ask(TestClient client, String action) {
        client.send("{\"action\":\"" + action + "\"}");
        return client.awaitMessage();
    }

    /** Rewrites {@code file} with {@code from} replaced by {@code to}, as an editor saves it. */
    static void edit(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    /** Waits for {@code line} among what the code's log says, skipping other lines. */
    static void awaitLogged(String line) {
        while (!Await.next(reloads, "'" + line + "' in the log").equals(line)) {
            // another function's reload, or an earlier one
        }
    }

    static long watcherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("wsgate-code-watcher"))
                .count();
    }

    @Test
    void aGatewayWithoutLocalFunctionsWatchesNothing() {
        long watchers = watcherThreads();
        try (Gateway mock = Gateway.builder()
                .api(io.wsgate.model.Api.builder("plain")
                        .integration(io.wsgate.model.Integration.http("backend", "http://127.0.0.1:9/events"))
                        .stage("dev")
                        .build())
                .port(0)
                .start()) {
            assertThat(watcherThreads()).isEqualTo(watchers);
        }
    }

    @Test
    void anEditedNodeHandlerAnswersTheNextMessageOnTheSameConnection() throws Exception {
        try (var client = client(gateway)) {
            assertThat(ask(client, "node")).isEqualTo("node v1 hello");
            edit(dir.resolve("js/src/echo.js"), "node v1", "node v2");
            assertThat(ask(client, "node")).isEqualTo("node v2 hello");
            awaitLogged("function=NodeEcho code changed (src/echo.js), reloading");
            assertThat(ask(client, "node")).isEqualTo("node v2 hello");
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void anEditedPythonHandlerAnswersTheNextMessageOnTheSameConnection() throws Exception {
        try (var client = client(gateway)) {
            assertThat(ask(client, "py")).startsWith("py v1 ");
            edit(dir.resolve("py/echo.py"), "py v1", "py v2");
            assertThat(ask(client, "py")).startsWith("py v2 ");
            awaitLogged("function=PyEcho code changed (echo.py), reloading");
            awaitLogged("function=Waits code changed (echo.py), reloading"); // the same directory
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void anEditedModuleThatTheHandlerImportsIsReloadedToo() throws Exception {
        try (var client = client(gateway)) {
            assertThat(ask(client, "node")).endsWith(" hello");
            edit(dir.resolve("js/src/lib/greet.js"), "'hello'", "'bonjour'");
            assertThat(ask(client, "node")).endsWith(" bonjour");
            assertThat(ask(client, "py")).endsWith(" hello");
            // Python trusts a .pyc of a source with the same size and mtime second: one written now
            // would hide the same-length edit below from the reloaded process. None is written.
            assertThat(dir.resolve("py/words/__pycache__")).doesNotExist();
            edit(dir.resolve("py/words/greeting.py"), "'hello'", "'hallo'");
            assertThat(ask(client, "py")).endsWith(" hallo");
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void anInvocationRunningDuringAChangeFinishesOnTheOldCodeAndTheNextRunsTheNew() throws Exception {
        Path fifo = dir.resolve("go.fifo");
        Tools.run(List.of("mkfifo", fifo.toString())).ok();
        try (var busy = client(gateway);
                var next = client(gateway)) {
            busy.send("{\"action\":\"wait\",\"fifo\":\"" + fifo + "\"}");
            // Opening the pipe returns once the handler has opened it: the invocation is running.
            OutputStream release = CompletableFuture.supplyAsync(() -> {
                        try {
                            return Files.newOutputStream(fifo);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .get(20, TimeUnit.SECONDS);
            edit(dir.resolve("py/wait.py"), "wait v1", "wait v2");
            next.send("{\"action\":\"wait\"}"); // the one process is busy: this one waits for it
            release.close();
            assertThat(busy.awaitMessage()).isEqualTo("wait v1");
            assertThat(next.awaitMessage()).isEqualTo("wait v2");
            assertThat(ask(busy, "wait")).isEqualTo("wait v2");
            assertThat(gateway.processes("Waits")).isEqualTo(1);
        }
        assertThat(gateway.counters().count(Counter.FUNCTION_ERROR)).isZero();
    }

    @Test
    void withHotReloadOffAChangeWaitsForARestart(@TempDir Path other) throws Exception {
        writeCode(other);
        long watchers = watcherThreads();
        Gateway off = startGateway(other, "gateway: {hot-reload: false}\n");
        assertThat(watcherThreads()).as("no watcher").isEqualTo(watchers);
        try (var client = client(off)) {
            // Waits runs one process at a time, so the second message meets the first's process.
            assertThat(ask(client, "wait")).isEqualTo("wait v1");
            edit(other.resolve("py/wait.py"), "wait v1", "wait v2");
            assertThat(ask(client, "wait"))
                    .as("the same process, on the code it loaded")
                    .isEqualTo("wait v1");
            assertThat(off.processes("Waits")).isEqualTo(1);
        } finally {
            off.stop().get(30, TimeUnit.SECONDS);
        }
        assertThat(off.counters().count(Counter.FUNCTION_RELOADED)).isZero();
    }
}
