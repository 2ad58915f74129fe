package io.wsgate.runtime;

import io.wsgate.integration.IntegrationResult;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One event for a function: what {@code next} answers, and the result the caller waits for.
 *
 * @param deadlineMillis epoch milliseconds, as {@code Lambda-Runtime-Deadline-Ms} carries it
 */
record Invocation(String requestId, byte[] event, long deadlineMillis, CompletableFuture<IntegrationResult> result) {
    Invocation {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(result, "result");
    }

    /** Completes the result once; later answers (a response after a timeout) are dropped. */
    boolean finish(IntegrationResult outcome) {
        return result.complete(outcome);
    }

    boolean done() {
        return result.isDone();
    }
}
