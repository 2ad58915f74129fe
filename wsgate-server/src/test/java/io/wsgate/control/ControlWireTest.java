package io.wsgate.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.app.Gateway;
import io.wsgate.observe.Counter;
import io.wsgate.testing.ControlClients;
import io.wsgate.testing.GatewayExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What no SDK sends but a hand-written client or a bug can: wrong JSON types, missing members,
 * broken JSON, unknown paths, oversized bodies. Each is answered in AWS's error format (status,
 * {@code x-amzn-ErrorType}, a JSON {@code message}) and changes nothing.
 */
class ControlWireTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    static final GatewayExtension gateway =
            new GatewayExtension(() -> Gateway.builder().control(0, ControlClients.dataDirectory()));

    record Answer(int status, String type, JsonNode body) {}

    static Answer send(String method, String path, String body) throws Exception {
        return send(method, path, body, "application/json");
    }

    static Answer send(String method, String path, String body, String contentType) throws Exception {
        URI uri = gateway.gateway().controlUrl().orElseThrow().resolve(path);
        var request = HttpRequest.newBuilder(uri)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", contentType)
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("x-amzn-ErrorType").orElse(null),
                response.body().isEmpty() ? null : JSON.readTree(response.body()));
    }

    private static int apiCount() throws Exception {
        return send("GET", "/v2/apis", null).body().path("items").size();
    }

    @Test
    void wrongTypesAndMissingMembersAreBadRequests() throws Exception {
        int before = apiCount();
        Answer wrongType = send(
                "POST",
                "/v2/apis",
                "{\"name\": 5, \"protocolType\": \"WEBSOCKET\", \"routeSelectionExpression\": \"$request.body.action\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.type()).isEqualTo("BadRequestException");
        assertThat(wrongType.body().path("message").asText()).contains("name").contains("string");

        Answer missing = send("POST", "/v2/apis", "{\"protocolType\": \"WEBSOCKET\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.type()).isEqualTo("BadRequestException");
        assertThat(missing.body().path("message").asText()).contains("name");

        Answer notAnObject = send("POST", "/v2/apis", "[1, 2]");
        assertThat(notAnObject.status()).isEqualTo(400);
        assertThat(notAnObject.type()).isEqualTo("BadRequestException");

        Answer wrongEnum = send(
                "POST",
                "/v2/apis",
                "{\"name\": \"x\", \"protocolType\": \"SOCKET\", \"routeSelectionExpression\": \"$request.body.action\"}");
        assertThat(wrongEnum.status()).isEqualTo(400);
        assertThat(wrongEnum.body().path("message").asText()).contains("protocolType");

        Answer tagsNotAMap = send(
                "POST",
                "/v2/apis",
                "{\"name\": \"x\", \"protocolType\": \"WEBSOCKET\", \"routeSelectionExpression\": \"$request.body.action\","
                        + " \"tags\": [\"a\"]}");
        assertThat(tagsNotAMap.status()).isEqualTo(400);
        assertThat(tagsNotAMap.body().path("message").asText()).contains("tags");

        assertThat(apiCount()).as("nothing was created").isEqualTo(before);
        assertThat(gateway.gateway().counters().count(Counter.CONTROL_REFUSED)).isGreaterThanOrEqualTo(5);
    }

    @Test
    void lengthsNumbersAndNestedMembersAreChecked() throws Exception {
        Answer description = send(
                "POST",
                "/v2/apis",
                "{\"name\": \"x\", \"protocolType\": \"WEBSOCKET\", \"routeSelectionExpression\":"
                        + " \"$request.body.action\", \"description\": \"" + "d".repeat(1025) + "\"}");
        assertThat(description.status()).isEqualTo(400);
        assertThat(description.body().path("message").asText())
                .isEqualTo("Invalid request body: description must be at most 1024 characters long, not 1025");

        String apiId = send(
                        "POST",
                        "/v2/apis",
                        "{\"name\": \"x\", \"protocolType\": \"WEBSOCKET\", \"routeSelectionExpression\":"
                                + " \"$request.body.action\"}")
                .body()
                .path("apiId")
                .asText();
        Answer negative = send(
                "POST",
                "/v2/apis/" + apiId + "/stages",
                "{\"stageName\": \"dev\", \"defaultRouteSettings\": {\"throttlingRateLimit\": -5}}");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.body().path("message").asText())
                .isEqualTo(
                        "Invalid request body: defaultRouteSettings.throttlingRateLimit must be a number, zero or more");
        Answer nested =
                send("POST", "/v2/apis/" + apiId + "/stages", "{\"stageName\": \"dev\", \"defaultRouteSettings\": 3}");
        assertThat(nested.body().path("message").asText())
                .isEqualTo("Invalid request body: defaultRouteSettings must be a JSON object");
        Answer blank = send("PATCH", "/v2/apis/" + apiId, "{\"routeSelectionExpression\": \" \"}");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body().path("message").asText()).contains("routeSelectionExpression must not be empty");
    }

    @Test
    void aFormContentTypeStillCarriesJson() throws Exception {
        // curl -d sends application/x-www-form-urlencoded; the body is read as JSON all the same.
        Answer created = send(
                "POST",
                "/v2/apis",
                "{\"name\": \"100% json\", \"protocolType\": \"WEBSOCKET\", \"routeSelectionExpression\":"
                        + " \"$request.body.action\"}",
                "application/x-www-form-urlencoded");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("name").asText()).isEqualTo("100% json");
    }

    @Test
    void tagResourceWithoutTagsChangesNothing() throws Exception {
        JsonNode api = send(
                        "POST",
                        "/v2/apis",
                        "{\"name\": \"t\", \"protocolType\": \"WEBSOCKET\", \"routeSelectionExpression\":"
                                + " \"$request.body.action\", \"tags\": {\"team\": \"chat\"}}")
                .body();
        String arn = java.net.URLEncoder.encode(
                "arn:aws:apigateway:us-east-1::/apis/" + api.path("apiId").asText(), StandardCharsets.UTF_8);
        assertThat(send("POST", "/v2/tags/" + arn, "{}").status()).isEqualTo(201);
        assertThat(send("POST", "/v2/tags/" + arn, null).status()).isEqualTo(201);
        assertThat(send("GET", "/v2/tags/" + arn, null)
                        .body()
                        .path("tags")
                        .path("team")
                        .asText())
                .isEqualTo("chat");
    }

    @Test
    void brokenJsonIsABadRequest() throws Exception {
        Answer broken = send("POST", "/v2/apis", "{\"name\": ");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.type()).isEqualTo("BadRequestException");
        assertThat(broken.body().path("message").asText()).startsWith("Invalid JSON in the request body");
    }

    @Test
    void unknownPathsAndIdsAreNotFound() throws Exception {
        Answer path = send("GET", "/v2/nothing-here", null);
        assertThat(path.status()).isEqualTo(404);
        assertThat(path.type()).isEqualTo("NotFoundException");
        assertThat(path.body().path("message").asText()).contains("GET /v2/nothing-here");

        Answer method = send("PUT", "/v2/apis", "{}");
        assertThat(method.status()).isEqualTo(404);
        assertThat(method.type()).isEqualTo("NotFoundException");

        Answer id = send("GET", "/v2/apis/abcdefghij/routes", null);
        assertThat(id.status()).isEqualTo(404);
        assertThat(id.type()).isEqualTo("NotFoundException");
        assertThat(id.body().path("resourceType").asText()).isEqualTo("Api");
    }

    @Test
    void anOversizedBodyIsRefusedInAwsFormat() throws Exception {
        String huge = "{\"name\": \"" + "x".repeat(11 * 1024 * 1024) + "\"}";
        Answer answer = send("POST", "/v2/apis", huge);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.type()).isEqualTo("BadRequestException");
        assertThat(answer.body().path("message").asText()).contains("too large");
        assertThat(send("GET", "/v2/apis", null).status()).as("still serving").isEqualTo(200);
    }
}
