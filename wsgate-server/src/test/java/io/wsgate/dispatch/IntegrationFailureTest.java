package io.wsgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.wsgate.app.Gateway;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketHandler;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.IntegrationType;
import io.wsgate.model.Route;
import io.wsgate.observe.Counter;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.TestClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A failing, timed-out or malformed integration: the client gets AWS's Internal server error
 * frame with its connection id and the message's request id, on one-way routes too, and stays
 * connected.
 */
class IntegrationFailureTest {
    static final String ERROR_FRAME =
            "\\{\"message\": \"Internal server error\", \"connectionId\":\"[A-Za-z0-9_-]{15}=\", \"requestId\":\"[A-Za-z0-9_-]{15}=\"\\}";

    /** A Lambda whose result has members API Gateway does not accept. */
    public static final class Malformed implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            return Map.of("statusCode", 200, "ConnectionId", "x", "Data", "y");
        }
    }

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .function("Throws", (WebSocketHandler) (e, c) -> {
                throw new IllegalStateException("boom");
            })
            .function("Slow", (WebSocketHandler) (e, c) -> {
                Thread.sleep(TestClient.WAIT.toMillis()); // the backend's slowness; interrupted at the timeout
                return Reply.ok();
            })
            .function("Malformed", new Malformed())
            .function("Ok", (WebSocketHandler) (e, c) -> Reply.body("ok"))
            .api(Api.builder("failing")
                    .apiId("fail")
                    .integration(Integration.function("throws", "Throws"))
                    .integration(Integration.builder("slow", IntegrationType.AWS_PROXY)
                            .uri("Slow")
                            .timeoutInMillis(100)
                            .build())
                    .integration(Integration.function("malformed", "Malformed"))
                    .integration(Integration.http("down", "http://127.0.0.1:9/nothing"))
                    .integration(Integration.builder("nostatus", IntegrationType.MOCK)
                            .requestTemplate("$default", "{\"statusCode\": \"two hundred\"}")
                            .build())
                    .integration(Integration.function("ok", "Ok"))
                    .route("throws", "throws")
                    .route(Route.of("slow", "slow").withRouteResponse())
                    .route(Route.of("malformed", "malformed").withRouteResponse())
                    .route(Route.of("down", "down").withRouteResponse())
                    .route(Route.of("mock", "nostatus").withRouteResponse())
                    .route(Route.of("ok", "ok").withRouteResponse())
                    .stage("dev")
                    .build()));

    @Test
    void everyKindOfFailureGivesTheErrorFrameAndTheConnectionStaysOpen() {
        long before = gateway.gateway().counters().count(Counter.MESSAGE_INTEGRATION_FAILED);
        try (var client = gateway.connect("fail", "dev")) {
            for (String route : new String[] {"throws", "slow", "malformed", "down", "mock"}) {
                client.send("{\"action\":\"" + route + "\"}");
                assertThat(client.awaitMessage()).as(route).matches(ERROR_FRAME);
            }
            client.send("{\"action\":\"ok\"}");
            assertThat(client.awaitMessage()).isEqualTo("ok");
            assertThat(client.isClosed()).isFalse();
        }
        assertThat(gateway.gateway().counters().count(Counter.MESSAGE_INTEGRATION_FAILED))
                .isEqualTo(before + 5);
        assertThat(gateway.gateway().counters().count(Counter.INTEGRATION_TIMEOUT))
                .isPositive();
    }
}
