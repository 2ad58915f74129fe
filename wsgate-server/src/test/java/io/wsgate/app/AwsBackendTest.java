package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.wsgate.integration.EventType;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;

/**
 * A backend written for AWS, unchanged: a Lambda Java handler that builds its callback URL as
 * {@code https://{domainName}/{stage}} from the event and pushes with the AWS SDK's default
 * client. Its environment (credentials, region, a trust store holding the gateway's certificate)
 * is set the way a Lambda's would be, in the build, not in the code.
 */
class AwsBackendTest {
    static final Recorder lifecycle = new Recorder();

    /** The handler, as it would be deployed to Lambda. */
    public static final class SendMessage
            implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
        @Override
        public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
            var request = event.getRequestContext();
            String endpoint = "https://" + request.getDomainName() + "/" + request.getStage();
            try (var client = ApiGatewayManagementApiClient.builder()
                    .endpointOverride(URI.create(endpoint))
                    .build()) {
                client.postToConnection(PostToConnectionRequest.builder()
                        .connectionId(request.getConnectionId())
                        .data(SdkBytes.fromUtf8String("echo " + event.getBody()))
                        .build());
            }
            var response = new APIGatewayV2WebSocketResponse();
            response.setStatusCode(200);
            return response;
        }
    }

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .tls(0, Path.of("src/test/resources/tls/localhost.crt"), Path.of("src/test/resources/tls/localhost.key"))
            .function("sendMessage", new SendMessage())
            .function("Lifecycle", lifecycle)
            .api(Api.builder("aws-backend")
                    .apiId("awsb")
                    .integration(Integration.function(
                            "send",
                            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                    + "arn:aws:lambda:us-east-1:123456789012:function:sendMessage/invocations"))
                    .integration(Integration.function("lifecycle", "Lifecycle"))
                    .route("sendmessage", "send")
                    .route("$connect", "lifecycle")
                    .stage("dev")
                    .build()));

    @Test
    void theHandlerReachesItsConnectionThroughTheUrlItBuilds() {
        URI wss = URI.create("wss://127.0.0.1:" + gateway.gateway().tlsPort() + "/awsb/dev");
        try (var client = TestClient.connect(wss)) {
            var connect = lifecycle.await(EventType.CONNECT);
            assertThat(connect.requestContext().domainName())
                    .isEqualTo("127.0.0.1:" + gateway.gateway().tlsPort());
            assertThat(connect.header("X-Forwarded-Proto")).contains("https");
            client.send("{\"action\":\"sendmessage\",\"data\":\"hi\"}");
            assertThat(client.awaitMessage()).isEqualTo("echo {\"action\":\"sendmessage\",\"data\":\"hi\"}");
        }
    }
}
