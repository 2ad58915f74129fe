package io.wsgate.observe;

import java.util.function.Function;

/**
 * Where a stage's access log lines go: one per connect, message and disconnect, rendered with
 * the stage's format. Implementations never block the caller; a line that cannot be kept is
 * dropped and counted.
 */
public interface AccessLog {
    /** The log of a stage without {@code accessLogSettings}: nothing is rendered. */
    AccessLog OFF = new AccessLog() {
        @Override
        public boolean on() {
            return false;
        }

        @Override
        public void write(Function<String, String> values) {}
    };

    /** Whether lines are written: when not, the caller need not gather their values. */
    boolean on();

    /**
     * Renders one line, each {@code $context} variable (named without the prefix) from {@code
     * values}, null where it has none, and queues it.
     */
    void write(Function<String, String> values);
}
