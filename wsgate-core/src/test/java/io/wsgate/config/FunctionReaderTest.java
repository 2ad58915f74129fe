package io.wsgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.model.RuntimeFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code functions:} entries with Lambda's members, beside the class-name shorthand. */
class FunctionReaderTest {
    private static final String API = """
            apis:
              - name: a
                routeSelectionExpression: $request.body.action
                integrations:
                  - {integrationId: i, integrationType: MOCK}
                routes:
                  - {routeKey: $default, target: integrations/i}
                stages:
                  - stageName: dev
            """;

    private static ConfigFile load(Path dir, String functions) throws Exception {
        Path file = dir.resolve("conf/app.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, functions + API);
        return ConfigLoader.load(file);
    }

    private static List<String> located(ConfigFile file) {
        return file.report(file.problems()).problems().stream()
                .map(p -> p.line() + " " + p.problem())
                .toList();
    }

    @Test
    void anEntryWithLambdasMembersIsARuntimeFunction(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("backend"));
        ConfigFile file = load(dir, """
                functions:
                  Shout: com.example.Shout
                  Connect:
                    runtime: python3.12
                    handler: connect.handler
                    code: ../backend
                    environment: {variables: {TABLE_NAME: connections}}
                    timeout: 10
                    memorySize: 256
                    reservedConcurrentExecutions: 2
                  Send: {runtime: nodejs20.x, handler: src/send.handler, code: ../backend}
                  Java: {runtime: java21, handler: "com.example.Handler::handleRequest"}
                """);
        assertThat(file.problems()).isEmpty();
        assertThat(file.functions())
                .containsExactly(Map.entry("Shout", "com.example.Shout"), Map.entry("Java", "com.example.Handler"));
        RuntimeFunction connect = file.runtimeFunctions().get(0);
        assertThat(connect.runtime()).isEqualTo(RuntimeFunction.Runtime.PYTHON312);
        assertThat(connect.code()).isEqualTo(dir.resolve("backend").toAbsolutePath());
        assertThat(connect.variables()).containsExactly(Map.entry("TABLE_NAME", "connections"));
        assertThat(connect.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(connect.memorySize()).isEqualTo(256);
        assertThat(connect.concurrency()).isEqualTo(2);
        RuntimeFunction send = file.runtimeFunctions().get(1);
        assertThat(send.timeout()).as("Lambda's default").isEqualTo(Duration.ofSeconds(3));
        assertThat(send.memorySize()).isEqualTo(128);
        assertThat(send.concurrency()).isEqualTo(RuntimeFunction.DEFAULT_CONCURRENCY);
    }

    @Test
    void everyProblemIsReportedWithItsLine(@TempDir Path dir) throws Exception {
        ConfigFile file = load(dir, """
                functions:
                  A: {runtime: ruby3.3, handler: app.handler, code: .}
                  B: {runtime: python3.11, handler: nodot, code: ., timeout: 901, memorySize: 64}
                  C: {runtime: nodejs22.x, handler: a.b, code: missing}
                  D: {runtime: nodejs22.x, handler: a.b, code: bundle.zip, tiemout: 3}
                  E: {handler: a.b, code: .}
                  F: [1]
                """);
        assertThat(located(file))
                .containsExactlyInAnyOrder(
                        "2 functions.A.runtime: 'ruby3.3' (expected one of: " + RuntimeFunction.Runtime.ids()
                                + ", java17, java21)",
                        "3 functions.B.handler: 'nodot' (expected: FILE.EXPORT, such as connect.handler or src/app.main)",
                        "3 functions.B.timeout: 901 (expected: 1..900 seconds)",
                        "3 functions.B.memorySize: 64 (expected: 128..10240 MB)",
                        "4 functions.C.code: no directory "
                                + dir.resolve("conf/missing").toAbsolutePath()
                                + " (expected: the directory of the handler's code)",
                        "5 functions.D.code: no file "
                                + dir.resolve("conf/bundle.zip").toAbsolutePath()
                                + " (expected: a .zip of the handler's code)",
                        "5 functions.D.tiemout: unknown member (expected one of: runtime, handler, code, environment,"
                                + " timeout, memorySize, reservedConcurrentExecutions, role)",
                        "6 functions.E.runtime: missing (expected: a Lambda runtime: " + RuntimeFunction.Runtime.ids()
                                + ", java17, java21)",
                        "7 functions.F: expected a class name or an object, got a list");
    }
}
