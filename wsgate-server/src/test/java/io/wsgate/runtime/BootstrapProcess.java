package io.wsgate.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code node} or {@code python3} running one of the bootstraps from the class path (as the
 * jar ships them) against a {@link RuntimeApiPeer}, with the environment Lambda gives a function.
 * Its stdout and stderr are read line by line as they come; closing it kills what is left.
 */
final class BootstrapProcess implements AutoCloseable {
    static final String FUNCTION = "echo";
    private static final Map<String, Boolean> INSTALLED = new java.util.concurrent.ConcurrentHashMap<>();

    private final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());

    private final Thread stdoutReader;
    private final Thread stderrReader;

    private BootstrapProcess(Process process) {
        this.process = process;
        stdoutReader = Thread.ofVirtual().start(() -> read(process.getInputStream(), stdout::add));
        stderrReader = Thread.ofVirtual().start(() -> read(process.getErrorStream(), stderr::add));
    }

    /**
     * Ends the process and returns every line it wrote to stdout and stderr that no {@link
     * #awaitStdout} took, once both streams are read to their end.
     */
    List<String> linesOnceEnded() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        stdoutReader.join(Duration.ofSeconds(10));
        stderrReader.join(Duration.ofSeconds(10));
        var lines = new ArrayList<String>();
        stdout.drainTo(lines);
        synchronized (stderr) {
            lines.addAll(stderr);
        }
        return lines;
    }

    /** {@code node bootstrap.mjs} for the handler {@code handler} of the code in test resources {@code code}. */
    static BootstrapProcess node(RuntimeApiPeer api, String code, String handler, Map<String, String> env) {
        return node(api.address(), code, handler, env);
    }

    /** As {@link #node(RuntimeApiPeer, String, String, Map)}, against the Runtime API at {@code address}. */
    static BootstrapProcess node(String address, String code, String handler, Map<String, String> env) {
        assumeTrue(installed("node"), "node is not installed: the Node.js bootstrap is not tested");
        return start(List.of("node", resource("node/bootstrap.mjs").toString()), address, code, handler, env);
    }

    /** {@code python3 bootstrap.py} for the handler {@code handler} of the code in test resources {@code code}. */
    static BootstrapProcess python(RuntimeApiPeer api, String code, String handler) {
        return python(api.address(), code, handler);
    }

    /** As {@link #python(RuntimeApiPeer, String, String)}, against the Runtime API at {@code address}. */
    static BootstrapProcess python(String address, String code, String handler) {
        assumeTrue(installed("python3"), "python3 is not installed: the Python bootstrap is not tested");
        return start(List.of("python3", resource("python/bootstrap.py").toString()), address, code, handler, Map.of());
    }

    /** Skips the test, saying why, when there is no {@code node}. */
    static void requireNode() {
        assumeTrue(installed("node"), "node is not installed: Node.js functions are not tested");
    }

    /** Skips the test, saying why, when there is no {@code python3}. */
    static void requirePython() {
        assumeTrue(installed("python3"), "python3 is not installed: Python functions are not tested");
    }

    /** A directory of handler code in this test's resources. */
    static Path code(String name) {
        return resource("functions/" + name);
    }

    /** Waits up to 20 s for a stdout line containing {@code text}. */
    String awaitStdout(String text) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            String line = stdout.poll(left, TimeUnit.NANOSECONDS);
            if (line != null && line.contains(text)) {
                return line;
            }
        }
        throw new AssertionError("no stdout line with '" + text + "' within 20 s; stderr: " + stderr());
    }

    /** The exit code once the process ends by itself, failing after {@code within}. */
    int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the bootstrap still runs after " + within + "; stderr: " + stderr());
        }
        return process.exitValue();
    }

    /** Everything written to stderr so far, one string. */
    String stderr() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private static BootstrapProcess start(
            List<String> command, String address, String code, String handler, Map<String, String> extra) {
        Path root = code(code);
        var builder = new ProcessBuilder(command).directory(root.toFile());
        var env = builder.environment();
        env.put("AWS_LAMBDA_RUNTIME_API", address);
        env.put("_HANDLER", handler);
        env.put("LAMBDA_TASK_ROOT", root.toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", FUNCTION);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + FUNCTION);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/12/01/[$LATEST]0123456789abcdef");
        env.put("AWS_REGION", "us-east-1");
        env.put("TZ", ":UTC");
        env.put("NODE_PATH", root.resolve("node_modules").toString());
        env.putAll(extra);
        try {
            var process = builder.start();
            process.getOutputStream().close();
            return new BootstrapProcess(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resource(String name) {
        var url = BootstrapProcess.class.getResource("/io/wsgate/runtime/" + name);
        if (url == null) {
            throw new AssertionError("not on the class path: io/wsgate/runtime/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean installed(String binary) {
        return INSTALLED.computeIfAbsent(binary, BootstrapProcess::probe);
    }

    private static boolean probe(String binary) {
        try {
            var probe = new ProcessBuilder(binary, "--version")
                    .redirectErrorStream(true)
                    .start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void read(InputStream in, java.util.function.Consumer<String> sink) {
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                sink.accept(line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }
}
