package io.wsgate.runtime;

import io.wsgate.model.Problem;
import io.wsgate.model.RuntimeFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether a function's {@code handler} names a module its {@code code} holds, read as the
 * bootstraps read it, so that a handler file that is not there is reported by {@code validate}
 * and {@code serve} rather than by the first request's init error. Only what is certain to fail is
 * reported: for Node.js, no {@code FILE.js}, {@code .mjs} or {@code .cjs} (the bootstrap loads
 * nothing else); for Python, no module file, package or compiled module of that name in the code
 * directory (a handler in an installed library, which Python could also import, is not one any
 * Lambda deployment package relies on). Whether the module exports the function is known only by
 * running it: the init error says so then.
 */
final class HandlerFiles {
    private static final List<String> NODE_EXTENSIONS = List.of(".js", ".mjs", ".cjs");

    private HandlerFiles() {}

    /** The problem with {@code function}'s handler, if one can be seen without running it. */
    static Optional<Problem> problem(RuntimeFunction function) {
        Path code = function.code();
        if (!Files.isDirectory(code)) {
            return Optional.empty(); // reported as the code's own problem
        }
        String handler = function.handler();
        return function.runtime().node() ? node(code, handler) : python(code, handler);
    }

    private static Optional<Problem> node(Path code, String handler) {
        int base = handler.lastIndexOf('/') + 1;
        int dot = handler.indexOf('.', base);
        if (dot < 0) {
            return Optional.empty(); // a malformed name is RuntimeFunction's to refuse
        }
        String module = handler.substring(0, dot);
        if (NODE_EXTENSIONS.stream().anyMatch(ext -> Files.isRegularFile(code.resolve(module + ext)))) {
            return Optional.empty();
        }
        return Optional.of(new Problem(
                "handler", "no " + module + ".js, .mjs or .cjs in " + code + " for the handler " + handler));
    }

    private static Optional<Problem> python(Path code, String handler) {
        int dot = handler.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty(); // a malformed name is RuntimeFunction's to refuse
        }
        String module = handler.substring(0, dot).replace('.', '/');
        Path file = code.resolve(module);
        if (Files.isRegularFile(file.resolveSibling(file.getFileName() + ".py"))
                || Files.isRegularFile(file.resolve("__init__.py"))
                || Files.isDirectory(file) // a namespace package
                || compiled(file)) {
            return Optional.empty();
        }
        return Optional.of(new Problem(
                "handler",
                "no " + module + ".py (nor a package " + module + ") in " + code + " for the handler " + handler));
    }

    /** A {@code MODULE.*.so} or {@code .pyc} beside where {@code MODULE.py} would be. */
    private static boolean compiled(Path file) {
        Path dir = file.getParent();
        String name = file.getFileName() + ".";
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.startsWith(name) && (n.endsWith(".so") || n.endsWith(".pyc")));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
