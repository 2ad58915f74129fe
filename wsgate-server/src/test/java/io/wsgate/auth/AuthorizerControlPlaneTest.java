package io.wsgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.wsgate.app.Gateway;
import io.wsgate.integration.Reply;
import io.wsgate.testing.ControlClients;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizationType;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizerType;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;

/**
 * An authorizer made through the control plane with the AWS SDK for Java, as a CDK or Terraform
 * stack makes one: a REQUEST authorizer whose URI is the invocation ARN of a function, on the
 * {@code $connect} route, deployed; it is enforced from that deployment on, and a change to it
 * takes effect with the next deployment, as on AWS.
 */
class AuthorizerControlPlaneTest {
    static final String URI_PREFIX =
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:";

    /** Lets in a {@code token} of {@code good}, or of {@code alsogood} from its {@code key} query parameter. */
    public static final class TokenAuthorizer implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            var query = (Map<String, String>) event.get("queryStringParameters");
            String token = query.getOrDefault("token", query.getOrDefault("key", ""));
            String effect = token.endsWith("good") ? "Allow" : "Deny";
            return Map.of(
                    "principalId",
                    "p-" + token,
                    "policyDocument",
                    Map.of(
                            "Version",
                            "2012-10-17",
                            "Statement",
                            List.of(Map.of("Action", "execute-api:Invoke", "Effect", effect, "Resource", "*"))));
        }
    }

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .control(0, ControlClients.dataDirectory())
            .function("TokenAuthorizer", new TokenAuthorizer())
            .function(
                    "Echo",
                    new Recorder()
                            .answer((event, context) -> Reply.body(String.valueOf(
                                    event.requestContext().authorizer().get("principalId"))))));

    final ApiGatewayV2Client v2 = gateway.v2();

    @Test
    void anAuthorizerDeployedOnConnectIsEnforcedAndChangesWithTheNextDeployment() {
        String apiId = v2.createApi(r -> r.name("guarded")
                        .protocolType(ProtocolType.WEBSOCKET)
                        .routeSelectionExpression("$request.body.action"))
                .apiId();
        String integration = v2.createIntegration(r -> r.apiId(apiId)
                        .integrationType(IntegrationType.AWS_PROXY)
                        .integrationUri(URI_PREFIX + "Echo/invocations"))
                .integrationId();
        String authorizerId = v2.createAuthorizer(r -> r.apiId(apiId)
                        .name("tokens")
                        .authorizerType(AuthorizerType.REQUEST)
                        .authorizerUri(URI_PREFIX + "TokenAuthorizer/invocations")
                        .identitySource("route.request.querystring.token"))
                .authorizerId();
        v2.createRoute(r -> r.apiId(apiId)
                .routeKey("$connect")
                .target("integrations/" + integration)
                .authorizationType(AuthorizationType.CUSTOM)
                .authorizerId(authorizerId));
        String defaultRoute = v2.createRoute(r -> r.apiId(apiId)
                        .routeKey("$default")
                        .target("integrations/" + integration)
                        .routeResponseSelectionExpression("$default"))
                .routeId();
        v2.createRouteResponse(r -> r.apiId(apiId).routeId(defaultRoute).routeResponseKey("$default"));
        String first = v2.createDeployment(r -> r.apiId(apiId)).deploymentId();
        v2.createStage(r -> r.apiId(apiId).stageName("dev").deploymentId(first));
        URI stage = gateway.url(apiId, "dev");

        assertThat(TestClient.refusal(stage)).as("no token").isEqualTo(401);
        assertThat(TestClient.refusal(URI.create(stage + "?token=bad"))).isEqualTo(403);
        TestClient kept = TestClient.connect(URI.create(stage + "?token=good"));
        kept.send("who");
        assertThat(kept.awaitMessage()).isEqualTo("p-good");

        // The identity source moves to another parameter; only a new deployment serves that.
        v2.updateAuthorizer(
                r -> r.apiId(apiId).authorizerId(authorizerId).identitySource("route.request.querystring.key"));
        assertThat(TestClient.refusal(URI.create(stage + "?key=alsogood")))
                .as("not deployed yet")
                .isEqualTo(401);
        String second = v2.createDeployment(r -> r.apiId(apiId)).deploymentId();
        v2.updateStage(r -> r.apiId(apiId).stageName("dev").deploymentId(second));
        try (var client = TestClient.connect(URI.create(stage + "?key=alsogood"))) {
            client.send("who");
            assertThat(client.awaitMessage()).isEqualTo("p-alsogood");
        }
        kept.send("still");
        assertThat(kept.awaitMessage())
                .as("an open connection keeps what it was let in with")
                .isEqualTo("p-good");
        kept.close();
    }
}
