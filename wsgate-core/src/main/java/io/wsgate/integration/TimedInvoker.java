package io.wsgate.integration;

import java.util.concurrent.CompletableFuture;

/**
 * Gives an integration {@code timeoutInMillis} to answer; after that the event's future completes
 * with {@link IntegrationResult.Failure#TIMEOUT}, and the backend call, if still running, is
 * abandoned (in-process handlers are interrupted).
 */
public final class TimedInvoker implements Invoker {
    private final Invoker inner;
    private final int timeoutInMillis;
    private final Timeouts timeouts;
    private final IntegrationResult timedOut;

    public TimedInvoker(Invoker inner, int timeoutInMillis) {
        this(inner, timeoutInMillis, Timeouts.JDK);
    }

    /** As above, with the timer {@code timeouts} sets, and cancels once the integration answers. */
    public TimedInvoker(Invoker inner, int timeoutInMillis, Timeouts timeouts) {
        this.inner = inner;
        this.timeoutInMillis = timeoutInMillis;
        this.timeouts = timeouts;
        this.timedOut = new IntegrationResult.Failed(
                IntegrationResult.Failure.TIMEOUT, "no answer within " + timeoutInMillis + " ms");
    }

    @Override
    public CompletableFuture<IntegrationResult> invoke(WebSocketEvent event) {
        return timeouts.completeOnTimeout(inner.invoke(event), timedOut, timeoutInMillis);
    }

    @Override
    public String toString() {
        return inner + " within " + timeoutInMillis + " ms";
    }
}
