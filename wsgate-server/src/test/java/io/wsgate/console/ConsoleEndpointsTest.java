package io.wsgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.app.Gateway;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.model.AccessLogSettings;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.model.Stage;
import io.wsgate.observe.Counter;
import io.wsgate.testing.ControlClients;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's endpoints without identities: the APIs of the file and of the control plane, live
 * connections paged in order and filtered, sending to and closing one, the counters, an access
 * log's tail; and every bad call's status, error type and count.
 */
class ConsoleEndpointsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String ARN = "arn:aws:logs:us-east-1:000000000000:log-group:console-test";

    @TempDir
    static Path dir;

    static final Recorder echo =
            new Recorder().answer((e, c) -> e.eventType() == EventType.MESSAGE ? Reply.body(e.body()) : Reply.ok());
    static Gateway gateway;
    static URI control;
    static final List<TestClient> dev = new ArrayList<>();
    static TestClient prod;

    @BeforeAll
    static void start() {
        Api api = Api.builder("Echo")
                .integration(Integration.function("echo", "Echo"))
                .route("$connect", "echo")
                .route(Route.of("$default", "echo").withRouteResponse())
                .stage(Stage.of("dev")
                        .withAccessLogSettings(new AccessLogSettings(ARN, "$context.requestId $context.eventType")))
                .stage("prod")
                .build();
        gateway = Gateway.builder()
                .port(0)
                .control(0, dir.resolve("data"))
                .function("Echo", echo)
                .api(api)
                .start();
        control = gateway.controlUrl().orElseThrow();
        for (int i = 0; i < 5; i++) {
            dev.add(TestClient.connect(gateway.stageUrl("echo", "dev"), Map.of("User-Agent", "agent-" + i), List.of()));
            echo.await(EventType.CONNECT);
        }
        prod = TestClient.connect(gateway.stageUrl("echo", "prod"));
        echo.await(EventType.CONNECT);
    }

    @AfterAll
    static void stop() {
        dev.forEach(TestClient::abort);
        prod.abort();
        gateway.close();
    }

    static HttpResponse<String> call(String method, String pathAndQuery, String body, boolean marked) throws Exception {
        var request = HttpRequest.newBuilder(control.resolve(pathAndQuery))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (marked) {
            request.header(Console.HEADER, "test");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(String method, String pathAndQuery) throws Exception {
        HttpResponse<String> response = call(method, pathAndQuery, null, true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static String id(TestClient client) throws Exception {
        client.send("whoami");
        client.awaitMessage();
        return echo.await(EventType.MESSAGE).requestContext().connectionId();
    }

    @Test
    void connectionsArePagedOldestFirstAndFiltered() throws Exception {
        var seen = new ArrayList<String>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = ok(
                    "GET",
                    "/wsgate/connections?apiId=echo&stage=dev&limit=2" + (token == null ? "" : "&nextToken=" + token));
            page.path("items").forEach(c -> {
                assertThat(c.path("apiId").asText()).isEqualTo("echo");
                assertThat(c.path("stage").asText()).isEqualTo("dev");
                assertThat(c.path("sourceIp").asText()).isEqualTo("127.0.0.1");
                seen.add(c.path("userAgent").asText());
            });
            token = page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null;
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("agent-0", "agent-1", "agent-2", "agent-3", "agent-4");

        JsonNode filtered = ok("GET", "/wsgate/connections?filter=AGENT-3");
        assertThat(filtered.path("items")).hasSize(1);
        assertThat(filtered.path("items").get(0).path("userAgent").asText()).isEqualTo("agent-3");
        String third = id(dev.get(3));
        assertThat(filtered.path("items").get(0).path("connectionId").asText()).isEqualTo(third);
        assertThat(ok(
                                "GET",
                                "/wsgate/connections?filter="
                                        + third.substring(0, 6).replace("=", "%3D"))
                        .path("items"))
                .anySatisfy(c -> assertThat(c.path("connectionId").asText()).isEqualTo(third));

        Set<String> all = new HashSet<>();
        ok("GET", "/wsgate/connections")
                .path("items")
                .forEach(c -> all.add(c.path("connectionId").asText()));
        assertThat(all).hasSize(6).contains(id(prod));
        assertThat(ok("GET", "/wsgate/connections?apiId=echo&stage=prod").path("items"))
                .hasSize(1);
        JsonNode one = ok("GET", "/wsgate/connections/" + java.net.URLEncoder.encode(third, "UTF-8"));
        assertThat(one.path("userAgent").asText()).isEqualTo("agent-3");
    }

    @Test
    void aMessageIsSentToAConnectionAndAnotherIsClosed() throws Exception {
        var target = TestClient.connect(gateway.stageUrl("echo", "prod"));
        echo.await(EventType.CONNECT);
        var doomed = TestClient.connect(gateway.stageUrl("echo", "prod"));
        echo.await(EventType.CONNECT);
        String to = java.net.URLEncoder.encode(id(target), "UTF-8");
        String gone = java.net.URLEncoder.encode(id(doomed), "UTF-8");

        HttpResponse<String> sent = call("POST", "/wsgate/connections/" + to, "{\"note\":\"from the console\"}", true);
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(target.awaitMessage()).isEqualTo("{\"note\":\"from the console\"}");

        assertThat(call("DELETE", "/wsgate/connections/" + gone, null, true).statusCode())
                .isEqualTo(204);
        assertThat(doomed.awaitClose().code()).isEqualTo(1000);
        HttpResponse<String> again = call("DELETE", "/wsgate/connections/" + gone, null, true);
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(again.headers().firstValue("x-amzn-ErrorType")).hasValue("GoneException");
        target.close(1000, "done");
        target.awaitClose();
    }

    @Test
    void theApisOfTheFileAndOfTheControlPlaneAreShownWithTheirStages() throws Exception {
        try (var v2 = ControlClients.v2(gateway)) {
            String made = ControlClients.webSocketApi(v2, "made-in-control");
            JsonNode apis = ok("GET", "/wsgate/apis").path("apis");
            JsonNode echoApi = find(apis, "echo");
            assertThat(echoApi.path("name").asText()).isEqualTo("Echo");
            assertThat(echoApi.path("source").asText()).isEqualTo("file");
            assertThat(echoApi.path("routes").findValuesAsText("routeKey")).containsExactly("$connect", "$default");
            assertThat(echoApi.path("integrations")
                            .get(0)
                            .path("integrationType")
                            .asText())
                    .isEqualTo("AWS_PROXY");
            JsonNode devStage = find(echoApi.path("stages"), "dev");
            assertThat(devStage.path("url").asText())
                    .isEqualTo(gateway.stageUrl("echo", "dev").toString());
            assertThat(devStage.path("connections").asInt()).isEqualTo(5);
            assertThat(devStage.path("accessLogSettings").path("destinationArn").asText())
                    .isEqualTo(ARN);
            JsonNode stored = find(apis, made);
            assertThat(stored.path("source").asText()).isEqualTo("control plane");
            assertThat(stored.path("name").asText()).isEqualTo("made-in-control");
        }
    }

    static JsonNode find(JsonNode list, String id) {
        for (JsonNode item : list) {
            if (id.equals(item.path("apiId").asText())
                    || id.equals(item.path("stageName").asText())) {
                return item;
            }
        }
        throw new AssertionError(id + " not in " + list);
    }

    @Test
    void theCountersAndTheConnectionsPerStageAreReadAsJson() throws Exception {
        JsonNode metrics = ok("GET", "/wsgate/metrics");
        assertThat(metrics.path("connections").asInt()).isEqualTo(gateway.connectionCount());
        assertThat(metrics.path("counters").path("connect.accepted").asLong())
                .isEqualTo(gateway.counters().count(Counter.CONNECT_ACCEPTED));
        assertThat(find(metrics.path("stages"), "echo").path("stage").asText()).isIn("dev", "prod");
    }

    @Test
    void theTailOfAStagesAccessLogIsRead() throws Exception {
        dev.get(0).send("for the log");
        dev.get(0).awaitMessage();
        // A line is offered when its event is over, which may be just after the answer was sent:
        // flushed and read until the message's line is in, for at most the usual wait.
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        JsonNode tail;
        do {
            io.wsgate.app.MainAccess.flushAccessLogs(gateway);
            tail = ok("GET", "/wsgate/access-log?apiId=echo&stage=dev&lines=3");
        } while (!tail.path("lines").toString().contains("MESSAGE") && System.nanoTime() < deadline);
        assertThat(tail.path("logGroup").asText()).isEqualTo("console-test");
        assertThat(tail.path("lines").size()).isBetween(1, 3);
        assertThat(tail.path("lines").get(tail.path("lines").size() - 1).asText())
                .matches("\\S+ MESSAGE");
        HttpResponse<String> none = call("GET", "/wsgate/access-log?apiId=echo&stage=prod", null, false);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("has no access log settings");
    }

    @Test
    void everyBadCallIsRefusedAsDocumentedAndCounted() throws Exception {
        record Bad(String method, String path, String body, boolean marked, int status, String type, String says) {}
        String huge = "x".repeat(3_000); // within the request line limit (4 KB; past it, 414)
        var bad = List.of(
                new Bad("GET", "/wsgate/connections?limit=0", null, false, 400, "BadRequestException", "limit"),
                new Bad("GET", "/wsgate/connections?limit=abc", null, false, 400, "BadRequestException", "abc"),
                new Bad("GET", "/wsgate/connections?limit=1001", null, false, 400, "BadRequestException", "1000"),
                new Bad(
                        "GET",
                        "/wsgate/connections?nextToken=%21%21",
                        null,
                        false,
                        400,
                        "BadRequestException",
                        "nextToken"),
                new Bad("GET", "/wsgate/connections?stage=dev", null, false, 400, "BadRequestException", "apiId"),
                new Bad(
                        "GET",
                        "/wsgate/connections?filter=" + "f".repeat(257),
                        null,
                        false,
                        400,
                        "BadRequestException",
                        "256"),
                new Bad("GET", "/wsgate/access-log?apiId=echo", null, false, 400, "BadRequestException", "stage"),
                new Bad(
                        "GET",
                        "/wsgate/access-log?apiId=echo&stage=nope",
                        null,
                        false,
                        404,
                        "NotFoundException",
                        "nope"),
                new Bad(
                        "GET",
                        "/wsgate/access-log?apiId=echo&stage=dev&lines=-1",
                        null,
                        false,
                        400,
                        "BadRequestException",
                        "lines"),
                new Bad("GET", "/wsgate/nothing", null, false, 404, "NotFoundException", "/wsgate/nothing"),
                new Bad(
                        "GET",
                        "/wsgate/connections/a/b",
                        null,
                        false,
                        404,
                        "NotFoundException",
                        "/wsgate/connections/a/b"),
                new Bad("GET", "/wsgate/connections/%2F..%2F", null, false, 410, "GoneException", "/../"),
                new Bad("GET", "/console/secrets.txt", null, false, 404, "NotFoundException", "secrets.txt"),
                new Bad("PUT", "/wsgate/apis", "{}", true, 405, "MethodNotAllowedException", "PUT"),
                new Bad("POST", "/console/", "{}", true, 405, "MethodNotAllowedException", "POST"),
                new Bad("POST", "/wsgate/connections/abc", "hi", false, 403, "ForbiddenException", Console.HEADER),
                new Bad("DELETE", "/wsgate/connections/abc", null, false, 403, "ForbiddenException", Console.HEADER),
                new Bad("DELETE", "/wsgate/connections/abc", null, true, 410, "GoneException", "abc"),
                new Bad("POST", "/wsgate/connections/" + huge, "hi", true, 410, "GoneException", "3000 characters"),
                new Bad(
                        "POST",
                        "/wsgate/connections/abc",
                        "y".repeat(200_000),
                        true,
                        413,
                        "PayloadTooLargeException",
                        "131072"),
                new Bad("POST", "/wsgate/session", "{}", true, 400, "BadRequestException", "No identities"));
        long before = gateway.counters().count(Counter.CONSOLE_REFUSED);
        for (Bad b : bad) {
            HttpResponse<String> response = call(b.method(), b.path(), b.body(), b.marked());
            assertThat(response.statusCode())
                    .as(b.method() + " "
                            + b.path().substring(0, Math.min(80, b.path().length())))
                    .isEqualTo(b.status());
            assertThat(response.headers().firstValue("x-amzn-ErrorType"))
                    .as(b.says())
                    .hasValue(b.type());
            assertThat(JSON.readTree(response.body()).path("message").asText())
                    .as(b.says())
                    .contains(b.says());
        }
        assertThat(gateway.counters().count(Counter.CONSOLE_REFUSED) - before).isEqualTo(bad.size());
        // none of it broke the gateway: the clients are still there and answered
        assertThat(ok("GET", "/wsgate/connections?apiId=echo&stage=dev").path("items"))
                .hasSize(5);
    }
}
