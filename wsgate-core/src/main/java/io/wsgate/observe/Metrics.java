package io.wsgate.observe;

/** Where the gateway reports what it counts. Implementations are thread-safe and never block. */
@FunctionalInterface
public interface Metrics {
    void increment(Counter counter);
}
