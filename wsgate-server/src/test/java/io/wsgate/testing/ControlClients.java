package io.wsgate.testing;

import io.wsgate.app.Gateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;

/** The AWS SDK's apigatewayv2 client pointed at a gateway's control plane (its Apache HTTP client, which can PATCH). */
public final class ControlClients {
    private ControlClients() {}

    public static ApiGatewayV2Client v2(Gateway gateway) {
        return v2(gateway.controlUrl().orElseThrow());
    }

    public static ApiGatewayV2Client v2(URI endpoint) {
        return ApiGatewayV2Client.builder()
                .endpointOverride(endpoint)
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    /** A client that reports every failure at once, where a test counts what was acknowledged. */
    public static ApiGatewayV2Client v2WithoutRetries(URI endpoint) {
        return ApiGatewayV2Client.builder()
                .endpointOverride(endpoint)
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** Creates a WebSocket API routed by {@code $request.body.action}; returns its id. */
    public static String webSocketApi(ApiGatewayV2Client v2, String name) {
        return v2.createApi(r -> r.name(name)
                        .protocolType(ProtocolType.WEBSOCKET)
                        .routeSelectionExpression("$request.body.action"))
                .apiId();
    }

    /** The ids of a two-way route to a MOCK integration. */
    public record MockRoute(String integrationId, String integrationResponseId, String routeId) {}

    /**
     * Creates a two-way route {@code routeKey} to a new MOCK integration (status 200) that answers
     * with {@code template}: the integration, its $default response, the route and its $default
     * route response.
     */
    public static MockRoute mockRoute(ApiGatewayV2Client v2, String apiId, String routeKey, String template) {
        String integrationId = v2.createIntegration(r -> r.apiId(apiId)
                        .integrationType(IntegrationType.MOCK)
                        .requestTemplates(Map.of("$default", "{\"statusCode\": 200}")))
                .integrationId();
        String responseId = v2.createIntegrationResponse(r -> r.apiId(apiId)
                        .integrationId(integrationId)
                        .integrationResponseKey("$default")
                        .responseTemplates(Map.of("$default", template)))
                .integrationResponseId();
        String routeId = v2.createRoute(r -> r.apiId(apiId)
                        .routeKey(routeKey)
                        .target("integrations/" + integrationId)
                        .routeResponseSelectionExpression("$default"))
                .routeId();
        v2.createRouteResponse(r -> r.apiId(apiId).routeId(routeId).routeResponseKey("$default"));
        return new MockRoute(integrationId, responseId, routeId);
    }

    /** A fresh data directory for a test's control plane. */
    public static Path dataDirectory() {
        try {
            return Files.createTempDirectory("wsgate-data-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
