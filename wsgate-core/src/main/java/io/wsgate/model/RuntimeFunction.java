package io.wsgate.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A Lambda function whose code runs in a child process (Node.js or Python) as Lambda runs it,
 * with Lambda's member names: {@code runtime}, {@code handler}, {@code code}, {@code
 * environment.variables}, {@code timeout}, {@code memorySize}, {@code
 * reservedConcurrentExecutions}.
 *
 * @param code the directory the handler's file is in, or a {@code .zip} of that directory
 *     (unpacked before it runs); absolute
 * @param timeout 1 s to 900 s, Lambda's bounds; Lambda's default is {@value #DEFAULT_TIMEOUT_SECONDS} s
 * @param memorySize megabytes, 128..10240; only reported to the function (its context and {@code
 *     AWS_LAMBDA_FUNCTION_MEMORY_SIZE}), not enforced
 * @param reservedConcurrentExecutions the most processes at once; empty for {@value
 *     #DEFAULT_CONCURRENCY}
 * @param role the ARN of the identity (of {@code identities:}) whose keys the process gets as {@code
 *     AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}, as a Lambda
 *     function gets its execution role's; empty for wsgate's own credentials
 */
public record RuntimeFunction(
        String name,
        Runtime runtime,
        String handler,
        Path code,
        Map<String, String> variables,
        Duration timeout,
        int memorySize,
        OptionalInt reservedConcurrentExecutions,
        java.util.Optional<String> role) {
    public static final int DEFAULT_TIMEOUT_SECONDS = 3;
    public static final int DEFAULT_MEMORY_SIZE = 128;

    /**
     * Processes per function when {@code reservedConcurrentExecutions} is not given: enough for a
     * few clients at once on a laptop, few enough that a burst does not start dozens of runtimes
     * (a Node.js or Python runtime holds 30-60 MB).
     */
    public static final int DEFAULT_CONCURRENCY = 10;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,140}");
    private static final Pattern VARIABLE = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]*");

    /** The runtimes that run in a child process, by Lambda's identifiers. */
    public enum Runtime {
        NODEJS18("nodejs18.x"),
        NODEJS20("nodejs20.x"),
        NODEJS22("nodejs22.x"),
        NODEJS24("nodejs24.x"),
        PYTHON38("python3.8"),
        PYTHON39("python3.9"),
        PYTHON310("python3.10"),
        PYTHON311("python3.11"),
        PYTHON312("python3.12"),
        PYTHON313("python3.13"),
        PYTHON314("python3.14");

        private final String id;

        Runtime(String id) {
            this.id = id;
        }

        /** Lambda's identifier, such as {@code nodejs20.x}. */
        public String id() {
            return id;
        }

        public boolean node() {
            return id.startsWith("nodejs");
        }

        /** The identifier's runtime, if it runs in a child process. */
        public static java.util.Optional<Runtime> of(String id) {
            for (Runtime r : values()) {
                if (r.id.equals(id)) {
                    return java.util.Optional.of(r);
                }
            }
            return java.util.Optional.empty();
        }

        public static String ids() {
            return String.join(
                    ", ", java.util.Arrays.stream(values()).map(Runtime::id).toList());
        }
    }

    public RuntimeFunction {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(reservedConcurrentExecutions, "reservedConcurrentExecutions");
        Objects.requireNonNull(role, "role");
        variables = Map.copyOf(new LinkedHashMap<>(variables));
        var problems = new ArrayList<Problem>();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add(new Problem("name", "'" + name + "' (expected: 1-140 letters, digits, - and _)"));
        }
        if (handler == null || !handler.matches("[^\\s]+\\.[^.\\s]+")) {
            problems.add(new Problem(
                    "handler", "'" + handler + "' (expected: FILE.EXPORT, such as connect.handler or src/app.main)"));
        }
        if (!code.isAbsolute()) {
            problems.add(new Problem("code", "'" + code + "' (expected: an absolute path)"));
        }
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofSeconds(900)) > 0) {
            problems.add(new Problem("timeout", timeout.toSeconds() + " (expected: 1..900 seconds)"));
        }
        if (memorySize < 128 || memorySize > 10240) {
            problems.add(new Problem("memorySize", memorySize + " (expected: 128..10240 MB)"));
        }
        reservedConcurrentExecutions.ifPresent(n -> {
            if (n < 1 || n > 1000) {
                problems.add(new Problem("reservedConcurrentExecutions", n + " (expected: 1..1000)"));
            }
        });
        for (String key : variables.keySet()) {
            if (!VARIABLE.matcher(key).matches()) {
                problems.add(new Problem(
                        "environment.variables." + key, "not a variable name (expected: [a-zA-Z][a-zA-Z0-9_]*)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidModelException(problems);
        }
    }

    /** A function with Lambda's defaults: 3 s, 128 MB, no variables, {@value #DEFAULT_CONCURRENCY} processes. */
    public static RuntimeFunction of(String name, Runtime runtime, String handler, Path code) {
        return new RuntimeFunction(
                name,
                runtime,
                handler,
                code.toAbsolutePath(),
                Map.of(),
                Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS),
                DEFAULT_MEMORY_SIZE,
                OptionalInt.empty(),
                java.util.Optional.empty());
    }

    /** The same function with its code at {@code value}: where a {@code .zip} of it was unpacked, say. */
    public RuntimeFunction withCode(Path value) {
        return new RuntimeFunction(
                name, runtime, handler, value, variables, timeout, memorySize, reservedConcurrentExecutions, role);
    }

    public RuntimeFunction withTimeout(Duration value) {
        return new RuntimeFunction(
                name, runtime, handler, code, variables, value, memorySize, reservedConcurrentExecutions, role);
    }

    public RuntimeFunction withVariables(Map<String, String> value) {
        return new RuntimeFunction(
                name, runtime, handler, code, value, timeout, memorySize, reservedConcurrentExecutions, role);
    }

    /** This function running as the identity whose ARN is {@code arn}, as a Lambda function runs as its role. */
    public RuntimeFunction withRole(String arn) {
        return new RuntimeFunction(
                name,
                runtime,
                handler,
                code,
                variables,
                timeout,
                memorySize,
                reservedConcurrentExecutions,
                java.util.Optional.of(arn));
    }

    public RuntimeFunction withMemorySize(int value) {
        return new RuntimeFunction(
                name, runtime, handler, code, variables, timeout, value, reservedConcurrentExecutions, role);
    }

    public RuntimeFunction withReservedConcurrentExecutions(int value) {
        return new RuntimeFunction(
                name, runtime, handler, code, variables, timeout, memorySize, OptionalInt.of(value), role);
    }

    /** How many processes may run at once. */
    public int concurrency() {
        return reservedConcurrentExecutions.orElse(DEFAULT_CONCURRENCY);
    }

    /** Whether {@code code} names a {@code .zip} archive rather than a directory. */
    public boolean zipped() {
        return zipped(code);
    }

    /** Whether {@code path} names a {@code .zip} archive, by its name, as Lambda tells them. */
    public static boolean zipped(Path path) {
        Path name = path.getFileName();
        return name != null
                && name.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip");
    }

    /** What is in the way of running it that the file system shows: the code directory or archive. */
    public List<Problem> missing() {
        if (zipped()) {
            if (!java.nio.file.Files.isRegularFile(code)) {
                return List.of(new Problem("code", "no file " + code + " (expected: a .zip of the handler's code)"));
            }
            if (!java.nio.file.Files.isReadable(code)) {
                return List.of(new Problem("code", "cannot read " + code + " (expected: a .zip wsgate can read)"));
            }
            return List.of();
        }
        if (!java.nio.file.Files.isDirectory(code)) {
            return List.of(
                    new Problem("code", "no directory " + code + " (expected: the directory of the handler's code)"));
        }
        return List.of();
    }
}
