package io.wsgate.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.app.Gateway;
import io.wsgate.config.GatewaySettings;
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
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizerType;
import software.amazon.awssdk.services.apigatewayv2.model.ParameterConstraints;

/**
 * Every operation's path template with each parameter in turn replaced by what names no resource
 * ({@code .}, {@code ..} and their encodings, empty, an encoded '/') or none that exists (a very
 * long id, odd Unicode), sent with each method: the answer is always 404 NotFoundException for the
 * resource that segment names (or for the operation, where the method has none at that path), and
 * the state file is neither changed nor rewritten.
 */
class PathFuzzTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final Path data = ControlClients.dataDirectory();

    /** Decoded, these name no resource at all. */
    static final List<String> IMPOSSIBLE = List.of(".", "..", "%2e", "%2E%2e", "", "a%2Fb", "%2F", "%2e%2e%2F%2e%2e");
    /** Well formed, but no resource has them. */
    static final List<String> UNKNOWN = List.of(
            "x".repeat(2_000), "%C3%A9t%C3%A9", "%F0%9F%98%80", "%E2%80%AE", "%EF%BF%BF", "%ED%A0%80", "%00", "%0A");

    static final List<String> METHODS = List.of("GET", "PATCH", "DELETE", "POST");
    /** Bodies that pass each create's and update's own checks, so that only the path is wrong. */
    static final Map<String, String> BODIES = Map.of(
            "POST /v2/apis/{apiId}/routes", "{\"routeKey\": \"fuzz\"}",
            "POST /v2/apis/{apiId}/routes/{routeId}/routeresponses", "{\"routeResponseKey\": \"$default\"}",
            "POST /v2/apis/{apiId}/integrations", "{\"integrationType\": \"MOCK\"}",
            "POST /v2/apis/{apiId}/integrations/{integrationId}/integrationresponses",
                    "{\"integrationResponseKey\": \"$default\"}",
            "POST /v2/apis/{apiId}/stages", "{\"stageName\": \"fuzz\"}",
            "POST /v2/apis/{apiId}/authorizers",
                    "{\"name\": \"a\", \"authorizerType\": \"REQUEST\", \"identitySource\": [\"route.request.header.A\"]}",
            "POST /v2/tags/{resource-arn}", "{\"tags\": {\"a\": \"b\"}}",
            "POST /v2/domainnames/{domainName}/apimappings", "{\"apiId\": \"{apiId}\", \"stage\": \"dev\"}",
            "PATCH /v2/domainnames/{domainName}/apimappings/{apiMappingId}", "{\"apiId\": \"{apiId}\"}");

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .settings(GatewaySettings.DEFAULT.withControl(Optional.of(GatewaySettings.Control.DEFAULT
                    .withPort(0)
                    .withDataDirectory(data)
                    .withThrottle(0, 0)))));

    /** A real id for every parameter: of resources that exist, so that the fuzzed one is all that is wrong. */
    static final Map<String, String> ids = new HashMap<>();

    @BeforeAll
    static void resources() {
        ApiGatewayV2Client v2 = gateway.v2();
        String apiId = ControlClients.webSocketApi(v2, "target");
        ControlClients.webSocketApi(v2, "bystander");
        var route = ControlClients.mockRoute(v2, apiId, "send", "{}");
        v2.updateRoute(r -> r.apiId(apiId)
                .routeId(route.routeId())
                .requestParameters(Map.of(
                        "route.request.header.A",
                        ParameterConstraints.builder().required(false).build())));
        String routeResponseId = v2.getRouteResponses(r -> r.apiId(apiId).routeId(route.routeId()))
                .items()
                .getFirst()
                .routeResponseId();
        v2.createStage(r -> r.apiId(apiId).stageName("dev"));
        String deploymentId =
                v2.createDeployment(r -> r.apiId(apiId).stageName("dev")).deploymentId();
        v2.updateStage(r -> r.apiId(apiId)
                .stageName("dev")
                .routeSettings(Map.of(
                        "send",
                        software.amazon.awssdk.services.apigatewayv2.model.RouteSettings.builder()
                                .throttlingBurstLimit(5)
                                .build())));
        String authorizerId = v2.createAuthorizer(r -> r.apiId(apiId)
                        .name("tokens")
                        .authorizerType(AuthorizerType.REQUEST)
                        .identitySource("route.request.querystring.token")
                        .authorizerUri("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                + "arn:aws:lambda:us-east-1:123456789012:function:auth/invocations"))
                .authorizerId();
        v2.createDomainName(r -> r.domainName("chat.example.com"));
        String mappingId = v2.createApiMapping(
                        r -> r.domainName("chat.example.com").apiId(apiId).stage("dev"))
                .apiMappingId();
        ids.put("apiId", apiId);
        ids.put("routeId", route.routeId());
        ids.put("routeResponseId", routeResponseId);
        ids.put("requestParameterKey", "route.request.header.A");
        ids.put("integrationId", route.integrationId());
        ids.put("integrationResponseId", route.integrationResponseId());
        ids.put("stageName", "dev");
        ids.put("routeKey", "send");
        ids.put("deploymentId", deploymentId);
        ids.put("authorizerId", authorizerId);
        ids.put("domainName", "chat.example.com");
        ids.put("apiMappingId", mappingId);
        ids.put("resource-arn", "arn:aws:apigateway:us-east-1::/apis/" + apiId);
    }

    record Template(String method, String path) {
        List<String> parameters() {
            return PathTemplate.parse(path).parameters();
        }
    }

    /** Every operation the control plane serves, taken from the resource families themselves. */
    static List<Template> templates() {
        var context = new ControlContext(null, "us-east-1", "000000000000", id -> "", api -> List.of(), null);
        return Stream.of(
                        new ApiResources(context).operations(),
                        new RouteResources(context).operations(),
                        new IntegrationResources(context).operations(),
                        new StageResources(context).operations(),
                        new AuthorizerResources(context).operations(),
                        new DomainResources(context).operations())
                .flatMap(List::stream)
                .map(b -> new Template(b.method(), b.path()))
                .toList();
    }

    @Test
    void segmentsThatNameNothingAreNotFoundForTheirResourceAndChangeNothing() throws Exception {
        List<Template> templates = templates();
        var paths = templates.stream().map(Template::path).distinct().toList();
        byte[] before = Files.readAllBytes(data.resolve("state.json"));
        FileTime written = Files.getLastModifiedTime(data.resolve("state.json"));
        var failures = new ArrayList<String>();
        int sent = 0;
        for (String path : paths) {
            for (String parameter : PathTemplate.parse(path).parameters()) {
                String type = resourceType(parameter);
                for (String value :
                        Stream.concat(IMPOSSIBLE.stream(), UNKNOWN.stream()).toList()) {
                    for (String method : METHODS) {
                        boolean served = templates.contains(new Template(method, path));
                        boolean impossible = !PathTemplate.possibleId(
                                PathTemplate.decode(value).orElseThrow(), parameter.equals("resource-arn"));
                        String expected = impossible || served ? type : "Operation";
                        String target = fill(path, parameter, value);
                        String body =
                                BODIES.getOrDefault(method + " " + path, "{}").replace("{apiId}", ids.get("apiId"));
                        Answer answer = send(method, target, body);
                        sent++;
                        if (!answer.isNotFound(expected)) {
                            failures.add(method + " " + abbreviated(target) + " -> " + answer);
                        }
                    }
                }
            }
        }
        assertThat(failures).as("of %d requests", sent).isEmpty();
        assertThat(sent).isGreaterThan(2_000);
        assertThat(Files.readAllBytes(data.resolve("state.json"))).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(data.resolve("state.json")))
                .as("never rewritten")
                .isEqualTo(written);
        assertThat(gateway.v2().getApis().items()).hasSize(2);
    }

    @Test
    void parentSegmentsInsideATaggedArnNameNothing() throws Exception {
        byte[] before = Files.readAllBytes(data.resolve("state.json"));
        String api = "arn:aws:apigateway:us-east-1::/apis/" + ids.get("apiId");
        for (String arn : List.of(api + "/stages/..", api + "/stages/.", api + "/stages/", api + "/stages/dev/..")) {
            String encoded = URLEncoder.encode(arn, StandardCharsets.UTF_8);
            for (String path : List.of("/v2/tags/" + encoded, "/v2/tags/" + arn)) {
                for (String method : List.of("GET", "POST", "DELETE")) {
                    Answer answer = send(method, path + "?tagKeys=a", "{\"tags\": {\"a\": \"b\"}}");
                    assertThat(answer.status()).as(method + " " + path).isEqualTo(404);
                    assertThat(answer.type()).isEqualTo("NotFoundException");
                    assertThat(answer.body().path("resourceType").asText()).isIn("Stage", "Resource");
                }
            }
        }
        assertThat(Files.readAllBytes(data.resolve("state.json"))).isEqualTo(before);
    }

    @Test
    void anIdLongerThanARequestLineIsRefusedBeforeAnyOperation() throws Exception {
        byte[] before = Files.readAllBytes(data.resolve("state.json"));
        Answer answer = send("DELETE", "/v2/apis/" + "x".repeat(10_000), null);
        assertThat(answer.status()).isEqualTo(414);
        assertThat(Files.readAllBytes(data.resolve("state.json"))).isEqualTo(before);
        assertThat(send("GET", "/v2/apis/" + ids.get("apiId"), null).status()).isEqualTo(200);
    }

    @Test
    void aTrailingSlashAfterAFixedSegmentStillReachesItsOperation() throws Exception {
        String stage = "/v2/apis/" + ids.get("apiId") + "/stages/dev";
        assertThat(send("DELETE", stage + "/cache/authorizers/", null).status()).isEqualTo(204);
        // Where a parameter could follow, the '/' leaves it empty, and an empty id names nothing.
        Answer emptyId = send("GET", "/v2/apis/" + ids.get("apiId") + "/routes/", null);
        assertThat(emptyId.isNotFound("Route")).as(emptyId.toString()).isTrue();
        Answer inTheMiddle = send("GET", "/v2/apis/" + ids.get("apiId") + "/routes//routeresponses", null);
        assertThat(inTheMiddle.isNotFound("Route")).as(inTheMiddle.toString()).isTrue();
    }

    @Test
    void aMalformedEscapeNamesNothing() throws Exception {
        byte[] before = Files.readAllBytes(data.resolve("state.json"));
        // No URI class lets these through, so they are written to the socket as they are.
        for (String id : List.of("%zz", "%2", "%", "%e0%80%ae%e0%80%ae")) {
            String raw = rawRequest("DELETE", "/v2/apis/" + ids.get("apiId") + "/routes/" + id);
            assertThat(raw).as(id).startsWith("HTTP/1.1 404");
            JsonNode body = JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4));
            assertThat(body.path("resourceType").asText()).isEqualTo("Route");
        }
        assertThat(Files.readAllBytes(data.resolve("state.json"))).isEqualTo(before);
    }

    static String rawRequest(String method, String path) throws java.io.IOException {
        try (var socket = new java.net.Socket(
                "127.0.0.1", gateway.gateway().controlUrl().orElseThrow().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String resourceType(String parameter) {
        return switch (parameter) {
            case "apiId" -> "Api";
            case "routeId" -> "Route";
            case "routeResponseId" -> "RouteResponse";
            case "requestParameterKey" -> "RequestParameter";
            case "integrationId" -> "Integration";
            case "integrationResponseId" -> "IntegrationResponse";
            case "stageName" -> "Stage";
            case "routeKey" -> "RouteSettings";
            case "deploymentId" -> "Deployment";
            case "authorizerId" -> "Authorizer";
            case "domainName" -> "DomainName";
            case "apiMappingId" -> "ApiMapping";
            case "resource-arn" -> "Resource";
            default -> throw new IllegalArgumentException("a parameter this test does not know: " + parameter);
        };
    }

    /** {@code path} with every parameter set to its real id but {@code fuzzed}, set to {@code value}. */
    static String fill(String path, String fuzzed, String value) {
        String out = path;
        for (String parameter : PathTemplate.parse(path).parameters()) {
            String id =
                    parameter.equals(fuzzed) ? value : URLEncoder.encode(ids.get(parameter), StandardCharsets.UTF_8);
            out = out.replace("{" + parameter + "}", id);
        }
        return out + (path.startsWith("/v2/tags/") ? "?tagKeys=a" : "");
    }

    static String abbreviated(String path) {
        return path.length() > 120 ? path.substring(0, 120) + "..." : path;
    }

    record Answer(int status, String type, JsonNode body) {
        boolean isNotFound(String resourceType) {
            if (status != 404 || !"NotFoundException".equals(type) || body == null) {
                return false;
            }
            var names = new ArrayList<String>();
            body.fieldNames().forEachRemaining(names::add);
            // Nothing of any resource is in the answer: a message and the type, no more.
            return names.equals(List.of("message", "resourceType"))
                    && body.path("resourceType").asText().equals(resourceType);
        }
    }

    static Answer send(String method, String path, String body) throws Exception {
        URI uri = URI.create(gateway.gateway().controlUrl().orElseThrow() + path);
        var request = HttpRequest.newBuilder(uri)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        if (response.body().startsWith("{")) {
            json = JSON.readTree(response.body());
        }
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("x-amzn-ErrorType").orElse(null),
                json);
    }
}
