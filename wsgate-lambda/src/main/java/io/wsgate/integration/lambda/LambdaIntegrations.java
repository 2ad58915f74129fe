package io.wsgate.integration.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.config.GatewaySettings;
import io.wsgate.integration.FunctionBinder;
import io.wsgate.integration.FunctionName;
import io.wsgate.integration.FunctionResult;
import io.wsgate.integration.IntegrationResult;
import io.wsgate.integration.Invoker;
import io.wsgate.integration.InvokerFactory;
import io.wsgate.integration.LambdaFunction;
import io.wsgate.integration.VirtualThreads;
import io.wsgate.integration.WebSocketEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
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
 *
 * <p>Where functions go: to {@code lambda-endpoint} when it is a URL, signed with the credentials
 * the environment, the system properties or the profile file hold, else with fixed stand-ins (a
 * local Invoke server does not check them; the SDK's default chain would end in the EC2 metadata
 * lookup, seconds per call off EC2); to AWS with the SDK's default chains when it is {@code aws};
 * and nowhere otherwise: the integration fails, and says how to choose.
 */
public final class LambdaIntegrations implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LambdaIntegrations.class);

    private final GatewaySettings.Lambda settings;
    private final Map<String, LambdaClient> clients = new ConcurrentHashMap<>();

    public LambdaIntegrations(GatewaySettings.Lambda settings) {
        this.settings = settings;
    }

    /** Serves {@code AWS_PROXY} integrations by invoking the function their URI names. */
    public InvokerFactory factory() {
        return (api, stage, integration) -> {
            FunctionName name = FunctionName.of(integration);
            if (!settings.invokes()) {
                String why = notFound(name);
                log.warn(
                        "api={} stage={} integration={} function={} fails every event: {}",
                        api.apiId(),
                        stage.stageName(),
                        integration.integrationId(),
                        name,
                        why);
                return new Unreachable(name, why);
            }
            String region = region(name);
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

    /** Calls, with any payload (an authorizer's event), the function a URI names. */
    public FunctionBinder binder() {
        return (api, stage, name) -> {
            if (!settings.invokes()) {
                String why = notFound(name);
                log.warn("api={} stage={} function={} fails every call: {}", api.apiId(), stage.stageName(), name, why);
                return new Unreachable(name, why);
            }
            return new FunctionCall(client(region(name)), name);
        };
    }

    /**
     * Checks {@code AWS_PROXY} integrations as {@link #factory()} serves them, without making a
     * client or looking anything up.
     */
    public static InvokerFactory checker() {
        return (api, stage, integration) -> {
            FunctionName.of(integration);
            return InvokerFactory.UNBOUND;
        };
    }

    /** Why a function that is not in-process is not invoked, and how to have it invoked. */
    private static String notFound(FunctionName name) {
        return "function '" + name.name() + "' is not registered in-process (functions: in the file) and no"
                + " Lambda is configured; set gateway.lambda-endpoint to an Invoke API server (such as sam local"
                + " start-lambda's http://127.0.0.1:3001), or to aws to invoke it on AWS";
    }

    private String region(FunctionName name) {
        return name.region().or(settings::region).orElseGet(() -> settings.aws() ? defaultRegion() : "us-east-1");
    }

    private LambdaClient client(String region) {
        return clients.computeIfAbsent(region, r -> {
            var builder = LambdaClient.builder().region(Region.of(r)).httpClient(UrlConnectionHttpClient.create());
            settings.endpoint().ifPresent(endpoint -> {
                builder.endpointOverride(endpoint);
                builder.credentialsProvider(localCredentials());
            });
            return builder.build();
        });
    }

    /**
     * Credentials for an Invoke server that is not AWS: the caller's own when it has some, else
     * stand-ins. Never the container or instance metadata lookups of the SDK's default chain.
     */
    static AwsCredentialsProvider localCredentials() {
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(
                        SystemPropertyCredentialsProvider.create(),
                        EnvironmentVariableCredentialsProvider.create(),
                        ProfileCredentialsProvider.create(),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("wsgate", "wsgate")))
                .build();
    }

    /** The SDK's own answer (environment, profile, instance metadata): only when AWS is asked for. */
    private static String defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkException e) {
            return "us-east-1"; // nothing says otherwise
        }
    }

    @Override
    public void close() {
        clients.values().forEach(LambdaClient::close);
    }

    /** A function that is invoked nowhere: every event fails, saying why. */
    private record Unreachable(FunctionName name, String why) implements Invoker, LambdaFunction {
        @Override
        public CompletableFuture<IntegrationResult> invoke(WebSocketEvent event) {
            return CompletableFuture.completedFuture(
                    new IntegrationResult.Failed(IntegrationResult.Failure.ERROR, why));
        }

        @Override
        public CompletableFuture<FunctionResult> call(byte[] payload) {
            return CompletableFuture.completedFuture(
                    new FunctionResult.Failed(IntegrationResult.Failure.ERROR, "ResourceNotFoundException", why));
        }
    }

    /** One function, called with an integration's events or any payload. */
    private static final class FunctionCall implements Invoker, LambdaFunction {
        private static final ObjectMapper MAPPER = new ObjectMapper();

        private final LambdaClient client;
        private final FunctionName name;
        private final Invoker proxy;

        FunctionCall(LambdaClient client, FunctionName name) {
            this.client = client;
            this.name = name;
            this.proxy = proxy(name.toString());
        }

        @Override
        public CompletableFuture<IntegrationResult> invoke(WebSocketEvent event) {
            return proxy.invoke(event);
        }

        @Override
        public CompletableFuture<FunctionResult> call(byte[] payload) {
            return call(payload, null);
        }

        @Override
        public CompletableFuture<FunctionResult> call(byte[] payload, io.wsgate.observe.TraceContext trace) {
            return VirtualThreads.call("wsgate-lambda", () -> invoke(payload, trace));
        }

        private FunctionResult invoke(byte[] payload, io.wsgate.observe.TraceContext trace) {
            var request = InvokeRequest.builder()
                    .functionName(name.name())
                    .invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromByteArray(payload));
            if (trace != null) { // as API Gateway passes a trace to Lambda
                request.overrideConfiguration(o -> o.putHeader("X-Amzn-Trace-Id", trace.amznTraceId()));
            }
            name.qualifier().ifPresent(request::qualifier);
            InvokeResponse response;
            try {
                response = client.invoke(request.build());
            } catch (SdkException e) {
                return new FunctionResult.Failed(
                        IntegrationResult.Failure.ERROR,
                        e.getClass().getSimpleName(),
                        "Lambda " + name + ": " + e.getMessage());
            }
            byte[] body = response.payload() == null
                    ? new byte[0]
                    : response.payload().asByteArray();
            if (response.functionError() != null) {
                return error(response.functionError(), body);
            }
            return new FunctionResult.Returned(body);
        }

        /** A function's error as Lambda's payload states it: {@code errorType} and {@code errorMessage}. */
        private static FunctionResult.Failed error(String functionError, byte[] body) {
            String type = functionError;
            String message = new String(body, StandardCharsets.UTF_8);
            try {
                JsonNode error = MAPPER.readTree(body);
                if (error != null && error.isObject()) {
                    type = error.path("errorType").asText(type);
                    message = error.path("errorMessage").asText(message);
                }
            } catch (java.io.IOException e) {
                // not JSON: the body as it is
            }
            return new FunctionResult.Failed(IntegrationResult.Failure.ERROR, type, message);
        }

        @Override
        public String toString() {
            return "Lambda{" + name + "}";
        }
    }
}
