package io.wsgate.integration;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gives an integration {@code timeoutInMillis} to answer; after that the event's future completes
 * with {@link IntegrationResult.Failure#TIMEOUT}, and the backend call, if still running, is
 * abandoned (in-process handlers are interrupted).
 */
public final class TimedInvoker implements Invoker {
    private final Invoker inner;
    private final int timeoutInMillis;
    private final IntegrationResult timedOut;

    public TimedInvoker(Invoker inner, int timeoutInMillis) {
        this.inner = inner;
        this.timeoutInMillis = timeoutInMillis;
        this.timedOut = new IntegrationResult.Failed(
                IntegrationResult.Failure.TIMEOUT, "no answer within " + timeoutInMillis + " ms");
    }

    @Override
    public CompletableFuture<IntegrationResult> invoke(WebSocketEvent event) {
        return inner.invoke(event).completeOnTimeout(timedOut, timeoutInMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public String toString() {
        return inner + " within " + timeoutInMillis + " ms";
    }
}
