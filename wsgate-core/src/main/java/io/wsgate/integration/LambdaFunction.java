package io.wsgate.integration;

import java.util.concurrent.CompletableFuture;

/**
 * A function called as Lambda calls one: a JSON payload in; the payload it returned, or its
 * error, out. What an authorizer calls, whichever way the function runs (in-process Java, a local
 * Node.js or Python process, Lambda's Invoke API); an {@code AWS_PROXY} integration is such a call
 * with the WebSocket event as payload and the result read as a proxy result.
 *
 * <p>Contract as {@link Invoker}'s: never blocks the caller, may be called concurrently, and
 * completes normally with {@link FunctionResult.Failed} when the function fails.
 */
@FunctionalInterface
public interface LambdaFunction {
    CompletableFuture<FunctionResult> call(byte[] payload);

    /**
     * As {@link #call(byte[])}, in the span {@code trace} (null for none), which the function gets
     * as Lambda gives it: {@code Lambda-Runtime-Trace-Id} for a local process, {@code
     * X-Amzn-Trace-Id} on Lambda's Invoke API. Functions that cannot be given it just run.
     */
    default CompletableFuture<FunctionResult> call(byte[] payload, io.wsgate.observe.TraceContext trace) {
        return call(payload);
    }

    /**
     * This function as an {@code AWS_PROXY} integration's backend, named {@code name} in what the
     * log says: the event as its payload, what it returns read as a Lambda proxy result, and any
     * failure (a timeout too) a function error, as API Gateway answers a failed Lambda.
     */
    default Invoker proxy(String name) {
        return event -> call(EventJson.write(event), event.trace()).thenApply(result -> switch (result) {
            case FunctionResult.Returned r -> ProxyResults.readPayload(name, r.payload());
            case FunctionResult.Failed f ->
                new IntegrationResult.Failed(
                        IntegrationResult.Failure.ERROR, "function " + name + " failed: " + f.detail());
        });
    }
}
