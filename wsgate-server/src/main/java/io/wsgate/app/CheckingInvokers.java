package io.wsgate.app;

import io.wsgate.auth.Iam;
import io.wsgate.config.GatewaySettings;
import io.wsgate.dispatch.Deployer;
import io.wsgate.integration.FunctionBinder;
import io.wsgate.integration.FunctionInvoker;
import io.wsgate.integration.Functions;
import io.wsgate.integration.InvokerFactory;
import io.wsgate.integration.MockInvoker;
import io.wsgate.integration.Timeouts;
import io.wsgate.integration.http.HttpIntegrations;
import io.wsgate.integration.lambda.LambdaIntegrations;
import io.wsgate.model.IntegrationType;
import io.wsgate.observe.CounterSet;
import io.wsgate.runtime.RuntimeHost;
import java.util.List;
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
        return new Deployer(
                InvokerFactory.byType(Map.of(
                        IntegrationType.AWS_PROXY,
                        FunctionInvoker.checker(
                                functions, RuntimeHost.checker(runtimeFunctions, LambdaIntegrations.checker())),
                        IntegrationType.HTTP_PROXY,
                        HttpIntegrations.checker(),
                        IntegrationType.MOCK,
                        MockInvoker.factory())),
                Timeouts.JDK,
                new Deployer.Authorizing(
                        FunctionInvoker.checkingBinder(
                                functions,
                                RuntimeHost.checkingBinder(
                                        runtimeFunctions, (api, stage, name) -> FunctionBinder.UNBOUND)),
                        GatewaySettings.Control.DEFAULT_REGION,
                        GatewaySettings.Control.DEFAULT_ACCOUNT,
                        new Iam(
                                GatewaySettings.Control.DEFAULT_REGION,
                                "execute-api",
                                List.of(),
                                java.time.Clock.systemUTC()),
                        new CounterSet()));
    }
}
