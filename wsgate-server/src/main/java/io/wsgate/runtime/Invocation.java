package io.wsgate.runtime;

import io.wsgate.integration.IntegrationResult;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One event for a function: what {@code next} answers, and the result the caller waits for. Its
 * deadline is set when a process first takes it, not when it is made, because on Lambda the
 * function's timeout counts the handler's run only: not the wait for a free process, nor the
 * cold start (init has a limit of its own, {@link FunctionPool#INIT_TIMEOUT}).
 */
final class Invocation {
    private final String requestId;
    private final byte[] event;
    private final CompletableFuture<IntegrationResult> result = new CompletableFuture<>();
    private long deadlineMillis; // 0 until taken; guarded by the pool's lock

    Invocation(String requestId, byte[] event) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.event = Objects.requireNonNull(event, "event");
    }

    String requestId() {
        return requestId;
    }

    byte[] event() {
        return event;
    }

    CompletableFuture<IntegrationResult> result() {
        return result;
    }

    /**
     * Epoch milliseconds, as {@code Lambda-Runtime-Deadline-Ms} carries it: set by the first call,
     * {@code now + timeoutMillis}, and the same on later calls (a {@code next} sent again).
     *
     * @return whether this call set it, and so must arm the timeout
     */
    boolean start(long timeoutMillis) {
        if (deadlineMillis != 0) {
            return false;
        }
        deadlineMillis = System.currentTimeMillis() + timeoutMillis;
        return true;
    }

    long deadlineMillis() {
        return deadlineMillis;
    }

    /** Completes the result once; later answers (a response after a timeout) are dropped. */
    boolean finish(IntegrationResult outcome) {
        return result.complete(outcome);
    }

    boolean done() {
        return result.isDone();
    }
}
