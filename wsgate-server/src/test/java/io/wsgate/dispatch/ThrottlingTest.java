package io.wsgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketHandler;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.model.RouteSettings;
import io.wsgate.model.Stage;
import io.wsgate.observe.Counter;
import io.wsgate.testing.ControlClients;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.TestClient;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;

/**
 * Stage and route throttling as token buckets: over the stage's throttle for {@code $connect} a
 * handshake gets 429; over a message route's, the message gets the Too Many Requests frame, its
 * integration is not called, and the connection stays open. A rate of 0 never refills, so the
 * counts here do not depend on time.
 */
class ThrottlingTest {
    static final String FRAME =
            "\\{\"message\": \"Too Many Requests\", \"connectionId\":\"[A-Za-z0-9_-]{15}=\", \"requestId\":\"[A-Za-z0-9_-]{15}=\"\\}";

    static RouteSettings bucket(int burst) {
        return new RouteSettings(OptionalInt.of(burst), OptionalDouble.of(0));
    }

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .control(0, ControlClients.dataDirectory())
            .function("Ok", (WebSocketHandler) (e, c) -> Reply.body("ok"))
            .api(Api.builder("limits")
                    .apiId("limits")
                    .integration(Integration.function("ok", "Ok"))
                    .route(Route.CONNECT, "ok")
                    .route(Route.of("limited", "ok").withRouteResponse())
                    .route(Route.of(Route.DEFAULT, "ok").withRouteResponse())
                    .stage(Stage.of("dev")
                            .withRouteSettings(bucket(100), Map.of("$connect", bucket(2), "limited", bucket(3))))
                    .build()));

    @Test
    void connectsAndMessagesOverTheirBucketsAreRefusedAndOthersGoOn() {
        var counters = gateway.gateway().counters();
        long messages = counters.count(Counter.MESSAGE_THROTTLED);
        try (var first = gateway.connect("limits", "dev");
                var second = gateway.connect("limits", "dev")) {
            assertThat(TestClient.refusal(gateway.url("limits", "dev"))).isEqualTo(429);
            assertThat(counters.count(Counter.CONNECT_THROTTLED)).isEqualTo(1);
            for (int i = 0; i < 3; i++) {
                first.send("{\"action\":\"limited\"}");
                assertThat(first.awaitMessage()).isEqualTo("ok");
            }
            first.send("{\"action\":\"limited\"}");
            assertThat(first.awaitMessage())
                    .as("the route's bucket is the stage's, shared by its clients")
                    .matches(FRAME);
            second.send("{\"action\":\"limited\"}");
            assertThat(second.awaitMessage()).matches(FRAME);
            first.send("{\"action\":\"other\"}");
            assertThat(first.awaitMessage())
                    .as("$default has the stage's default bucket")
                    .isEqualTo("ok");
            assertThat(first.isClosed()).isFalse();
            assertThat(counters.count(Counter.MESSAGE_THROTTLED)).isEqualTo(messages + 2);
        }
    }

    @Test
    void routeSettingsSetThroughTheControlPlaneApplyToTheStage() {
        var v2 = gateway.v2();
        String apiId = v2.createApi(r -> r.name("throttled")
                        .protocolType(ProtocolType.WEBSOCKET)
                        .routeSelectionExpression("$request.body.action"))
                .apiId();
        String integration = v2.createIntegration(r -> r.apiId(apiId)
                        .integrationType(IntegrationType.AWS_PROXY)
                        .integrationUri("Ok"))
                .integrationId();
        String route = v2.createRoute(r -> r.apiId(apiId)
                        .routeKey("$default")
                        .target("integrations/" + integration)
                        .routeResponseSelectionExpression("$default"))
                .routeId();
        v2.createRouteResponse(r -> r.apiId(apiId).routeId(route).routeResponseKey("$default"));
        String deployment = v2.createDeployment(r -> r.apiId(apiId)).deploymentId();
        v2.createStage(r -> r.apiId(apiId)
                .stageName("dev")
                .deploymentId(deployment)
                .routeSettings(Map.of(
                        "$default",
                        software.amazon.awssdk.services.apigatewayv2.model.RouteSettings.builder()
                                .throttlingBurstLimit(1)
                                .throttlingRateLimit(0.0)
                                .build())));
        try (var client = TestClient.connect(gateway.url(apiId, "dev"))) {
            client.send("one");
            assertThat(client.awaitMessage()).isEqualTo("ok");
            client.send("two");
            assertThat(client.awaitMessage()).matches(FRAME);
            // A stage update swaps in the new bucket at once, under the open connection.
            v2.updateStage(r -> r.apiId(apiId)
                    .stageName("dev")
                    .routeSettings(Map.of(
                            "$default",
                            software.amazon.awssdk.services.apigatewayv2.model.RouteSettings.builder()
                                    .throttlingBurstLimit(5)
                                    .build())));
            client.send("three");
            assertThat(client.awaitMessage()).isEqualTo("ok");
        }
    }
}
