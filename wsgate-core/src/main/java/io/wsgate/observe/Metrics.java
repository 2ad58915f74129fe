package io.wsgate.observe;

/** Where the gateway reports what it counts. Implementations are thread-safe and never block. */
@FunctionalInterface
public interface Metrics {
    void increment(Counter counter);

    /** Counts {@code n} at once (lines written in one batch, say). */
    default void increment(Counter counter, long n) {
        for (long i = 0; i < n; i++) {
            increment(counter);
        }
    }
}
