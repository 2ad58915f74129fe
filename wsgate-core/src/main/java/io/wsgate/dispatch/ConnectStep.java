package io.wsgate.dispatch;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One step of the connect chain: decides the exchange itself (refusing it, say), or passes it on,
 * maybe with more in it, to {@code next} and completes with what that decides. The dispatcher runs
 * the steps in order: authorize, then the {@code $connect} integration.
 */
@FunctionalInterface
public interface ConnectStep {
    CompletableFuture<ConnectOutcome> apply(
            ConnectExchange exchange, Function<ConnectExchange, CompletableFuture<ConnectOutcome>> next);
}
