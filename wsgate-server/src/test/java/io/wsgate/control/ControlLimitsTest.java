package io.wsgate.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.app.Gateway;
import io.wsgate.config.GatewaySettings;
import io.wsgate.model.shape.Shape;
import io.wsgate.model.shape.Shapes;
import io.wsgate.observe.Counter;
import io.wsgate.testing.ControlClients;
import io.wsgate.testing.GatewayExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.apigatewayv2.model.ConflictException;

/**
 * AWS's member lengths and quotas: no member, tag set or resource count can grow the state without
 * bound. Lengths and tags are BadRequestException naming the member; a per-API quota is answered as
 * AWS answers it, 429 ConflictException "Maximum number of ... for this API has been reached".
 */
class ControlLimitsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final Path data = ControlClients.dataDirectory();

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .settings(GatewaySettings.DEFAULT.withControl(Optional.of(GatewaySettings.Control.DEFAULT
                    .withPort(0)
                    .withDataDirectory(data)
                    .withThrottle(0, 0)))));

    record Answer(int status, String type, JsonNode body) {
        String message() {
            return body == null ? null : body.path("message").asText();
        }
    }

    static Answer send(String method, String path, Object body) throws Exception {
        URI uri = URI.create(gateway.gateway().controlUrl().orElseThrow() + path);
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        var request = HttpRequest.newBuilder(uri)
                .method(
                        method,
                        text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text))
                .header("Content-Type", "application/json")
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("x-amzn-ErrorType").orElse(null),
                response.body().isEmpty() ? null : JSON.readTree(response.body()));
    }

    static ObjectNode api(String name) {
        return JSON.createObjectNode()
                .put("name", name)
                .put("protocolType", "WEBSOCKET")
                .put("routeSelectionExpression", "$request.body.action");
    }

    static String createApi(String name) throws Exception {
        Answer created = send("POST", "/v2/apis", api(name));
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        return created.body().path("apiId").asText();
    }

    @Test
    void aMemberLongerThanItsLimitIsRefusedAndNotStored() throws Exception {
        String apiId = createApi("lengths");
        long before = Files.size(data.resolve("state.json"));
        Answer routeKey = send(
                "POST", "/v2/apis/" + apiId + "/routes", JSON.createObjectNode().put("routeKey", "k".repeat(5 << 20)));
        assertThat(routeKey.status()).isEqualTo(400);
        assertThat(routeKey.type()).isEqualTo("BadRequestException");
        assertThat(routeKey.message())
                .isEqualTo("Invalid request body: routeKey must be at most 1024 characters long, not 5242880");
        Answer name = send("POST", "/v2/apis", api("n".repeat(129)));
        assertThat(name.message()).isEqualTo("Invalid request body: name must be at most 128 characters long, not 129");
        Answer template = send(
                "POST",
                "/v2/apis/" + apiId + "/integrations",
                JSON.createObjectNode()
                        .put("integrationType", "MOCK")
                        .set(
                                "requestTemplates",
                                JSON.createObjectNode().put("$default", "t".repeat(Shapes.TEMPLATE_CHARS + 1))));
        assertThat(template.message()).startsWith("Invalid request body: requestTemplates.$default must be at most");
        ObjectNode variables = JSON.createObjectNode();
        for (int i = 0; i <= Shape.DEFAULT_ENTRIES; i++) {
            variables.put("v" + i, "x");
        }
        Answer tooMany = send(
                "POST",
                "/v2/apis/" + apiId + "/stages",
                JSON.createObjectNode().put("stageName", "dev").set("stageVariables", variables));
        assertThat(tooMany.message())
                .isEqualTo("Invalid request body: stageVariables must have at most 100 entries, not 101");
        assertThat(Files.size(data.resolve("state.json"))).as("nothing stored").isEqualTo(before);
    }

    @Test
    void tagsAreHeldToAwsRestrictions() throws Exception {
        ObjectNode fifty = JSON.createObjectNode();
        for (int i = 0; i < 49; i++) {
            fifty.put("key" + i, "value");
        }
        fifty.put("k".repeat(128), "v".repeat(256));
        ObjectNode body = api("tagged");
        body.set("tags", fifty);
        Answer created = send("POST", "/v2/apis", body);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("tags").size()).isEqualTo(50);
        String arn = URLEncoder.encode(
                "arn:aws:apigateway:us-east-1::/apis/"
                        + created.body().path("apiId").asText(),
                StandardCharsets.UTF_8);

        Answer oneMore = send("POST", "/v2/tags/" + arn, "{\"tags\": {\"fifty-first\": \"x\"}}");
        assertThat(oneMore.status()).isEqualTo(400);
        assertThat(oneMore.type()).isEqualTo("BadRequestException");
        assertThat(oneMore.message())
                .isEqualTo("Invalid request: a resource has at most 50 tags; with these it would have 51");
        assertThat(send("POST", "/v2/tags/" + arn, "{\"tags\": {\"key0\": \"replaced\"}}")
                        .status())
                .as("replacing a tag adds none")
                .isEqualTo(201);

        ObjectNode tooMany = fifty.deepCopy().put("another", "x");
        ObjectNode overLimit = api("over");
        overLimit.set("tags", tooMany);
        assertThat(send("POST", "/v2/apis", overLimit).message())
                .isEqualTo("Invalid request body: tags must have at most 50 entries, not 51");
        assertThat(send("POST", "/v2/tags/" + arn, "{\"tags\": {\"" + "k".repeat(129) + "\": \"x\"}}")
                        .message())
                .isEqualTo("Invalid request body: a key of tags must be at most 128 characters long, not 129");
        assertThat(send("POST", "/v2/tags/" + arn, "{\"tags\": {\"key0\": \"" + "v".repeat(257) + "\"}}")
                        .message())
                .isEqualTo("Invalid request body: tags.key0 must be at most 256 characters long, not 257");
        assertThat(send("POST", "/v2/tags/" + arn, "{\"tags\": {\"\": \"x\"}}").message())
                .isEqualTo("Invalid request body: tags must not have an empty key");
        JsonNode tags = send("GET", "/v2/tags/" + arn, null).body().path("tags");
        assertThat(tags.size()).isEqualTo(50);
        assertThat(tags.path("key0").asText()).isEqualTo("replaced");
    }

    @Test
    void controlCharactersAreRefusedInNamesAndNulEverywhere() throws Exception {
        Answer nul = send("POST", "/v2/apis", api("chat\u0000admin"));
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.message())
                .isEqualTo("Invalid request body: name must not contain control characters (U+0000 at index 4)");
        String apiId = createApi("plain");
        Answer bell = send(
                "POST", "/v2/apis/" + apiId + "/routes", JSON.createObjectNode().put("routeKey", "send\u0007"));
        assertThat(bell.message()).contains("routeKey must not contain control characters (U+0007");
        Answer stage = send(
                "POST", "/v2/apis/" + apiId + "/stages", JSON.createObjectNode().put("stageName", "dev\n"));
        assertThat(stage.message()).contains("stageName must not contain control characters");
        Answer tag = send("PATCH", "/v2/apis/" + apiId, JSON.createObjectNode().put("description", "a\u0000b"));
        assertThat(tag.message()).contains("description must not contain control characters (U+0000 at index 1)");
        Answer lines =
                send("PATCH", "/v2/apis/" + apiId, JSON.createObjectNode().put("description", "two\nlines\tand a tab"));
        assertThat(lines.status()).as("a description may hold line breaks").isEqualTo(200);
        assertThat(gateway.gateway().counters().count(Counter.CONTROL_REFUSED)).isPositive();
    }

    @Test
    void routesAndIntegrationsStopAtThreeHundredPerApi() throws Exception {
        String apiId = createApi("full");
        for (int i = 0; i < RouteResources.MAX_PER_API; i++) {
            Answer created = send(
                    "POST",
                    "/v2/apis/" + apiId + "/routes",
                    JSON.createObjectNode().put("routeKey", "r" + i));
            assertThat(created.status()).isEqualTo(201);
            assertThat(send(
                                    "POST",
                                    "/v2/apis/" + apiId + "/integrations",
                                    JSON.createObjectNode().put("integrationType", "MOCK"))
                            .status())
                    .isEqualTo(201);
        }
        Answer route = send(
                "POST", "/v2/apis/" + apiId + "/routes", JSON.createObjectNode().put("routeKey", "one-too-many"));
        assertThat(route.status()).isEqualTo(429);
        assertThat(route.type()).isEqualTo("ConflictException");
        assertThat(route.message()).startsWith("Maximum number of Routes for this API has been reached.");
        Answer integration = send(
                "POST",
                "/v2/apis/" + apiId + "/integrations",
                JSON.createObjectNode().put("integrationType", "MOCK"));
        assertThat(integration.status()).isEqualTo(429);
        assertThat(integration.message()).startsWith("Maximum number of Integrations for this API has been reached.");
        assertThat(send("GET", "/v2/apis/" + apiId + "/routes?maxResults=500", null)
                        .body()
                        .path("items")
                        .size())
                .isEqualTo(300);
        String other = createApi("other");
        assertThat(send(
                                "POST",
                                "/v2/apis/" + other + "/routes",
                                JSON.createObjectNode().put("routeKey", "r"))
                        .status())
                .as("the quota is per API")
                .isEqualTo(201);
    }

    @Test
    void stagesAndAuthorizersStopAtTenPerApiAndTheSdkSeesAwsError() throws Exception {
        String apiId = createApi("staged");
        var v2 = ControlClients.v2WithoutRetries(gateway.gateway().controlUrl().orElseThrow());
        for (int i = 0; i < StageResources.MAX_PER_API; i++) {
            String name = "s" + i;
            v2.createStage(r -> r.apiId(apiId).stageName(name));
        }
        assertThatThrownBy(() -> v2.createStage(r -> r.apiId(apiId).stageName("eleventh")))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.getMessage()).startsWith("Maximum number of Stages for this API has been reached.");
                });
        ObjectNode authorizer = JSON.createObjectNode()
                .put("name", "a")
                .put("authorizerType", "REQUEST")
                .put(
                        "authorizerUri",
                        "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                + "arn:aws:lambda:us-east-1:123456789012:function:auth/invocations");
        authorizer.putArray("identitySource").add("route.request.header.Auth");
        for (int i = 0; i < AuthorizerResources.MAX_PER_API; i++) {
            assertThat(send("POST", "/v2/apis/" + apiId + "/authorizers", authorizer)
                            .status())
                    .isEqualTo(201);
        }
        Answer eleventh = send("POST", "/v2/apis/" + apiId + "/authorizers", authorizer);
        assertThat(eleventh.status()).isEqualTo(429);
        assertThat(eleventh.type()).isEqualTo("ConflictException");
        assertThat(eleventh.message()).startsWith("Maximum number of Authorizers for this API has been reached.");
        assertThat(eleventh.body().has("limitType")).as("not a throttle").isFalse();
    }
}
