package io.wsgate.runtime;

import io.wsgate.model.InvalidModelException;
import io.wsgate.model.RuntimeFunction;
import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code that one or more functions name (several functions often share one directory or one
 * {@code .zip}): where their processes run it from, and what a change to it does. A directory is
 * run where it is; a {@code .zip} is unpacked into a directory of this run's, and again when it
 * changes. On a change every pool running this code retires its processes, so that each
 * function's next invocation starts on the new code.
 */
final class FunctionCode {
    /** Paths a reload's log line lists; the rest are counted. */
    private static final int LOGGED_PATHS = 3;

    private static final Logger log = LoggerFactory.getLogger(FunctionCode.class);

    private final Path path;
    private final ZippedCode zipped; // null for a directory
    private final Metrics metrics;
    // Added to when a template redefines a function while the watcher may be reading it.
    private final java.util.concurrent.CopyOnWriteArrayList<FunctionPool> pools =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * The code at {@code path}; a {@code .zip} is unpacked now under {@code scratch}.
     *
     * @throws InvalidModelException when the archive cannot be unpacked, naming {@code function}
     */
    FunctionCode(RuntimeFunction function, Path scratch, Metrics metrics) {
        this.path = function.code();
        this.metrics = metrics;
        if (function.zipped()) {
            zipped = new ZippedCode(path, scratch);
            try {
                zipped.unpack();
            } catch (ZippedCode.Refused e) {
                throw new InvalidModelException(List.of(e.problem().under("functions." + function.name())));
            }
        } else {
            zipped = null;
        }
    }

    /** What {@code function}'s processes run: {@code function} with its code where it is run from. */
    RuntimeFunction run(RuntimeFunction function) {
        return zipped == null ? function : function.withCode(zipped.directory());
    }

    Path path() {
        return path;
    }

    /** {@code pool} runs this code (once, however often it is said). */
    void add(FunctionPool pool) {
        pools.addIfAbsent(pool);
    }

    /**
     * {@code paths} changed: a {@code .zip} is unpacked again (and, if it cannot be, the old code
     * stays, the reason logged); then every pool on this code retires its processes.
     */
    void changed(CodeWatcher.Change change) {
        if (zipped != null) {
            try {
                zipped.unpack();
            } catch (ZippedCode.Refused | java.io.UncheckedIOException e) {
                metrics.increment(Counter.FUNCTION_CODE_REFUSED);
                log.warn(
                        "functions={} code changed but cannot be unpacked, the code before stays: {}",
                        names(),
                        e.getMessage());
                return;
            }
        }
        String what = describe(change);
        for (FunctionPool pool : pools) {
            log.info("function={} code changed ({}), reloading", pool.name(), what);
            metrics.increment(Counter.FUNCTION_RELOADED);
            pool.retire();
        }
    }

    private String names() {
        return pools.stream().map(FunctionPool::name).collect(Collectors.joining(","));
    }

    /** The first few paths, relative to the code, and how many more. */
    private String describe(CodeWatcher.Change change) {
        Path base = zipped == null ? path : path.getParent();
        var shown = change.paths().stream()
                .limit(LOGGED_PATHS)
                .map(p -> p.startsWith(base) && !p.equals(base)
                        ? base.relativize(p).toString()
                        : p.toString())
                .collect(Collectors.joining(", "));
        int more = change.count() - Math.min(change.count(), LOGGED_PATHS);
        return more > 0 ? shown + " and " + more + " more" : shown;
    }

    @Override
    public String toString() {
        return "FunctionCode{" + path + " " + names() + "}";
    }
}
