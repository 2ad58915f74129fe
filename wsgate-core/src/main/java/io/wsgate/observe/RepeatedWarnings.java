package io.wsgate.observe;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Warnings that one misbehaving client or backend could repeat thousands of times a second (an
 * integration failing for every message of a flood), logged at most {@code burst} times per
 * {@code window} for each kind. The rest are counted ({@link Counter#WARNING_SUPPRESSED}), and the
 * next warning of that kind logged says how many were left out before it ({@code suppressed=N}).
 *
 * <p>The kind is the caller's key, such as the stage, route and failure: warnings that differ only
 * in their connection or request id are the same kind. Thread-safe; costs nothing when nothing is
 * warned.
 */
public final class RepeatedWarnings {
    /** Kinds remembered at most; past it all are forgotten, so the next of each is logged. */
    private static final int MAX_KINDS = 1_000;

    private final Logger log;
    private final Metrics metrics;
    private final Clock clock;
    private final long windowMillis;
    private final int burst;
    private final ConcurrentHashMap<String, Kind> kinds = new ConcurrentHashMap<>();

    /** One kind's window: guarded by itself. */
    private static final class Kind {
        long windowStart = Long.MIN_VALUE;
        int logged;
        long suppressed;
    }

    public RepeatedWarnings(Logger log, Metrics metrics, Clock clock, Duration window, int burst) {
        if (window.isNegative() || window.isZero() || burst < 1) {
            throw new IllegalArgumentException(
                    "window " + window + ", burst " + burst + " (expected: a positive window, burst >= 1)");
        }
        this.log = log;
        this.metrics = metrics;
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.burst = burst;
    }

    /**
     * Logs {@code format} with {@code args} at WARN, unless {@code burst} warnings of {@code kind}
     * were logged in this window already; then counts it instead.
     *
     * @param format an SLF4J format; {@code " suppressed={}"} is appended when warnings were left out
     */
    public void warn(String kind, String format, Object... args) {
        if (kinds.size() >= MAX_KINDS && !kinds.containsKey(kind)) {
            kinds.clear();
        }
        Kind k = kinds.computeIfAbsent(kind, key -> new Kind());
        long suppressed;
        synchronized (k) {
            long now = clock.millis();
            if (k.windowStart == Long.MIN_VALUE || now - k.windowStart >= windowMillis) {
                k.windowStart = now;
                k.logged = 0;
            }
            if (k.logged >= burst) {
                k.suppressed++;
                metrics.increment(Counter.WARNING_SUPPRESSED);
                return;
            }
            k.logged++;
            suppressed = k.suppressed;
            k.suppressed = 0;
        }
        if (suppressed == 0) {
            log.warn(format, args);
        } else {
            Object[] withCount = java.util.Arrays.copyOf(args, args.length + 1);
            withCount[args.length] = suppressed;
            log.warn(format + " suppressed={}", withCount);
        }
    }
}
