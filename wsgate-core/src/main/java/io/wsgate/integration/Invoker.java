package io.wsgate.integration;

import java.util.concurrent.CompletableFuture;

/**
 * Calls one integration's backend with an event. Every integration kind (in-process handler,
 * HTTP, Lambda, MOCK) is one of these; timeouts and the like wrap it.
 *
 * <p>Contract: never blocks the caller, may be called concurrently, and completes the future
 * normally with {@link IntegrationResult.Failed} rather than exceptionally when the backend fails.
 */
@FunctionalInterface
public interface Invoker {
    CompletableFuture<IntegrationResult> invoke(WebSocketEvent event);
}
