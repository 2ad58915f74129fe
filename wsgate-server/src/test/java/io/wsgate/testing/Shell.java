package io.wsgate.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One bash, fed blocks of commands one after another as a reader types them into a terminal:
 * variables and {@code export}s of one block are there for the next. It starts with no AWS
 * settings at all (no {@code AWS_*} variables, a home without {@code ~/.aws}), so that what the
 * blocks need they must set themselves. {@code set -e}: the first failing command ends the shell,
 * and the block that ran it fails with everything it printed.
 */
public final class Shell implements AutoCloseable {
    private static final String END = "\u0000end-of-block";
    private static final String GONE = "\u0000shell-ended";

    private final Process process;
    private final Path directory;
    private final Writer in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private int blocks;

    private Shell(Process process, Path directory) {
        this.process = process;
        this.directory = directory;
        this.in = process.outputWriter(StandardCharsets.UTF_8);
        Thread.ofVirtual().start(() -> {
            try (var reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the shell is gone; GONE says so
            }
            lines.add(GONE);
        });
    }

    /** A bash in {@code directory}, which is also its {@code HOME}; stdout and stderr together. */
    public static Shell in(Path directory) {
        var builder = new ProcessBuilder("bash", "--noprofile", "--norc")
                .directory(directory.toFile())
                .redirectErrorStream(true);
        var env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("HOME", directory.toString());
        env.put("AWS_CONFIG_FILE", directory.resolve("no-aws-config").toString());
        env.put(
                "AWS_SHARED_CREDENTIALS_FILE",
                directory.resolve("no-aws-credentials").toString());
        // Neither CLI may page its output or wait for a terminal.
        env.put("AWS_PAGER", "");
        env.put("TERM", "dumb");
        try {
            var shell = new Shell(builder.start(), directory);
            shell.write("set -e -o pipefail\n");
            return shell;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code block}; returns what it printed, or fails with it if a command failed. The block
     * is sourced from a file with no input, so that no command in it reads the next block.
     */
    public String run(String block) {
        Path file = directory.resolve(".block-" + ++blocks + ".sh");
        try {
            java.nio.file.Files.writeString(file, block);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write("source '" + file + "' </dev/null\nprintf '\\0end-of-block\\n'\n");
        var out = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String line;
            try {
                line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (line == null) {
                throw new AssertionError("not done within 60 s:\n" + block + "\nit printed:\n" + out);
            }
            if (line.equals(END)) {
                return out.toString();
            }
            if (line.equals(GONE)) {
                throw new AssertionError(
                        "a command failed (exit " + exitCode() + "):\n" + block + "\nit printed:\n" + out);
            }
            out.append(line).append('\n');
        }
    }

    private int exitCode() {
        try {
            return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void write(String text) {
        try {
            in.write(text);
            in.flush();
        } catch (IOException e) {
            throw new AssertionError("the shell has ended", e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
