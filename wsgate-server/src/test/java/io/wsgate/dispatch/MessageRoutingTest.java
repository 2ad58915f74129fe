package io.wsgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.observe.Counter;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.Recorder;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Route selection over a real connection: which route a message reaches, what the MESSAGE event
 * holds, AWS's Forbidden frame when nothing matches, and the connection staying open throughout.
 */
class MessageRoutingTest {
    static final Recorder routes = new Recorder();

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .function("Routes", routes.answer((e, c) -> Reply.body(e.routeKey())))
            .api(Api.builder("routing")
                    .apiId("routing")
                    .routeSelectionExpression("$request.body.action")
                    .integration(Integration.function("all", "Routes"))
                    .route(Route.of("join", "all").withRouteResponse())
                    .route(Route.of("$default", "all").withRouteResponse())
                    .stage("dev")
                    .build())
            .api(Api.builder("nested")
                    .apiId("nested")
                    .routeSelectionExpression("${request.body.service}/${request.body.action}")
                    .integration(Integration.function("all", "Routes"))
                    .route(Route.of("chat/join", "all").withRouteResponse())
                    .route(Route.of("deep", "all").withRouteResponse())
                    .stage("dev")
                    .build())
            .api(Api.builder("deep")
                    .apiId("deep")
                    .routeSelectionExpression("$request.body.data.items[0].type")
                    .integration(Integration.function("all", "Routes"))
                    .route(Route.of("deep", "all").withRouteResponse())
                    .stage("dev")
                    .build())
            .api(Api.builder("strict")
                    .apiId("strict")
                    .integration(Integration.function("all", "Routes"))
                    .route(Route.of("join", "all").withRouteResponse())
                    .stage("dev")
                    .build()));

    @BeforeEach
    void reset() {
        routes.clear();
    }

    @Test
    void theActionSelectsTheRouteAndTheEventCarriesTheMessage() {
        try (var client = gateway.connect("routing", "dev")) {
            client.send("{\"action\":\"join\",\"room\":\"r1\"}");
            assertThat(client.awaitMessage()).isEqualTo("join");
            WebSocketEvent event = routes.await(EventType.MESSAGE);
            var context = event.requestContext();
            assertThat(context.routeKey()).isEqualTo("join");
            assertThat(context.messageId()).isNotNull().isNotEqualTo(context.requestId());
            assertThat(event.body()).isEqualTo("{\"action\":\"join\",\"room\":\"r1\"}");
            assertThat(event.multiValueHeaders()).isNull();
            assertThat(event.multiValueQueryStringParameters()).isNull();
            assertThat(context.connectedAt()).isLessThanOrEqualTo(context.requestTimeEpoch());
        }
    }

    @Test
    void whatMatchesNoKeyGoesToDefault() {
        try (var client = gateway.connect("routing", "dev")) {
            for (String message : new String[] {
                "not json",
                "{\"action\":\"leave\"}",
                "{\"other\":1}",
                "\"join\"",
                "[1,2]",
                "{\"action\":\"$connect\"}",
                "{\"action\":\"JOIN\"}",
                "{\"action\":\"join\"} trailing",
                ""
            }) {
                client.send(message);
                assertThat(client.awaitMessage()).as(message).isEqualTo("$default");
            }
        }
    }

    @Test
    void bracedVariablesAndLiteralsAreConcatenated() {
        try (var client = gateway.connect("nested", "dev")) {
            client.send("{\"service\":\"chat\",\"action\":\"join\"}");
            assertThat(client.awaitMessage()).isEqualTo("chat/join");
        }
    }

    @Test
    void nestedPathsAndIndexesSelect() {
        try (var client = gateway.connect("deep", "dev")) {
            client.send("{\"data\":{\"items\":[{\"type\":\"deep\"},{\"type\":\"x\"}]}}");
            assertThat(client.awaitMessage()).isEqualTo("deep");
        }
    }

    @Test
    void noMatchAndNoDefaultGetsTheForbiddenFrameAndTheConnectionStays() {
        long before = gateway.gateway().counters().count(Counter.MESSAGE_NO_ROUTE);
        try (var client = gateway.connect("strict", "dev")) {
            client.send("{\"action\":\"leave\"}");
            String frame = client.awaitMessage();
            assertThat(frame)
                    .matches(
                            "\\{\"message\": \"Forbidden\", \"connectionId\":\"[A-Za-z0-9_-]{15}=\", \"requestId\":\"[A-Za-z0-9_-]{15}=\"\\}");
            client.send("{\"action\":\"join\"}");
            assertThat(client.awaitMessage()).isEqualTo("join");
            assertThat(client.nextMessage(Duration.ZERO)).isEmpty();
            assertThat(client.isClosed()).isFalse();
        }
        assertThat(gateway.gateway().counters().count(Counter.MESSAGE_NO_ROUTE)).isEqualTo(before + 1);
    }

    @Test
    void theForbiddenFrameNamesTheReceivingConnection() {
        try (var client = gateway.connect("strict", "dev")) {
            client.send("{\"action\":\"join\"}");
            client.awaitMessage();
            String connectionId = routes.await(EventType.MESSAGE).connectionId();
            client.send("nothing");
            assertThat(client.awaitMessage()).contains("\"connectionId\":\"" + connectionId + "\"");
        }
    }
}
