package io.wsgate.integration.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.app.Gateway;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.IntegrationType;
import io.wsgate.model.Route;
import io.wsgate.model.Stage;
import io.wsgate.testing.CaptureBackend;
import io.wsgate.testing.GatewayExtension;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP_PROXY integrations: the event POSTed as AWS shapes it, stage variables in the URI, the
 * timeout, and one pooled keep-alive connection for consecutive calls.
 */
class HttpProxyTest {
    static final CaptureBackend backend = CaptureBackend.start();
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .api(Api.builder("http")
                    .integration(Integration.http("events", backend.url("/${stageVariables.path}")))
                    .integration(Integration.builder("slow", IntegrationType.HTTP_PROXY)
                            .uri(backend.url("/slow"))
                            .timeoutInMillis(200)
                            .build())
                    .route("$connect", "events")
                    .route("$disconnect", "events")
                    .route(Route.of("$default", "events").withRouteResponse())
                    .route(Route.of("slow", "slow").withRouteResponse())
                    .stage(Stage.of("dev").withStageVariables(Map.of("path", "dev-events")))
                    .stage(Stage.of("prod").withStageVariables(Map.of("path", "prod-events")))
                    .build()));

    @BeforeEach
    void reset() {
        backend.clear();
        backend.answer(r -> r.path().equals("/slow")
                ? new CaptureBackend.Response(200, Map.of(), "late", Duration.ofSeconds(2)) // a slow backend
                : CaptureBackend.Response.of(200, "ack"));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void eachEventHasAwsMembersInAwsOrder() throws Exception {
        var client = gateway.connect("http", "dev");
        JsonNode connect = JSON.readTree(
                backend.awaitRequest(r -> r.body().contains("\"CONNECT\"")).body());
        String id = connect.at("/requestContext/connectionId").asText();
        client.send("{\"action\":\"anything\"}");
        assertThat(client.awaitMessage()).isEqualTo("ack");
        JsonNode message =
                JSON.readTree(backend.awaitRequest(r -> r.body().contains(id)).body());
        client.close(1000, "done");
        JsonNode disconnect = JSON.readTree(
                backend.awaitRequest(r -> r.body().contains(id) && r.body().contains("\"DISCONNECT\""))
                        .body());

        assertSameShape(connect, golden("connect.json"));
        assertSameShape(message, golden("message.json"));
        assertSameShape(disconnect, golden("disconnect.json"));
        assertThat(connect.at("/requestContext/connectionId")).isEqualTo(message.at("/requestContext/connectionId"));
        assertThat(disconnect.at("/requestContext/disconnectReason").asText()).isEqualTo("done");
    }

    @Test
    void stageVariablesChooseTheBackendAndTravelWithTheEvent() throws Exception {
        try (var dev = gateway.connect("http", "dev");
                var prod = gateway.connect("http", "prod")) {
            dev.send("to dev");
            prod.send("to prod");
            List<CaptureBackend.Request> both = backend.awaitEach(
                    r -> r.body().contains("\"body\":\"to dev\""), r -> r.body().contains("\"body\":\"to prod\""));
            CaptureBackend.Request toDev = both.get(0);
            CaptureBackend.Request toProd = both.get(1);
            assertThat(toDev.path()).isEqualTo("/dev-events");
            assertThat(toProd.path()).isEqualTo("/prod-events");
            assertThat(JSON.readTree(toProd.body()).at("/stageVariables/path").asText())
                    .isEqualTo("prod-events");
        }
    }

    @Test
    void aBackendSlowerThanTimeoutInMillisGetsTheErrorFrame() {
        try (var client = gateway.connect("http", "dev")) {
            client.send("{\"action\":\"slow\"}");
            assertThat(client.awaitMessage()).startsWith("{\"message\": \"Internal server error\"");
        }
    }

    @Test
    void consecutiveCallsReuseOneKeepAliveConnection() {
        try (var client = gateway.connect("http", "dev")) {
            backend.awaitRequest(r -> r.body().contains("\"CONNECT\""));
            var ports = new HashSet<Integer>();
            for (int i = 0; i < 10; i++) {
                client.send("message " + i);
                assertThat(client.awaitMessage()).isEqualTo("ack");
                String text = "message " + i;
                ports.add(backend.awaitRequest(r -> r.body().contains(text)).remotePort());
            }
            assertThat(ports).hasSize(1);
        }
    }

    /** Same members in the same order at every level, except inside the header maps. */
    private static void assertSameShape(JsonNode actual, JsonNode golden) {
        assertThat(names(actual)).isEqualTo(names(golden));
        assertThat(names(actual.get("requestContext"))).isEqualTo(names(golden.get("requestContext")));
        assertThat(names(actual.at("/requestContext/identity")))
                .isEqualTo(names(golden.at("/requestContext/identity")));
        actual.fields().forEachRemaining(e -> {
            if (golden.has(e.getKey())) {
                assertThat(e.getValue().getNodeType())
                        .as(e.getKey())
                        .isEqualTo(golden.get(e.getKey()).getNodeType());
            }
        });
        actual.get("requestContext")
                .fields()
                .forEachRemaining(e -> assertThat(e.getValue().getNodeType())
                        .as("requestContext." + e.getKey())
                        .isEqualTo(golden.get("requestContext").get(e.getKey()).getNodeType()));
    }

    /** Member names, leaving out stageVariables, which only a stage with variables has. */
    private static List<String> names(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        names.remove("stageVariables");
        names.remove("queryStringParameters"); // the golden CONNECT has a query string; these clients do not
        names.remove("multiValueQueryStringParameters");
        return names;
    }

    private static JsonNode golden(String name) throws Exception {
        try (InputStream in = HttpProxyTest.class.getResourceAsStream("/golden/" + name)) {
            return JSON.readTree(in);
        }
    }
}
