package io.wsgate.integration.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.wsgate.testing.GatewayProcess;
import io.wsgate.testing.TestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where functions that are not in-process go, for a gateway whose environment holds no AWS
 * credentials and which does not run on EC2: to {@code lambda-endpoint} at once, signed with
 * stand-in credentials, never after the SDK's instance metadata lookup; and, without an endpoint,
 * nowhere: the integration fails as on AWS and the log says how to choose. The instance metadata
 * service is pointed at a server here that counts what reaches it.
 */
class LambdaEndpointTest {
    private InvokeApiTest.LocalLambda lambda;
    private HttpServer metadata;
    private final AtomicInteger metadataCalls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        lambda = InvokeApiTest.LocalLambda.start();
        metadata = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        metadata.createContext("/", exchange -> {
            metadataCalls.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        metadata.start();
    }

    @AfterEach
    void stop() {
        lambda.close();
        metadata.stop(0);
    }

    @Test
    void anEndpointIsInvokedWithoutCredentialsInTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("remote.yaml");
        Files.writeString(file, """
                gateway:
                  lambda-endpoint: %s
                apis:
                  - name: remote
                    routeSelectionExpression: $request.body.action
                    integrations:
                      - {integrationId: echo, integrationType: AWS_PROXY, integrationUri: echo}
                    routes:
                      - {routeKey: $default, target: integrations/echo, routeResponseSelectionExpression: $default}
                    stages:
                      - stageName: dev
                """.formatted(lambda.url()));
        try (var gateway =
                GatewayProcess.serve(this::withoutAws, "--config", file.toString(), "--port", "0", "--no-control")) {
            int port = gateway.awaitPort();
            try (var client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/remote/dev"))) {
                client.send("{\"action\":\"hi\"}");
                assertThat(client.awaitMessage()).isEqualTo("echo {\"action\":\"hi\"}");
            }
            assertThat(lambda.next().authorization()).startsWith("AWS4-HMAC-SHA256 Credential=wsgate/");
        }
        assertThat(metadataCalls).as("instance metadata lookups").hasValue(0);
    }

    @Test
    void withoutAnEndpointAFunctionNotInTheProcessFailsAsOnAwsAndTheLogSaysWhy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("missing.yaml");
        Files.writeString(file, """
                apis:
                  - name: guarded
                    routeSelectionExpression: $request.body.action
                    integrations:
                      - {integrationId: connect, integrationType: AWS_PROXY, integrationUri: 'arn:aws:lambda:us-east-1:123456789012:function:Connect'}
                    routes:
                      - {routeKey: $connect, target: integrations/connect}
                    stages:
                      - stageName: dev
                  - name: open
                    routeSelectionExpression: $request.body.action
                    integrations:
                      - {integrationId: send, integrationType: AWS_PROXY, integrationUri: SendMessage}
                    routes:
                      - {routeKey: $default, target: integrations/send}
                    stages:
                      - stageName: dev
                """);
        try (var gateway =
                GatewayProcess.serve(this::withoutAws, "--config", file.toString(), "--port", "0", "--no-control")) {
            int port = gateway.awaitPort();
            assertThat(TestClient.refusal(URI.create("ws://127.0.0.1:" + port + "/guarded/dev")))
                    .isEqualTo(502);
            try (var client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/open/dev"))) {
                client.send("{\"action\":\"hi\"}");
                assertThat(client.awaitMessage()).startsWith("{\"message\": \"Internal server error\"");
            }
            gateway.awaitLine(l -> l.contains("function 'SendMessage' is not registered in-process"));
            assertThat(gateway.output())
                    .contains("function 'Connect' is not registered in-process")
                    .contains("set gateway.lambda-endpoint to an Invoke API server")
                    .contains("or to aws to invoke it on AWS");
        }
        assertThat(lambda.calls).isEmpty();
        assertThat(metadataCalls).as("instance metadata lookups").hasValue(0);
    }

    /** No AWS variables, no profile files, and instance metadata only on this test's server. */
    private void withoutAws(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "wsgate-no-aws-home");
        environment.put("HOME", home.toString());
        environment.put(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                "http://127.0.0.1:" + metadata.getAddress().getPort());
    }
}
