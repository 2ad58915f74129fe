package io.wsgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.app.Gateway;
import io.wsgate.integration.EventJson;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.integration.WebSocketHandler;
import io.wsgate.model.Api;
import io.wsgate.model.AuthorizationType;
import io.wsgate.model.Authorizer;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.model.Stage;
import io.wsgate.observe.Counter;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Lambda REQUEST authorizer on {@code $connect}, in-process Java, through real handshakes of the
 * JDK's WebSocket client: identity sources checked before the function is called; what it answers
 * decides the handshake (401, 403, 500, or in); what it allowed rides on every later event of the
 * connection as {@code requestContext.authorizer}.
 */
class AuthorizerTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The events the authorizer was called with, as JSON. */
    static final BlockingQueue<JsonNode> CALLS = new LinkedBlockingQueue<>();

    static final Recorder EVENTS = new Recorder()
            .answer((event, context) -> event.eventType() == EventType.MESSAGE
                    ? Reply.body(JSON.writeValueAsString(event.requestContext().authorizer()))
                    : Reply.ok());

    /**
     * An authorizer that does what the {@code Auth} header says: allow, deny, fail, answer without
     * a principal, with a context value that is an object, or with nothing at all.
     */
    public static final class Authorize implements RequestHandler<Map<String, Object>, Object> {
        @Override
        public Object handleRequest(Map<String, Object> event, Context context) {
            CALLS.add(JSON.valueToTree(event));
            @SuppressWarnings("unchecked")
            String auth = String.valueOf(((Map<String, Object>) event.get("headers")).get("Auth"));
            String arn = (String) event.get("methodArn");
            return switch (auth) {
                case "allow" -> answer("user-42", "Allow", arn, Map.of("tenant", "acme", "level", 3, "admin", false));
                case "deny" -> answer("user-42", "Deny", arn, Map.of());
                case "elsewhere" -> answer("user-42", "Allow", arn.replace("$connect", "*/*"), Map.of());
                case "nobody" -> answer(null, "Allow", arn, Map.of());
                case "nested" -> answer("user-42", "Allow", arn, Map.of("roles", List.of("a")));
                case "unauthorized" -> throw new RuntimeException("Unauthorized");
                case "nothing" -> null;
                default -> throw new IllegalStateException("boom");
            };
        }

        private static Map<String, Object> answer(
                String principal, String effect, String arn, Map<String, Object> context) {
            var answer = new java.util.LinkedHashMap<String, Object>();
            if (principal != null) {
                answer.put("principalId", principal);
            }
            answer.put(
                    "policyDocument",
                    Map.of(
                            "Version",
                            "2012-10-17",
                            "Statement",
                            List.of(Map.of("Action", "execute-api:Invoke", "Effect", effect, "Resource", arn))));
            answer.put("context", context);
            return answer;
        }
    }

    static Api api(String id, List<String> identitySource) {
        return Api.builder(id)
                .apiId(id)
                .authorizer(new Authorizer("auth1", "Auth", "Authorize", identitySource))
                .integration(Integration.function("events", "Events"))
                .route(new Route(
                        "connect",
                        Route.CONNECT,
                        Optional.of("integrations/events"),
                        AuthorizationType.CUSTOM,
                        Optional.of("auth1"),
                        false,
                        Optional.empty(),
                        List.of()))
                .route(Route.of(Route.DISCONNECT, "events"))
                .route(Route.of(Route.DEFAULT, "events").withRouteResponse())
                .stage(Stage.of("dev").withStageVariables(Map.of("gate", "open")))
                .build();
    }

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .function("Authorize", new Authorize())
            .function("Events", EVENTS)
            .api(api("guarded", List.of("route.request.header.Auth")))
            .api(api(
                    "sources",
                    List.of(
                            "route.request.header.Auth",
                            "route.request.querystring.token",
                            "stageVariables.gate",
                            "context.connectionId"))));

    static TestClient connect(String apiId, String query, String auth) {
        return TestClient.connect(uri(apiId, query), Map.of("Auth", auth), List.of());
    }

    static URI uri(String apiId, String query) {
        return URI.create(gateway.url(apiId, "dev") + (query == null ? "" : "?" + query));
    }

    @Test
    void anAllowedConnectionCarriesThePrincipalAndContextOnEveryEvent() throws Exception {
        CALLS.clear();
        EVENTS.drain();
        try (var client = connect("guarded", "token=abc", "allow")) {
            JsonNode call = CALLS.poll();
            assertThat(call).isNotNull();
            assertThat(call.path("type").asText()).isEqualTo("REQUEST");
            assertThat(call.path("methodArn").asText())
                    .isEqualTo("arn:aws:execute-api:us-east-1:000000000000:guarded/dev/$connect");
            assertThat(call.path("headers").path("Auth").asText()).isEqualTo("allow");
            assertThat(call.path("multiValueHeaders").path("Auth").get(0).asText())
                    .isEqualTo("allow");
            assertThat(call.path("headers").path("Upgrade").asText()).isEqualToIgnoringCase("websocket");
            assertThat(call.path("queryStringParameters").path("token").asText())
                    .isEqualTo("abc");
            assertThat(call.path("stageVariables").path("gate").asText()).isEqualTo("open");
            assertThat(call.path("requestContext").path("eventType").asText()).isEqualTo("CONNECT");
            String connectionId =
                    call.path("requestContext").path("connectionId").asText();
            assertThat(connectionId).isNotEmpty();

            WebSocketEvent connected = EVENTS.await(EventType.CONNECT);
            assertThat(connected.connectionId()).as("the id the authorizer saw").isEqualTo(connectionId);
            assertThat(connected.requestContext().authorizer())
                    .containsEntry("principalId", "user-42")
                    .containsEntry("tenant", "acme")
                    .containsEntry("level", 3)
                    .containsEntry("admin", false)
                    .containsKey("integrationLatency");
            assertThat(new String(EventJson.write(connected), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("\"authorizer\":{\"principalId\":\"user-42\",\"integrationLatency\":");

            client.send("hello");
            JsonNode seen = JSON.readTree(client.awaitMessage());
            assertThat(seen.path("principalId").asText()).isEqualTo("user-42");
            assertThat(seen.path("level").asInt()).isEqualTo(3);
            assertThat(seen.path("admin").isBoolean()).isTrue();
            client.close(1000, "bye");
            assertThat(EVENTS.await(EventType.DISCONNECT, connectionId)
                            .requestContext()
                            .authorizer())
                    .containsEntry("principalId", "user-42");
        }
    }

    @Test
    void eachRefusalHasItsStatusAndTheIntegrationIsNotCalled() {
        EVENTS.drain();
        var counters = gateway.gateway().counters();
        long refused = counters.count(Counter.AUTHORIZER_REFUSED);
        long failed = counters.count(Counter.AUTHORIZER_FAILED);
        assertThat(TestClient.refusal(uri("guarded", null), Map.of("Auth", "deny")))
                .isEqualTo(403);
        assertThat(TestClient.refusal(uri("guarded", null), Map.of("Auth", "elsewhere")))
                .isEqualTo(403);
        assertThat(TestClient.refusal(uri("guarded", null), Map.of("Auth", "nobody")))
                .isEqualTo(403);
        assertThat(TestClient.refusal(uri("guarded", null), Map.of("Auth", "unauthorized")))
                .isEqualTo(401);
        assertThat(TestClient.refusal(uri("guarded", null), Map.of("Auth", "throws")))
                .isEqualTo(500);
        assertThat(TestClient.refusal(uri("guarded", null), Map.of("Auth", "nested")))
                .isEqualTo(500);
        assertThat(TestClient.refusal(uri("guarded", null), Map.of("Auth", "nothing")))
                .isEqualTo(500);
        assertThat(counters.count(Counter.AUTHORIZER_REFUSED)).isEqualTo(refused + 4);
        assertThat(counters.count(Counter.AUTHORIZER_FAILED)).isEqualTo(failed + 3);
        assertThat(EVENTS.drain()).as("no $connect integration ran").isEmpty();
        try (var client = connect("guarded", null, "allow")) {
            client.send("still fine");
            assertThat(client.awaitMessage()).contains("user-42");
        }
    }

    @Test
    void aMissingOrEmptyIdentitySourceIs401WithoutCallingTheFunction() {
        CALLS.clear();
        assertThat(TestClient.refusal(uri("guarded", null)))
                .as("no Auth header")
                .isEqualTo(401);
        assertThat(TestClient.refusal(uri("guarded", null), Map.of("Auth", "")))
                .as("empty")
                .isEqualTo(401);
        assertThat(TestClient.refusal(uri("sources", null), Map.of("Auth", "allow")))
                .as("no token")
                .isEqualTo(401);
        assertThat(TestClient.refusal(uri("sources", "token="), Map.of("Auth", "allow")))
                .as("empty token")
                .isEqualTo(401);
        assertThat(CALLS).isEmpty();
        try (var client = connect("sources", "token=t", "allow")) {
            client.send("x");
            assertThat(client.awaitMessage()).contains("user-42");
        }
        assertThat(CALLS).hasSize(1);
    }

    /** A WebSocketHandler takes WebSocket events only: named as an authorizer it is a problem before serving. */
    @Test
    void aWebSocketHandlerCannotBeAnAuthorizer() {
        var builder = Gateway.builder()
                .host("127.0.0.1")
                .port(0)
                .function("Authorize", (WebSocketHandler) (e, c) -> Reply.ok())
                .function("Events", EVENTS)
                .api(api("wrong", List.of("route.request.header.Auth")));
        org.assertj.core.api.Assertions.assertThatThrownBy(builder::start)
                .hasMessageContaining("authorizers[auth1].authorizerUri")
                .hasMessageContaining("is a WebSocketHandler");
    }
}
