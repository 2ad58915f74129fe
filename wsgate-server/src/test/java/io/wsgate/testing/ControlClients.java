package io.wsgate.testing;

import io.wsgate.app.Gateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;

/** The AWS SDK's apigatewayv2 client pointed at a gateway's control plane (its Apache HTTP client, which can PATCH). */
public final class ControlClients {
    private ControlClients() {}

    public static ApiGatewayV2Client v2(Gateway gateway) {
        return ApiGatewayV2Client.builder()
                .endpointOverride(gateway.controlUrl().orElseThrow())
                .httpClient(ApacheHttpClient.create())
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
