package io.wsgate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A process the benchmark started (a server, a part of a peer, a load generator), pinned to its
 * CPUs with {@code taskset}, its output in a log file unless the caller reads it. Reads its CPU
 * time and resident memory from {@code /proc}, counting the processes it started.
 */
final class Proc implements AutoCloseable {
    /** Clock ticks per second of {@code /proc/PID/stat}, 100 on Linux for x86 and ARM. */
    private static final double TICKS = 100.0;

    /** How often {@link #awaitPort} tries to connect: fine enough for S6's cold starts. */
    private static final long POLL_MILLIS = 10;

    final String name;
    final Process process;
    /** {@link System#nanoTime()} just before the process was started. */
    final long startedNanos;
    /** {@link System#nanoTime()} when {@link #awaitPort} first connected; 0 before. */
    private volatile long listeningNanos;

    private Proc(String name, Process process, long startedNanos) {
        this.name = name;
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts {@code command} on {@code cpus} (a taskset list such as {@code 1}, or empty for any);
     * stdout and stderr go to {@code log}, or stdout stays readable when {@code log} is null.
     */
    static Proc start(String name, List<String> command, String cpus, Path log, Path dir, Map<String, String> env) {
        var full = new ArrayList<String>();
        if (!cpus.isEmpty()) {
            full.addAll(List.of("taskset", "-c", cpus));
        }
        full.addAll(command);
        var builder = new ProcessBuilder(full).directory(dir.toFile());
        builder.environment().putAll(env);
        if (log != null) {
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
        } else {
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        try {
            long started = System.nanoTime();
            return new Proc(name, builder.start(), started);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + String.join(" ", full), e);
        }
    }

    /** From the start of the process to its port accepting a connection, once {@link #awaitPort} has returned. */
    double millisToListen() {
        if (listeningNanos == 0) {
            throw new IllegalStateException(name + " has not been seen listening");
        }
        return (listeningNanos - startedNanos) / 1e6;
    }

    long pid() {
        return process.pid();
    }

    /** Waits until something accepts connections on 127.0.0.1:{@code port}. */
    Proc awaitPort(int port, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + " before listening on " + port);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                listeningNanos = System.nanoTime();
                return this;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " does not listen on " + port + " after " + within);
                }
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
        }
    }

    /** User + system CPU seconds of the process and every process it started, still running. */
    double cpuSeconds() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .mapToDouble(h -> stat(h.pid())
                        .map(f -> (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS)
                        .orElse(0.0))
                .sum();
    }

    /** Resident memory in bytes, of this process alone. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS for " + name);
    }

    /** The fields of {@code /proc/PID/stat} after the command name: [0] is the state. */
    private static Optional<String[]> stat(long pid) {
        try {
            String text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Optional.of(text.substring(text.lastIndexOf(')') + 2).split(" "));
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
