package io.wsgate.runtime;

import io.wsgate.config.RuntimeSettings;
import io.wsgate.model.Problem;
import io.wsgate.model.RuntimeFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Which program runs a function's process: the interpreter {@code gateway.runtimes} names for its
 * runtime or family, else one found on the PATH: {@code node}, or for {@code pythonX.Y} first
 * {@code pythonX.Y} (the version the handler was written for), then {@code python3}. A {@code
 * pythonX.Y} on the PATH that does not start is passed over: version managers such as pyenv put
 * a shim for every installed version on the PATH, and the shims of versions not selected fail.
 * Whether one starts is found by running it once ({@code -c ''}) and remembered for the life of
 * the JVM; an interpreter the user named is only checked to be an executable file.
 */
final class Interpreters {
    /** How long a candidate may take to start and exit: generous, for a busy machine. */
    private static final long PROBE_SECONDS = 10;

    private static final Map<Path, Boolean> STARTS = new ConcurrentHashMap<>();

    private Interpreters() {}

    /** The interpreter for {@code runtime}; empty when none is named or found. */
    static Optional<Path> find(RuntimeFunction.Runtime runtime, RuntimeSettings settings, String pathVariable) {
        Optional<Map.Entry<String, Path>> named = settings.interpreter(runtime);
        if (named.isPresent()) {
            return locate(named.get().getValue(), pathVariable);
        }
        if (runtime.node()) {
            return RuntimeHost.find("node", pathVariable);
        }
        return RuntimeHost.find(runtime.id(), pathVariable)
                .filter(Interpreters::starts)
                .or(() -> RuntimeHost.find("python3", pathVariable));
    }

    /** The name run when nothing is found, so that the start fails naming it. */
    static String fallback(RuntimeFunction.Runtime runtime) {
        return runtime.node() ? "node" : "python3";
    }

    /**
     * The official Node.js client's command, {@code node_modules/.bin/aws-lambda-ric}, in {@code
     * code} or the nearest directory above it that has it (as {@code npm exec} looks).
     */
    static Optional<Path> awsLambdaRic(Path code) {
        for (Path dir = code.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path bin = dir.resolve("node_modules/.bin/aws-lambda-ric");
            if (Files.exists(bin)) {
                return Optional.of(bin);
            }
        }
        return Optional.empty();
    }

    /**
     * What stops {@code functions} from starting that {@code settings} and the PATH show: a named
     * interpreter that is not an executable file (reported at its {@code gateway.runtimes} path,
     * once), none found on the PATH, the official Node.js client asked for and not installed.
     */
    static List<Problem> problems(List<RuntimeFunction> functions, RuntimeSettings settings, String pathVariable) {
        var problems = new LinkedHashSet<Problem>();
        settings.interpreters().forEach((key, path) -> {
            if (locate(path, pathVariable).isEmpty()) {
                problems.add(new Problem(
                        "gateway.runtimes." + key,
                        (path.getNameCount() == 1 && !path.isAbsolute()
                                        ? "'" + path + "' is not on the PATH (" + pathVariable + ")"
                                        : "no executable file " + path)
                                + " (expected: the interpreter to run " + key + " functions with)"));
            }
        });
        for (RuntimeFunction function : functions) {
            String at = "functions." + function.name();
            RuntimeFunction.Runtime runtime = function.runtime();
            if (settings.interpreter(runtime).isEmpty()
                    && find(runtime, settings, pathVariable).isEmpty()) {
                problems.add(new Problem(
                        at + ".runtime",
                        runtime.node()
                                ? runtime.id() + " needs 'node', which is not on the PATH (" + pathVariable
                                        + "); install Node.js"
                                : runtime.id() + " needs '" + runtime.id() + "' or 'python3', and neither is on the"
                                        + " PATH (" + pathVariable + "); install Python 3, or name an interpreter"
                                        + " under gateway.runtimes"));
            }
            if (runtime.node()
                    && settings.nodeClient() == RuntimeSettings.NodeClient.AWS_LAMBDA_RIC
                    && Files.isDirectory(function.code())
                    && awsLambdaRic(function.code()).isEmpty()) {
                problems.add(new Problem(
                        at + ".code",
                        "gateway.runtimes.node-client is aws-lambda-ric, but neither " + function.code()
                                + " nor a directory above it has node_modules/.bin/aws-lambda-ric (expected: npm"
                                + " install aws-lambda-ric there)"));
            }
        }
        return new ArrayList<>(problems);
    }

    /** {@code path} if it is an executable file; a bare name, on the PATH. */
    private static Optional<Path> locate(Path path, String pathVariable) {
        if (path.getNameCount() == 1 && !path.isAbsolute()) {
            return RuntimeHost.find(path.toString(), pathVariable);
        }
        return RuntimeHost.executable(path) ? Optional.of(path) : Optional.empty();
    }

    /** Whether {@code interpreter -c ''} exits with 0. */
    private static boolean starts(Path interpreter) {
        return STARTS.computeIfAbsent(interpreter, p -> {
            try {
                Process process = new ProcessBuilder(p.toString(), "-c", "")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                process.getOutputStream().close();
                if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return false;
                }
                return process.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }
}
