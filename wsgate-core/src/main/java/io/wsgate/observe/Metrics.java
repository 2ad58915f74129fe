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

    /*
     * What is reported with a label as well as counted. Each default does nothing, so a sink that
     * counts only (tests, the counters alone) need not know them.
     */

    /** A connection ended with the close code {@code code} (1006 when no close frame came). */
    default void disconnected(int code) {}

    /** A handshake refused with {@code status} (401, 403, 429, 500, 502...). */
    default void connectRefused(int status) {}

    /**
     * A local function's invocation ended after {@code durationNanos}; {@code initNanos} is how
     * long its process took to start when one was started for it (a cold start), else negative.
     */
    default void functionInvoked(String function, long durationNanos, long initNanos) {}

    /** A push ({@code POST @connections/{id}}) answered: {@code sent}, {@code gone}, {@code too_large}, {@code throttled}, {@code forbidden}... */
    default void pushed(String result) {}

    /** A control-plane call to {@code operation} ({@code CreateApi}...; {@code unknown}) answered {@code status}. */
    default void controlCall(String operation, int status) {}
}
