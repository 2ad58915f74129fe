package io.wsgate.config;

import io.wsgate.model.InvalidModelException;
import io.wsgate.model.RuntimeFunction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads {@code functions:}. An entry is either a class name (an in-process Java handler) or an
 * object with Lambda's members:
 *
 * <pre>{@code
 * functions:
 *   Shout: com.example.Shout
 *   Connect:
 *     runtime: python3.12
 *     handler: connect.handler
 *     code: ./backend          # a directory or a .zip, relative to the file
 *     environment: {variables: {TABLE_NAME: connections}}
 *     timeout: 3               # seconds, 1..900
 *     memorySize: 128          # MB, 128..10240
 *     reservedConcurrentExecutions: 10
 *     role: arn:aws:iam::123456789012:role/backend   # an identity's: its keys sign the function's calls
 * }</pre>
 *
 * A {@code java17} or {@code java21} function is an in-process one: its {@code handler} ({@code
 * com.example.Handler::handleRequest}, or a class name) names the class, loaded as the shorthand's.
 * A {@code .zip} as {@code code} is unpacked by the runtime host before the function runs; here it
 * is only looked for, as a directory is.
 */
final class FunctionReader {
    private static final List<String> JAVA = List.of("java17", "java21");

    /** What {@code functions:} holds. */
    record Read(Map<String, String> classes, List<RuntimeFunction> runtimes) {}

    private FunctionReader() {}

    static Read read(Members top, Path base) {
        var classes = new LinkedHashMap<String, String>();
        var runtimes = new java.util.ArrayList<RuntimeFunction>();
        for (Members.Entry entry : top.entries("functions")) {
            if (entry.text().isPresent()) {
                classes.put(entry.key(), entry.text().get());
                continue;
            }
            Members m = entry.object().orElseThrow();
            String runtime =
                    m.required("runtime", "a Lambda runtime: " + RuntimeFunction.Runtime.ids() + ", java17, java21");
            String handler = m.required("handler", "as Lambda reads it, such as connect.handler or src/app.main");
            if (runtime != null && JAVA.contains(runtime)) {
                if (handler != null) {
                    classes.put(entry.key(), handler.replaceFirst("::.*$", ""));
                }
                // Read so that they are known members; an in-process handler has no process to size.
                m.string("code");
                m.object("environment").ifPresent(e -> {
                    e.stringMap("variables");
                    e.finish();
                });
                m.integer("timeout");
                m.integer("memorySize");
                m.integer("reservedConcurrentExecutions");
                m.string("role"); // an in-process handler runs with wsgate's own credentials
                m.finish();
                continue;
            }
            Optional<RuntimeFunction.Runtime> known = Optional.empty();
            if (runtime != null) {
                known = RuntimeFunction.Runtime.of(runtime);
                if (known.isEmpty()) {
                    m.problem(
                            "runtime",
                            "'" + runtime + "' (expected one of: " + RuntimeFunction.Runtime.ids()
                                    + ", java17, java21)");
                }
            }
            Path code = code(m, base);
            Map<String, String> variables = m.object("environment")
                    .map(e -> {
                        Map<String, String> v = e.stringMap("variables");
                        e.finish();
                        return v;
                    })
                    .orElse(Map.of());
            int timeout = m.integer("timeout").orElse(RuntimeFunction.DEFAULT_TIMEOUT_SECONDS);
            int memory = m.integer("memorySize").orElse(RuntimeFunction.DEFAULT_MEMORY_SIZE);
            Optional<Integer> reserved = m.integer("reservedConcurrentExecutions");
            Optional<String> role = m.string("role");
            m.finish();
            if (known.isEmpty() || handler == null || code == null) {
                continue;
            }
            try {
                var function = new RuntimeFunction(
                        entry.key(),
                        known.get(),
                        handler,
                        code,
                        variables,
                        Duration.ofSeconds(timeout),
                        memory,
                        reserved.map(OptionalInt::of).orElse(OptionalInt.empty()),
                        role);
                function.missing().forEach(p -> m.report(p.under(entry.path())));
                runtimes.add(function);
            } catch (InvalidModelException e) {
                e.problems().forEach(p -> m.report(p.under(entry.path())));
            }
        }
        return new Read(classes, runtimes);
    }

    private static Path code(Members m, Path base) {
        String code = m.required("code", "the directory of the handler's code, or a .zip of it, relative to this file");
        if (code == null) {
            return null;
        }
        try {
            return base.resolve(code).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            m.problem("code", "'" + code + "' is not a path: " + e.getMessage());
            return null;
        }
    }
}
