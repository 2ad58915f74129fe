package io.wsgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the tools users drive wsgate with (the AWS CLI, python3 with boto3, shell scripts) with the
 * environment an AWS user would have: credentials, a region, no instance metadata, no pager.
 */
public final class Tools {
    private Tools() {}

    /** How a command ended. */
    public record Run(int exit, String out, String err) {
        /** Fails, showing what the command said, unless it exited with 0. */
        public Run ok() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + "\n" + out + err);
            }
            return this;
        }
    }

    /** Runs {@code command}, failing the test if it takes more than two minutes. */
    public static Run run(List<String> command) {
        return run(command, java.util.Map.of());
    }

    /** As {@link #run(List)}, with {@code environment} over the defaults (other credentials, say). */
    public static Run run(List<String> command, java.util.Map<String, String> environment) {
        var builder = new ProcessBuilder(command);
        var env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        env.remove("AWS_SESSION_TOKEN");
        env.putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            var err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String out = read(process.getInputStream());
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within 120 s");
            }
            return new Run(process.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** How {@code probe} ended if it exited with 0; empty if it failed or is not installed. */
    public static java.util.Optional<Run> probe(List<String> probe) {
        try {
            return java.util.Optional.of(run(probe)).filter(r -> r.exit() == 0);
        } catch (UncheckedIOException e) {
            return java.util.Optional.empty();
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
