package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.config.RuntimeSettings;
import io.wsgate.model.Problem;
import io.wsgate.model.RuntimeFunction;
import io.wsgate.model.RuntimeFunction.Runtime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which program runs a function's process: the one {@code gateway.runtimes} names, else {@code
 * node}, or {@code pythonX.Y} before {@code python3} from the PATH; and the official Node.js client
 * when asked for. The interpreters on the PATH here are small shell scripts that exit as a working
 * or a broken interpreter does.
 */
class InterpretersTest {
    @TempDir
    Path dir;

    private Path program(String name, int exit) throws IOException {
        Path file = Files.writeString(dir.resolve("bin/" + name), "#!/bin/sh\nexit " + exit + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private String path() {
        return dir.resolve("bin").toString();
    }

    @Test
    void aPythonRuntimesOwnVersionComesBeforePython3() throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Path python38 = program("python3.8", 0);
        Path python3 = program("python3", 0);
        assertThat(Interpreters.find(Runtime.PYTHON38, RuntimeSettings.DEFAULT, path()))
                .contains(python38);
        assertThat(Interpreters.find(Runtime.PYTHON312, RuntimeSettings.DEFAULT, path()))
                .contains(python3);
    }

    @Test
    void aVersionOnThePathThatDoesNotStartIsPassedOver() throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        program("python3.9", 127); // what a pyenv shim of a version not selected does
        Path python3 = program("python3", 0);
        assertThat(Interpreters.find(Runtime.PYTHON39, RuntimeSettings.DEFAULT, path()))
                .contains(python3);
        var launch = new Launch(dir.resolve("boot"), Map.of("PATH", path()));
        var function = RuntimeFunction.of("Connect", Runtime.PYTHON39, "connect.handler", dir);
        assertThat(launch.builder(function, 1).command())
                .containsExactly(
                        python3.toString(),
                        dir.resolve("boot/python/bootstrap.py").toString());
    }

    @Test
    void aNamedInterpreterWinsOverThePathAndARuntimesOverItsFamilys() throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        program("python3.8", 0);
        Path venv = program("venv-python", 0);
        Path old = program("old-python", 0);
        RuntimeSettings runtimes = RuntimeSettings.DEFAULT
                .withInterpreter("python", venv)
                .withInterpreter("python3.8", Path.of("old-python"));
        assertThat(Interpreters.find(Runtime.PYTHON312, runtimes, path())).contains(venv);
        assertThat(Interpreters.find(Runtime.PYTHON38, runtimes, path()))
                .as("a name without a slash is looked up on the PATH")
                .contains(old);
        assertThat(Interpreters.problems(List.of(), runtimes, path())).isEmpty();
    }

    @Test
    void aNamedInterpreterThatIsNotThereIsReportedAtItsSettingOnce() throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Path gone = dir.resolve("no/python");
        RuntimeSettings runtimes =
                RuntimeSettings.DEFAULT.withInterpreter("python", gone).withInterpreter("node", Path.of("node99"));
        var functions = List.of(
                RuntimeFunction.of("A", Runtime.PYTHON311, "a.handler", dir),
                RuntimeFunction.of("B", Runtime.PYTHON312, "b.handler", dir),
                RuntimeFunction.of("C", Runtime.NODEJS20, "c.handler", dir));
        assertThat(Interpreters.problems(functions, runtimes, path()))
                .extracting(Problem::toString)
                .containsExactly(
                        "gateway.runtimes.python: no executable file " + gone
                                + " (expected: the interpreter to run python functions with)",
                        "gateway.runtimes.node: 'node99' is not on the PATH (" + path()
                                + ") (expected: the interpreter to run node functions with)");
    }

    @Test
    void noPythonAtAllIsReportedNamingBothItLookedFor() throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        program("python3.8", 1);
        Files.writeString(dir.resolve("connect.py"), "def handler(event, context):\n    return None\n");
        var function = RuntimeFunction.of("Connect", Runtime.PYTHON38, "connect.handler", dir);
        assertThat(RuntimeHost.problems(List.of(function), path()))
                .extracting(Problem::toString)
                .containsExactly("functions.Connect.runtime: python3.8 needs 'python3.8' or 'python3', and neither"
                        + " is on the PATH (" + path() + "); install Python 3, or name an interpreter under"
                        + " gateway.runtimes");
    }

    @Test
    void theOfficialNodeClientRunsFromTheNearestNodeModulesWithTheHandler() throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Path node = program("node", 0);
        Path code = Files.createDirectories(dir.resolve("app/lambdas"));
        Files.writeString(code.resolve("sendMessage.mjs"), "export const handler = async () => ({});\n");
        var function = RuntimeFunction.of("Send", Runtime.NODEJS20, "sendMessage.handler", code);
        RuntimeSettings ric = RuntimeSettings.DEFAULT.withNodeClient(RuntimeSettings.NodeClient.AWS_LAMBDA_RIC);

        assertThat(RuntimeHost.problems(List.of(function), ric, path()))
                .extracting(Problem::toString)
                .containsExactly("functions.Send.code: gateway.runtimes.node-client is aws-lambda-ric, but neither "
                        + code + " nor a directory above it has node_modules/.bin/aws-lambda-ric (expected: npm"
                        + " install aws-lambda-ric there)");

        Path client =
                Files.createDirectories(dir.resolve("app/node_modules/.bin")).resolve("aws-lambda-ric");
        Files.writeString(client, "");
        assertThat(RuntimeHost.problems(List.of(function), ric, path())).isEmpty();
        var launch = new Launch(dir.resolve("boot"), Map.of("PATH", path()), ric);
        ProcessBuilder builder = launch.builder(function, 4711);
        assertThat(builder.command()).containsExactly(node.toString(), client.toString(), "sendMessage.handler");
        assertThat(builder.directory()).isEqualTo(code.toFile());
        assertThat(builder.environment()).containsEntry("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:4711");

        var python = RuntimeFunction.of("Connect", Runtime.PYTHON312, "connect.handler", code);
        program("python3", 0);
        assertThat(launch.builder(python, 1).command().get(1))
                .as("Python functions keep wsgate's bootstrap")
                .isEqualTo(dir.resolve("boot/python/bootstrap.py").toString());
    }
}
