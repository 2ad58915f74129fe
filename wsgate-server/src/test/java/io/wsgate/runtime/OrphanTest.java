package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.testing.GatewayProcess;
import io.wsgate.testing.TestClient;
import io.wsgate.testing.Tools;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code wsgate serve} with a Node.js and a Python function, each with a live process, ended
 * the three ways a gateway ends: SIGTERM and SIGINT stop the children before the gateway exits;
 * after SIGKILL, when no code of wsgate's runs any more, the children exit by themselves because
 * their Runtime API is gone.
 */
class OrphanTest {
    @TempDir
    static Path dir;

    static final String CONFIG = """
            functions:
              Py: {runtime: python3.11, handler: echo.handler, code: py}
              Js: {runtime: nodejs20.x, handler: echo.handler, code: js}
              Bye: {runtime: python3.11, handler: bye.handler, code: py, environment: {variables: {OUT: ../disconnects.txt}}}
            apis:
              - name: orphans
                routeSelectionExpression: $request.body.action
                integrations:
                  - {integrationId: py, integrationType: AWS_PROXY, integrationUri: Py}
                  - {integrationId: js, integrationType: AWS_PROXY, integrationUri: Js}
                  - {integrationId: bye, integrationType: AWS_PROXY, integrationUri: Bye}
                routes:
                  - {routeKey: py, target: integrations/py, routeResponseSelectionExpression: $default}
                  - {routeKey: $disconnect, target: integrations/bye}
                  - {routeKey: $default, target: integrations/js, routeResponseSelectionExpression: $default}
                stages:
                  - stageName: dev
            """;

    @BeforeAll
    static void write() throws Exception {
        BootstrapProcess.requireNode();
        BootstrapProcess.requirePython();
        Files.writeString(Files.createDirectories(dir.resolve("py")).resolve("echo.py"), """
                def handler(event, context):
                    return {"statusCode": 200, "body": "py"}
                """);
        Files.writeString(dir.resolve("py").resolve("bye.py"), """
                import os
                def handler(event, context):
                    with open(os.environ["OUT"], "a") as out:
                        out.write(event["requestContext"]["connectionId"] + "\\n")
                    return {"statusCode": 200}
                """);
        Files.writeString(Files.createDirectories(dir.resolve("js")).resolve("echo.js"), """
                exports.handler = async () => ({ statusCode: 200, body: 'js' });
                """);
        Files.writeString(dir.resolve("orphans.yaml"), CONFIG);
    }

    @Test
    void sigtermStopsTheChildrenBeforeTheGatewayExits() throws Exception {
        try (var gateway = serve()) {
            List<ProcessHandle> children = warm(gateway);
            gateway.terminate();
            assertThat(gateway.awaitExit()).as("128 + SIGTERM").isEqualTo(143);
            assertThat(children)
                    .as("children alive once the gateway has exited")
                    .noneMatch(ProcessHandle::isAlive);
        }
    }

    @Test
    void theDrainASigtermStartsStillReachesLocalFunctions() throws Exception {
        Path out = dir.resolve("disconnects.txt"); // OUT, relative to the function's code
        Files.deleteIfExists(out);
        try (var gateway = serve()) {
            int port = gateway.awaitPort();
            var client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/orphans/dev"));
            gateway.terminate();
            assertThat(client.awaitClose().code()).as("going away").isEqualTo(1001);
            assertThat(gateway.awaitExit()).as("128 + SIGTERM").isEqualTo(143);
            assertThat(Files.readAllLines(out))
                    .as("$disconnect ran in a Python process during the drain")
                    .hasSize(1);
            assertThat(gateway.output()).doesNotContain("is stopped");
        }
    }

    @Test
    void sigintStopsTheChildrenBeforeTheGatewayExits() throws Exception {
        try (var gateway = serve()) {
            List<ProcessHandle> children = warm(gateway);
            Tools.run(List.of("kill", "-INT", Long.toString(gateway.pid()))).ok();
            assertThat(gateway.awaitExit()).as("128 + SIGINT").isEqualTo(130);
            assertThat(children)
                    .as("children alive once the gateway has exited")
                    .noneMatch(ProcessHandle::isAlive);
        }
    }

    @Test
    void afterSigkillTheChildrenExitByThemselves() throws Exception {
        try (var gateway = serve()) {
            List<ProcessHandle> children = warm(gateway);
            gateway.kill();
            for (ProcessHandle child : children) {
                if (!exits(child, Duration.ofSeconds(10))) {
                    child.destroyForcibly(); // do not leave it behind for the rest of the run
                    throw new AssertionError(child.info().commandLine().orElse("pid " + child.pid())
                            + " still runs 10 s after its gateway was killed");
                }
            }
        }
    }

    /**
     * Whether {@code process} ends within {@code wait}. An orphan is reparented to whatever reaps
     * it here, which may never do so: a zombie (state {@code Z}) has exited all the same.
     */
    static boolean exits(ProcessHandle process, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive() || zombie(process.pid())) {
                return true;
            }
            Thread.sleep(50); // no event tells of a non-child's exit: look again shortly
        }
        return false;
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return true; // gone between the two looks
        }
    }

    static GatewayProcess serve() {
        return GatewayProcess.serveIn(
                dir, "--port", "0", "--control-port", "0", "--data-dir", "data", "--config", "orphans.yaml");
    }

    /** Sends a message to each function, so each has a process; returns those processes. */
    static List<ProcessHandle> warm(GatewayProcess gateway) {
        int port = gateway.awaitPort();
        try (var client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/orphans/dev"))) {
            client.send("{\"action\":\"py\"}");
            assertThat(client.awaitMessage()).isEqualTo("py");
            client.send("{\"action\":\"other\"}");
            assertThat(client.awaitMessage()).isEqualTo("js");
        }
        List<ProcessHandle> children = gateway.children().stream()
                .filter(p -> p.info().commandLine().orElse("").contains("bootstrap"))
                .toList();
        assertThat(children).as("one process per function").hasSize(2);
        return children;
    }
}
