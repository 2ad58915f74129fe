package io.wsgate.integration;

import io.wsgate.model.Api;
import io.wsgate.model.Stage;

/**
 * Finds the function a URI names (an authorizer's {@code authorizerUri}) for one stage of one API,
 * as {@link InvokerFactory} finds an integration's backend.
 */
@FunctionalInterface
public interface FunctionBinder {
    /**
     * What a binder that only checks returns: its function, never meant to be called, fails.
     */
    LambdaFunction UNBOUND = payload -> java.util.concurrent.CompletableFuture.completedFuture(
            new FunctionResult.Failed(IntegrationResult.Failure.ERROR, "Unbound", "checked only, not bound"));

    /**
     * @throws io.wsgate.model.InvalidModelException saying why the function cannot be called
     */
    LambdaFunction bind(Api api, Stage stage, FunctionName name);
}
