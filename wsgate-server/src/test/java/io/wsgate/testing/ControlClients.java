package io.wsgate.testing;

import io.wsgate.app.Gateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;

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

    /** A fresh data directory for a test's control plane. */
    public static Path dataDirectory() {
        try {
            return Files.createTempDirectory("wsgate-data-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
