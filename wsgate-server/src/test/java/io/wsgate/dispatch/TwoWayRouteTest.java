package io.wsgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.IntegrationResponse;
import io.wsgate.model.IntegrationType;
import io.wsgate.model.Route;
import io.wsgate.testing.CaptureBackend;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.Recorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One-way and two-way routes: only a route with a route response sends the integration's body
 * back, for every integration kind.
 */
class TwoWayRouteTest {
    static final Recorder echo = new Recorder().answer((e, c) -> Reply.body("echo:" + e.body()));
    static final CaptureBackend backend = CaptureBackend.start();

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .function("Echo", echo)
            .api(Api.builder("twoway")
                    .apiId("tw")
                    .integration(Integration.function("echo", "Echo"))
                    .integration(Integration.http("http", backend.url("/msg")))
                    .integration(Integration.builder("mock", IntegrationType.MOCK)
                            .requestTemplate("$default", "{\"statusCode\": 200}")
                            .integrationResponse(IntegrationResponse.of(
                                    "$default", "{\"you\":\"$context.connectionId\",\"said\":$input.json('$.text')}"))
                            .build())
                    .route(Route.of("twoway", "echo").withRouteResponse())
                    .route(Route.of("oneway", "echo"))
                    .route(Route.of("http", "http").withRouteResponse())
                    .route(Route.of("mock", "mock").withRouteResponse())
                    .stage("dev")
                    .build()));

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @Test
    void aTwoWayRouteSendsTheBodyBackAndAOneWayRouteDoesNot() {
        try (var client = gateway.connect("tw", "dev")) {
            client.send("{\"action\":\"oneway\"}");
            echo.await(EventType.MESSAGE); // the one-way integration ran...
            client.send("{\"action\":\"twoway\"}");
            // ...and the first message to arrive is the two-way reply: the one-way one sent nothing.
            assertThat(client.awaitMessage()).isEqualTo("echo:{\"action\":\"twoway\"}");
        }
    }

    @Test
    void anHttpBackendsResponseBodyIsSentBackAsIs() {
        backend.answer(r -> CaptureBackend.Response.of(500, "from backend"));
        try (var client = gateway.connect("tw", "dev")) {
            client.send("{\"action\":\"http\"}");
            assertThat(client.awaitMessage()).isEqualTo("from backend");
            CaptureBackend.Request request = backend.awaitRequest();
            assertThat(request.body()).contains("\"eventType\":\"MESSAGE\"", "\"routeKey\":\"http\"");
        }
    }

    @Test
    void aMockIntegrationRendersItsResponseTemplate() {
        try (var client = gateway.connect("tw", "dev")) {
            client.send("{\"action\":\"mock\",\"text\":\"hi\"}");
            assertThat(client.awaitMessage()).matches("\\{\"you\":\"[A-Za-z0-9_-]{15}=\",\"said\":\"hi\"\\}");
        }
    }
}
