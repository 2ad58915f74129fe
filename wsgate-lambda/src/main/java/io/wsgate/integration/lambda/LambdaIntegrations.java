package io.wsgate.integration.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.config.GatewaySettings;
import io.wsgate.integration.EventJson;
import io.wsgate.integration.FunctionName;
import io.wsgate.integration.IntegrationResult;
import io.wsgate.integration.Invoker;
import io.wsgate.integration.InvokerFactory;
import io.wsgate.integration.ProxyResults;
import io.wsgate.integration.WebSocketEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Invokes Lambda functions for {@code AWS_PROXY} integrations, one SDK client per region. A call
 * runs on a virtual thread; a function error ({@code X-Amz-Function-Error}), a service error or an
 * unusable payload is an integration failure, which clients see as AWS's answers to one.
 */
public final class LambdaIntegrations implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LambdaIntegrations.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewaySettings.Lambda settings;
    private final Map<String, LambdaClient> clients = new ConcurrentHashMap<>();

    public LambdaIntegrations(GatewaySettings.Lambda settings) {
        this.settings = settings;
    }

    /** Serves {@code AWS_PROXY} integrations by invoking the function their URI names. */
    public InvokerFactory factory() {
        return (api, stage, integration) -> {
            FunctionName name = FunctionName.of(integration);
            String region = name.region().or(settings::region).orElseGet(LambdaIntegrations::defaultRegion);
            log.info(
                    "api={} stage={} integration={} invokes Lambda function={} region={} endpoint={}",
                    api.apiId(),
                    stage.stageName(),
                    integration.integrationId(),
                    name,
                    region,
                    settings.endpoint().map(Object::toString).orElse("AWS"));
            return new FunctionCall(client(region), name);
        };
    }

    private LambdaClient client(String region) {
        return clients.computeIfAbsent(region, r -> {
            var builder = LambdaClient.builder().region(Region.of(r)).httpClient(UrlConnectionHttpClient.create());
            settings.endpoint().ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    private static String defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkException e) {
            return "us-east-1"; // nothing says otherwise; an endpoint override does not care
        }
    }

    @Override
    public void close() {
        clients.values().forEach(LambdaClient::close);
    }

    /** One integration's function. */
    private static final class FunctionCall implements Invoker {
        private final LambdaClient client;
        private final FunctionName name;

        FunctionCall(LambdaClient client, FunctionName name) {
            this.client = client;
            this.name = name;
        }

        @Override
        public CompletableFuture<IntegrationResult> invoke(WebSocketEvent event) {
            var result = new CompletableFuture<IntegrationResult>();
            var answered = new java.util.concurrent.atomic.AtomicBoolean();
            Thread thread = Thread.ofVirtual().name("wsgate-lambda").start(() -> {
                IntegrationResult outcome = call(event);
                answered.set(true); // before completing: what completion runs must not see an interrupt
                result.complete(outcome);
            });
            result.whenComplete((r, e) -> {
                if (!answered.get()) {
                    thread.interrupt(); // the timeout came first: abandon the call
                }
            });
            return result;
        }

        private IntegrationResult call(WebSocketEvent event) {
            var request = InvokeRequest.builder()
                    .functionName(name.name())
                    .invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromByteArray(EventJson.write(event)));
            name.qualifier().ifPresent(request::qualifier);
            InvokeResponse response;
            try {
                response = client.invoke(request.build());
            } catch (SdkException e) {
                return new IntegrationResult.Failed(
                        IntegrationResult.Failure.ERROR, "Lambda " + name + ": " + e.getMessage());
            }
            byte[] payload = response.payload() == null
                    ? new byte[0]
                    : response.payload().asByteArray();
            if (response.functionError() != null) {
                return new IntegrationResult.Failed(
                        IntegrationResult.Failure.ERROR,
                        "function " + name + " failed (" + response.functionError() + "): "
                                + new String(payload, StandardCharsets.UTF_8));
            }
            try {
                return ProxyResults.read(payload.length == 0 ? null : JSON.readTree(payload));
            } catch (IOException e) {
                return new IntegrationResult.Failed(
                        IntegrationResult.Failure.MALFORMED, "function " + name + " answered with something not JSON");
            }
        }

        @Override
        public String toString() {
            return "Lambda{" + name + "}";
        }
    }
}
