package io.wsgate.integration.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wsgate.app.Gateway;
import io.wsgate.config.GatewaySettings;
import io.wsgate.model.Api;
import io.wsgate.model.AuthorizationType;
import io.wsgate.model.Authorizer;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.observe.Counter;
import io.wsgate.testing.Await;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.TestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code AWS_PROXY} integrations whose function is not in the process go through the Lambda
 * Invoke API, here to a server on loopback that speaks it as {@code sam local start-lambda} does:
 * {@code POST /2015-03-31/functions/{name}/invocations}, function errors flagged by {@code
 * X-Amz-Function-Error}, unknown functions answered 404.
 */
class InvokeApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final LocalLambda lambda = LocalLambda.start();

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> {
        Gateway.Builder builder = Gateway.builder();
        return builder.settings(builder.settings()
                        .withLambda(new GatewaySettings.Lambda(Optional.of(lambda.url()), Optional.empty())))
                .api(Api.builder("remote")
                        .apiId("remote")
                        .integration(Integration.function(
                                "echo",
                                "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/"
                                        + "arn:aws:lambda:eu-west-1:123456789012:function:echo/invocations"))
                        .integration(Integration.function(
                                "live", "arn:aws:lambda:eu-west-1:123456789012:function:echo:live"))
                        .integration(
                                Integration.function("boom", "arn:aws:lambda:eu-west-1:123456789012:function:boom"))
                        .integration(
                                Integration.function("missing", "arn:aws:lambda:eu-west-1:123456789012:function:nope"))
                        .route(Route.of("$default", "echo").withRouteResponse())
                        .route(Route.of("live", "live").withRouteResponse())
                        .route("boom", "boom")
                        .route("missing", "missing")
                        .stage("dev")
                        .build())
                .api(Api.builder("refusing")
                        .apiId("refusing")
                        .integration(
                                Integration.function("deny", "arn:aws:lambda:us-east-1:123456789012:function:deny"))
                        .integration(
                                Integration.function("boom", "arn:aws:lambda:us-east-1:123456789012:function:boom"))
                        .route("$connect", "deny")
                        .stage("deny")
                        .build())
                .api(Api.builder("guarded")
                        .apiId("guarded")
                        .authorizer(new Authorizer(
                                "gate",
                                "gate",
                                "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                        + "arn:aws:lambda:us-east-1:123456789012:function:auth/invocations",
                                List.of("route.request.header.Auth")))
                        .integration(
                                Integration.function("echo", "arn:aws:lambda:us-east-1:123456789012:function:echo"))
                        .route(new Route(
                                "connect",
                                Route.CONNECT,
                                Optional.of("integrations/echo"),
                                AuthorizationType.CUSTOM,
                                Optional.of("gate"),
                                false,
                                Optional.empty(),
                                List.of()))
                        .route(Route.of("$default", "echo").withRouteResponse())
                        .stage("dev")
                        .build())
                .api(Api.builder("failing")
                        .apiId("failing")
                        .integration(
                                Integration.function("boom", "arn:aws:lambda:us-east-1:123456789012:function:boom"))
                        .route("$connect", "boom")
                        .stage("dev")
                        .build());
    });

    @AfterAll
    static void stop() {
        lambda.close();
    }

    @BeforeEach
    void clear() {
        lambda.calls.clear();
    }

    @Test
    void theProxyEventIsSignedAndSentAndTheResultAnswers() throws Exception {
        try (var client = gateway.connect("remote", "dev")) {
            client.send("{\"action\":\"chat\",\"text\":\"hi\"}");
            assertThat(client.awaitMessage()).isEqualTo("echo {\"action\":\"chat\",\"text\":\"hi\"}");

            LocalLambda.Call call = lambda.next();
            assertThat(call.path()).isEqualTo("/2015-03-31/functions/echo/invocations");
            assertThat(call.query()).isNull();
            assertThat(call.invocationType()).isEqualTo("RequestResponse");
            assertThat(call.authorization())
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                    .contains("/eu-west-1/lambda/aws4_request");
            JsonNode event = JSON.readTree(call.body());
            assertThat(event.at("/requestContext/routeKey").asText()).isEqualTo("$default");
            assertThat(event.at("/requestContext/eventType").asText()).isEqualTo("MESSAGE");
            assertThat(event.at("/requestContext/apiId").asText()).isEqualTo("remote");
            assertThat(event.path("body").asText()).isEqualTo("{\"action\":\"chat\",\"text\":\"hi\"}");
            assertThat(event.path("isBase64Encoded").asBoolean(true)).isFalse();
        }
    }

    @Test
    void aQualifiedArnInvokesThatVersionOrAlias() {
        try (var client = gateway.connect("remote", "dev")) {
            client.send("{\"action\":\"live\"}");
            assertThat(client.awaitMessage()).isEqualTo("echo {\"action\":\"live\"}");
            LocalLambda.Call call = lambda.next();
            assertThat(call.path()).isEqualTo("/2015-03-31/functions/echo/invocations");
            assertThat(call.query()).isEqualTo("Qualifier=live");
        }
    }

    @Test
    void aFunctionErrorOrAnUnknownFunctionIsAnInternalServerErrorFrame() {
        try (var client = gateway.connect("remote", "dev")) {
            client.send("{\"action\":\"boom\"}");
            assertThat(client.awaitMessage()).startsWith("{\"message\": \"Internal server error\"");
            client.send("{\"action\":\"missing\"}");
            assertThat(client.awaitMessage()).startsWith("{\"message\": \"Internal server error\"");
            // the connection is still usable
            client.send("{\"action\":\"after\"}");
            assertThat(client.awaitMessage()).isEqualTo("echo {\"action\":\"after\"}");
        }
        assertThat(gateway.gateway().counters().count(Counter.MESSAGE_INTEGRATION_FAILED))
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void connectIsRefusedWithTheFunctionsStatusOr502OnAFunctionError() {
        assertThat(TestClient.refusal(gateway.url("refusing", "deny"))).isEqualTo(403);
        assertThat(lambda.next().path()).isEqualTo("/2015-03-31/functions/deny/invocations");
        assertThat(TestClient.refusal(gateway.url("failing", "dev"))).isEqualTo(502);
        assertThat(lambda.next().path()).isEqualTo("/2015-03-31/functions/boom/invocations");
    }

    /** An authorizer behind the Invoke API: its event goes there, its answer and its errors decide. */
    @Test
    void anAuthorizerIsInvokedThroughTheInvokeApi() throws Exception {
        URI guarded = gateway.url("guarded", "dev");
        assertThat(TestClient.refusal(guarded, Map.of("Auth", "no"))).isEqualTo(401);
        JsonNode refused = JSON.readTree(lambda.next().body());
        assertThat(refused.path("type").asText()).isEqualTo("REQUEST");
        assertThat(refused.path("methodArn").asText())
                .isEqualTo("arn:aws:execute-api:us-east-1:000000000000:guarded/dev/$connect");
        try (var client = TestClient.connect(guarded, Map.of("Auth", "ok"), List.of())) {
            assertThat(lambda.next().path()).isEqualTo("/2015-03-31/functions/auth/invocations");
            JsonNode connect = JSON.readTree(lambda.next().body());
            assertThat(connect.at("/requestContext/authorizer/principalId").asText())
                    .isEqualTo("remote-user");
            client.send("{\"action\":\"hi\"}");
            assertThat(client.awaitMessage()).isEqualTo("echo {\"action\":\"hi\"}");
            JsonNode message = JSON.readTree(lambda.next().body());
            assertThat(message.at("/requestContext/authorizer/principalId").asText())
                    .isEqualTo("remote-user");
        }
    }

    /** An Invoke API server on loopback with four functions: echo, boom (throws), deny (403), and no "nope". */
    static final class LocalLambda implements AutoCloseable {
        record Call(String path, String query, String invocationType, String authorization, String body) {}

        final HttpServer server;
        final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();

        private LocalLambda(HttpServer server) {
            this.server = server;
        }

        static LocalLambda start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                var lambda = new LocalLambda(server);
                server.createContext("/2015-03-31/functions/", lambda::handle);
                server.start();
                return lambda;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        Call next() {
            return Await.next(calls, "Invoke call");
        }

        private void handle(HttpExchange exchange) throws IOException {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            calls.add(new Call(
                    path,
                    exchange.getRequestURI().getQuery(),
                    exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    body));
            String function = path.substring("/2015-03-31/functions/".length(), path.lastIndexOf("/invocations"));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            switch (function) {
                case "echo" -> {
                    String text = JSON.readTree(body).path("body").asText();
                    answer(
                            exchange,
                            200,
                            JSON.writeValueAsString(JSON.createObjectNode()
                                    .put("statusCode", 200)
                                    .put("body", "echo " + text)));
                }
                case "deny" -> answer(exchange, 200, "{\"statusCode\": 403}");
                case "auth" -> {
                    JsonNode event = JSON.readTree(body);
                    if (!event.at("/headers/Auth").asText().equals("ok")) {
                        exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
                        answer(exchange, 200, "{\"errorMessage\":\"Unauthorized\",\"errorType\":\"Error\"}");
                        return;
                    }
                    answer(
                            exchange,
                            200,
                            "{\"principalId\":\"remote-user\",\"policyDocument\":{\"Version\":\"2012-10-17\","
                                    + "\"Statement\":[{\"Action\":\"execute-api:Invoke\",\"Effect\":\"Allow\","
                                    + "\"Resource\":\""
                                    + event.path("methodArn").asText() + "\"}]}}");
                }
                case "boom" -> {
                    exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
                    answer(exchange, 200, "{\"errorMessage\":\"boom\",\"errorType\":\"Error\"}");
                }
                default -> {
                    exchange.getResponseHeaders().add("x-amzn-ErrorType", "ResourceNotFoundException");
                    answer(exchange, 404, "{\"Type\":\"User\",\"message\":\"Function not found: " + function + "\"}");
                }
            }
        }

        private static void answer(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
