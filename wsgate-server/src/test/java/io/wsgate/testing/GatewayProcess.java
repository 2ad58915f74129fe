package io.wsgate.testing;

import io.wsgate.app.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wsgate serve} in a process of its own, on this test run's class path, as a user starts it:
 * for what only a real process shows (signals, kill -9, exit codes, restarts). Its log is read
 * line by line; every wait has a timeout.
 */
public final class GatewayProcess implements AutoCloseable {
    private static final Pattern CONTROL = Pattern.compile("control plane \\(apigatewayv2\\) on (http://\\S+) ");
    private static final Pattern LISTENING = Pattern.compile("wsgate \\S+ listening on \\S+:(\\d+)");
    private static final String END = "\u0000end";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());

    private GatewayProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (var reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.add(line);
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process is gone; END below says so
            }
            lines.add(END);
        });
    }

    /** Starts {@code wsgate serve ARGS} with wsgate's log at INFO, stdout and stderr together. */
    public static GatewayProcess serve(String... args) {
        return serve(environment -> {}, args);
    }

    /**
     * As {@link #serve(String...)}, in {@code directory}: relative paths in {@code ARGS} and the
     * defaults ({@code ./wsgate-data}) are resolved there, as from the terminal a user starts it in.
     */
    public static GatewayProcess serveIn(Path directory, String... args) {
        return start(directory, environment -> {}, args);
    }

    /** As {@link #serveIn(Path, String...)}, in the environment {@code environment} leaves. */
    public static GatewayProcess serveIn(
            Path directory, java.util.function.Consumer<java.util.Map<String, String>> environment, String... args) {
        return start(directory, environment, args);
    }

    /** As {@link #serve(String...)}, in the environment {@code environment} leaves (this one's, to begin with). */
    public static GatewayProcess serve(
            java.util.function.Consumer<java.util.Map<String, String>> environment, String... args) {
        return start(null, environment, args);
    }

    /** {@code wsgate serve ARGS} in {@code directory} (null: this one). */
    private static GatewayProcess start(
            Path directory, java.util.function.Consumer<java.util.Map<String, String>> environment, String... args) {
        var command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dwsgate.log.level=INFO",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        environment.accept(builder.environment());
        try {
            return new GatewayProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code java ARGS} on this test run's class path with wsgate's log at INFO: a program
     * of its own that embeds the gateway ({@code ARGS} = a main class or a source file, then its
     * arguments).
     */
    public static GatewayProcess java(String... args) {
        var command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dwsgate.log.level=INFO",
                "-cp",
                System.getProperty("java.class.path")));
        command.addAll(List.of(args));
        try {
            return new GatewayProcess(
                    new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code command} (a script that ends up serving, such as an example's {@code run}) in
     * {@code directory}, in the environment {@code environment} leaves (this one's, to begin
     * with), stdout and stderr together.
     */
    public static GatewayProcess command(
            Path directory, java.util.function.Consumer<java.util.Map<String, String>> environment, String... command) {
        var builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        environment.accept(builder.environment());
        try {
            return new GatewayProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first line from now on that {@code test} accepts; fails if the process ends first. */
    public String awaitLine(Predicate<String> test) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String line;
            try {
                line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (line == null || line.equals(END)) {
                throw new AssertionError((line == null ? "no such line within 60 s" : "the process ended")
                        + "; it said:\n" + String.join("\n", output));
            }
            if (test.test(line)) {
                return line;
            }
        }
    }

    /** Waits until the gateway is listening; returns its control plane's URL. */
    public URI awaitControl() {
        Matcher matcher = CONTROL.matcher(awaitLine(CONTROL.asPredicate()));
        matcher.find();
        return URI.create(matcher.group(1));
    }

    /** Waits until the gateway is listening; returns its WebSocket port. */
    public int awaitPort() {
        Matcher matcher = LISTENING.matcher(awaitLine(LISTENING.asPredicate()));
        matcher.find();
        return Integer.parseInt(matcher.group(1));
    }

    /** Waits for the process to end on its own; returns its exit code. */
    public int awaitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("still running after 60 s; it said:\n" + String.join("\n", output));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Everything the process has written so far. */
    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** The gateway's process id, for signals other than SIGTERM and SIGKILL. */
    public long pid() {
        return process.pid();
    }

    /** The processes the gateway has started and that still run. */
    public List<ProcessHandle> children() {
        return process.children().filter(ProcessHandle::isAlive).toList();
    }

    /** SIGTERM: the gateway's own shutdown. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL, as kill -9: no shutdown hook runs. Returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
