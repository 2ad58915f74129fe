package io.wsgate.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.app.Gateway;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.testing.ControlClients;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import io.wsgate.testing.Tools;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;

/**
 * The flow of seed 002 (create an API, three Lambda proxy integrations, three routes, a deployment,
 * then a stage) run by the AWS SDK for Java, boto3 and the AWS CLI with nothing changed but the
 * endpoint; a WebSocket client then reaches each integration through the API's {@code apiEndpoint}.
 * The Lambda functions the seed names are in-process handlers registered under those names.
 */
class SeedFlowTest {
    static final Recorder connect = new Recorder();
    static final Recorder disconnect = new Recorder();
    static final Recorder messages = new Recorder();

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .control(0, ControlClients.dataDirectory())
            .function("connect_lambda", connect)
            .function("disconnect_lambda", disconnect)
            .function("default_lambda", messages.answer((event, context) -> Reply.ok())));

    final ApiGatewayV2Client v2 = gateway.v2();

    @BeforeEach
    void clear() {
        connect.drain();
        disconnect.drain();
        messages.drain();
    }

    @Test
    void javaSdk() {
        String apiId = v2.createApi(r -> r.name("ExampleWebSocketAPI")
                        .protocolType(ProtocolType.WEBSOCKET)
                        .routeSelectionExpression("$request.body.action"))
                .apiId();
        for (String route : List.of("connect", "disconnect", "default")) {
            String integrationId = v2.createIntegration(r -> r.apiId(apiId)
                            .integrationType(IntegrationType.AWS_PROXY)
                            .integrationUri("arn:aws:lambda:region:account-id:function:" + route + "_lambda")
                            .integrationMethod("POST")
                            .payloadFormatVersion("2.0"))
                    .integrationId();
            v2.createRoute(r -> r.apiId(apiId).routeKey("$" + route).target("integrations/" + integrationId));
        }
        String deploymentId = v2.createDeployment(r -> r.apiId(apiId).description("Initial deployment"))
                .deploymentId();
        v2.createStage(r -> r.apiId(apiId).stageName("dev").deploymentId(deploymentId));

        clientsReachTheIntegrations(apiId, v2.getApi(r -> r.apiId(apiId)).apiEndpoint());
    }

    @Test
    void boto3() throws Exception {
        assumeTrue(
                Tools.probe(List.of("python3", "-c", "import boto3")).isPresent(),
                "python3 with boto3 is not installed");
        Tools.Run run = Tools.run(List.of(
                        "python3",
                        "src/test/resources/seeds/seed_002.py",
                        gateway.gateway().controlUrl().orElseThrow().toString()))
                .ok();
        JsonNode created = new ObjectMapper().readTree(run.out());
        clientsReachTheIntegrations(
                created.path("apiId").asText(), created.path("apiEndpoint").asText());
    }

    @Test
    void awsCli() {
        assumeTrue(Tools.probe(List.of("aws", "--version")).isPresent(), "the AWS CLI (aws) is not installed");
        Tools.Run run = Tools.run(List.of(
                        "bash",
                        "src/test/resources/seeds/seed_002.sh",
                        gateway.gateway().controlUrl().orElseThrow().toString()))
                .ok();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(2);
        clientsReachTheIntegrations(lines.get(0), lines.get(1));
    }

    /** $connect, a message and $disconnect each reach their function, through {@code apiEndpoint/dev}. */
    private static void clientsReachTheIntegrations(String apiId, String apiEndpoint) {
        assertThat(apiEndpoint)
                .isEqualTo(gateway.gateway().stageUrl(apiId, "dev").toString().replaceAll("/dev$", ""));
        String connectionId;
        try (var client = TestClient.connect(URI.create(apiEndpoint + "/dev"))) {
            WebSocketEvent connected = connect.await(EventType.CONNECT);
            assertThat(connected.requestContext().apiId()).isEqualTo(apiId);
            assertThat(connected.requestContext().stage()).isEqualTo("dev");
            connectionId = connected.connectionId();

            client.send("{\"action\": \"sendmessage\", \"data\": \"hello\"}");
            WebSocketEvent message = messages.await(EventType.MESSAGE);
            assertThat(message.connectionId()).isEqualTo(connectionId);
            assertThat(message.requestContext().routeKey()).isEqualTo("$default");
            assertThat(message.body()).isEqualTo("{\"action\": \"sendmessage\", \"data\": \"hello\"}");
            client.close(1000, "bye");
        }
        WebSocketEvent gone = disconnect.await(EventType.DISCONNECT, connectionId);
        assertThat(gone.requestContext().apiId()).isEqualTo(apiId);
    }
}
