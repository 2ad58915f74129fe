package io.wsgate.integration;

import io.wsgate.connection.Connections;
import java.time.Duration;

/**
 * What an in-process handler gets besides the event.
 *
 * @param connections the {@code @connections} operations for the event's API and stage, without
 *     HTTP
 * @param functionName the name the handler is registered under
 * @param deadlineNanos {@link System#nanoTime()} at which the integration times out
 */
public record HandlerContext(Connections connections, String functionName, long deadlineNanos) {
    public Duration remainingTime() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }
}
