package io.wsgate.app;

import io.wsgate.dispatch.Deployer;
import io.wsgate.integration.FunctionInvoker;
import io.wsgate.integration.Functions;
import io.wsgate.integration.Invoker;
import io.wsgate.integration.InvokerFactory;
import io.wsgate.integration.MockInvoker;
import io.wsgate.integration.lambda.LambdaIntegrations;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.IntegrationType;
import io.wsgate.model.InvalidModelException;
import io.wsgate.model.Stage;
import io.wsgate.runtime.RuntimeHost;
import java.net.URI;
import java.util.Map;

/**
 * Integration factories that refuse what serving refuses and make nothing: no Vert.x, no HTTP or
 * Lambda client, no thread. {@code validate}, the first step of {@code serve} and the control
 * plane's deployment checks use them, so all three report the same problems.
 */
final class CheckingInvokers {
    private CheckingInvokers() {}

    /** A deployer over these factories, with {@code functions} as the in-process handlers and {@code runtimeFunctions} run in processes. */
    static Deployer deployer(Functions functions, java.util.Set<String> runtimeFunctions) {
        return new Deployer(InvokerFactory.byType(Map.of(
                IntegrationType.AWS_PROXY,
                FunctionInvoker.checker(functions, RuntimeHost.checker(runtimeFunctions, LambdaIntegrations.checker())),
                IntegrationType.HTTP_PROXY,
                CheckingInvokers::http,
                IntegrationType.MOCK,
                MockInvoker.factory())));
    }

    /** What the HTTP_PROXY client refuses when it binds: a URI without a host. */
    private static Invoker http(Api api, Stage stage, Integration integration) {
        String uri = integration.integrationUri().orElseThrow();
        try {
            if (URI.create(uri).getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("integrationUri", "'" + uri + "' is not a usable URL: " + e.getMessage());
        }
        return InvokerFactory.UNBOUND;
    }
}
