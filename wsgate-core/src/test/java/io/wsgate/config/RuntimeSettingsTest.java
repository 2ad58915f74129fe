package io.wsgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsgate.model.RuntimeFunction.Runtime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gateway.runtimes}: interpreters by family or by runtime, and which Node.js client runs handlers. */
class RuntimeSettingsTest {
    private static final String API = "apis: [{name: a, routeSelectionExpression: $request.body.action}]\n";

    private static ConfigFile load(Path dir, String gateway) throws Exception {
        Path file = dir.resolve("conf/app.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, gateway + API);
        return ConfigLoader.load(file);
    }

    @Test
    void withoutTheSectionNothingIsNamed(@TempDir Path dir) throws Exception {
        ConfigFile file = load(dir, "gateway: {port: 0}\n");
        assertThat(file.problems()).isEmpty();
        assertThat(file.settings().runtimes()).isEqualTo(RuntimeSettings.DEFAULT);
        assertThat(file.settings().runtimes().interpreter(Runtime.PYTHON38)).isEmpty();
    }

    @Test
    void pathsAreTakenFromTheFilesDirectoryAndNamesAreLeftForThePath(@TempDir Path dir) throws Exception {
        ConfigFile file = load(dir, """
                gateway:
                  runtimes:
                    python: ../venv/bin/python
                    python3.8: /opt/py38/bin/python3.8
                    node: node22
                    node-client: aws-lambda-ric
                """);
        assertThat(file.problems()).isEmpty();
        RuntimeSettings runtimes = file.settings().runtimes();
        assertThat(runtimes.interpreter(Runtime.PYTHON312))
                .contains(Map.entry("python", dir.resolve("venv/bin/python").toAbsolutePath()));
        assertThat(runtimes.interpreter(Runtime.PYTHON38))
                .as("a runtime's own wins over its family's")
                .contains(Map.entry("python3.8", Path.of("/opt/py38/bin/python3.8")));
        assertThat(runtimes.interpreter(Runtime.NODEJS20)).contains(Map.entry("node", Path.of("node22")));
        assertThat(runtimes.nodeClient()).isEqualTo(RuntimeSettings.NodeClient.AWS_LAMBDA_RIC);
    }

    @Test
    void anUnknownKeyOrClientIsReportedWithItsLineAndWhatIsExpected(@TempDir Path dir) throws Exception {
        ConfigFile file = load(dir, """
                gateway:
                  runtimes:
                    pyhton: /usr/bin/python3
                    node-client: ric
                """);
        List<String> located = file.report(file.problems()).problems().stream()
                .map(p -> p.line() + " " + p.problem())
                .toList();
        assertThat(located)
                .containsExactlyInAnyOrder(
                        "4 gateway.runtimes.node-client: 'ric' (expected one of: wsgate, aws-lambda-ric)",
                        "3 gateway.runtimes.pyhton: unknown member (expected one of: node, python, nodejs18.x,"
                                + " nodejs20.x, nodejs22.x, nodejs24.x, python3.8, python3.9, python3.10, python3.11, python3.12,"
                                + " python3.13, python3.14, node-modules, node-client)");
    }

    @Test
    void nodeModulesIsADirectoryRelativeToTheFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sdk/node_modules"));
        ConfigFile file = load(dir, """
                gateway:
                  runtimes: {node-modules: ../sdk/node_modules}
                """);
        assertThat(file.problems()).isEmpty();
        assertThat(file.settings().runtimes().nodeModules())
                .contains(dir.resolve("sdk/node_modules").toAbsolutePath().normalize());

        ConfigFile missing = load(dir, """
                gateway:
                  runtimes: {node-modules: ../nowhere}
                """);
        assertThat(missing.report(missing.problems()).problems().stream()
                        .map(p -> p.problem().toString())
                        .toList())
                .containsExactly("gateway.runtimes.node-modules: '../nowhere' is not a directory ("
                        + dir.resolve("nowhere").toAbsolutePath().normalize() + ")");
    }

    @Test
    void theJavaBuilderRefusesAKeyThatIsNeitherAFamilyNorARuntime() {
        assertThatThrownBy(() -> RuntimeSettings.DEFAULT.withInterpreter("ruby", Path.of("/usr/bin/ruby")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("runtimes.ruby: unknown (expected one of: node, python, nodejs18.x");
    }
}
