package io.wsgate.integration;

import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.IntegrationType;
import io.wsgate.model.InvalidModelException;
import io.wsgate.model.Stage;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Makes the {@link Invoker} that serves one integration on one stage. The integration's URI
 * already has the stage's variables substituted.
 */
@FunctionalInterface
public interface InvokerFactory {
    /**
     * What a factory that only checks returns: it makes no client and opens nothing, and its
     * invoker, never meant to be called, answers every event with a failure.
     */
    Invoker UNBOUND = event -> java.util.concurrent.CompletableFuture.completedFuture(
            new IntegrationResult.Failed(IntegrationResult.Failure.ERROR, "checked only, not bound"));

    /**
     * @throws io.wsgate.model.InvalidModelException saying which member of the integration stops it
     *     from being served ({@code integrationUri}, {@code integrationType}, ...), and why
     */
    Invoker create(Api api, Stage stage, Integration integration);

    /** A factory that hands each integration to the factory for its type. */
    static InvokerFactory byType(Map<IntegrationType, InvokerFactory> factories) {
        var copy = new EnumMap<IntegrationType, InvokerFactory>(factories);
        String served = copy.keySet().stream().map(Enum::name).collect(Collectors.joining(", "));
        return (api, stage, integration) -> {
            InvokerFactory factory = copy.get(integration.integrationType());
            if (factory == null) {
                throw new InvalidModelException(
                        "integrationType",
                        integration.integrationType() + " is not supported (supported: " + served + ")");
            }
            return factory.create(api, stage, integration);
        };
    }
}
