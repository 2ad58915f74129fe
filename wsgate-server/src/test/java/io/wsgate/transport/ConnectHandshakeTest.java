package io.wsgate.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.wsgate.app.Gateway;
import io.wsgate.connection.ConnectionIds;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.integration.WebSocketHandler;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.IntegrationType;
import io.wsgate.observe.Counter;
import io.wsgate.testing.CaptureBackend;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The handshake: what {@code $connect} receives, and how its answer decides the upgrade. */
class ConnectHandshakeTest {
    static final Recorder connect = new Recorder();
    static final Recorder disconnect = new Recorder();
    static final CaptureBackend backend = CaptureBackend.start();
    static final BlockingQueue<APIGatewayV2WebSocketEvent> lambdaEvents = new LinkedBlockingQueue<>();

    /** Lambda code as written for AWS, with the types of aws-lambda-java-events. */
    public static final class LambdaConnect
            implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
        @Override
        public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
            lambdaEvents.add(event);
            var response = new APIGatewayV2WebSocketResponse();
            String token = event.getQueryStringParameters() == null
                    ? null
                    : event.getQueryStringParameters().get("token");
            response.setStatusCode("secret".equals(token) ? 200 : 401);
            return response;
        }
    }

    /** A Lambda returning a map without statusCode, which API Gateway cannot use. */
    public static final class NoStatus implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            return Map.of("body", "hello");
        }
    }

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .function("Connect", connect)
            .function("Disconnect", disconnect)
            .function("Slow", (WebSocketHandler) (e, c) -> {
                Thread.sleep(TestClient.WAIT.toMillis()); // the backend's slowness; interrupted at the timeout
                return Reply.ok();
            })
            .function("Lambda", new LambdaConnect())
            .function("NoStatus", new NoStatus())
            .api(Api.builder("handshake")
                    .apiId("hs")
                    .integration(Integration.function("connect", "Connect"))
                    .integration(Integration.function("disconnect", "Disconnect"))
                    .route("$connect", "connect")
                    .route("$disconnect", "disconnect")
                    .stage("dev")
                    .build())
            .api(Api.builder("slow")
                    .integration(Integration.builder("connect", IntegrationType.AWS_PROXY)
                            .uri("Slow")
                            .timeoutInMillis(200)
                            .build())
                    .route("$connect", "connect")
                    .stage("dev")
                    .build())
            .api(Api.builder("lambda")
                    .integration(Integration.function(
                            "connect",
                            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                    + "arn:aws:lambda:us-east-1:123456789012:function:Lambda/invocations"))
                    .route("$connect", "connect")
                    .stage("dev")
                    .build())
            .api(Api.builder("nostatus")
                    .integration(Integration.function("connect", "NoStatus"))
                    .route("$connect", "connect")
                    .stage("dev")
                    .build())
            .api(Api.builder("open").stage("dev").build())
            .api(Api.builder("http")
                    .integration(Integration.http("connect", backend.url("/connect")))
                    .route("$connect", "connect")
                    .stage("dev")
                    .build())
            .api(Api.builder("down")
                    .integration(Integration.http("connect", "http://127.0.0.1:9/connect"))
                    .route("$connect", "connect")
                    .stage("dev")
                    .build()));

    @BeforeEach
    void reset() {
        connect.clear();
        connect.answer((e, c) -> Reply.ok());
        disconnect.clear();
        backend.clear();
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @Test
    void connectEventCarriesHeadersQueryAndIdentity() {
        URI url = URI.create(gateway.url("hs", "dev") + "?token=abc&room=7&room=8");
        try (var client = TestClient.connect(url, Map.of("X-Custom", "yes"), List.of())) {
            WebSocketEvent event = connect.await();
            var context = event.requestContext();
            assertThat(event.eventType()).isEqualTo(EventType.CONNECT);
            assertThat(context.routeKey()).isEqualTo("$connect");
            assertThat(context.messageId()).isNull();
            assertThat(context.stage()).isEqualTo("dev");
            assertThat(context.apiId()).isEqualTo("hs");
            assertThat(context.domainName()).isEqualTo("127.0.0.1:" + gateway.port());
            assertThat(context.sourceIp()).isEqualTo("127.0.0.1");
            assertThat(context.userAgent()).startsWith("Java-http-client/");
            assertThat(ConnectionIds.wellFormed(context.connectionId())).isTrue();
            assertThat(ConnectionIds.wellFormed(context.requestId())).isTrue();
            assertThat(context.connectedAt()).isLessThanOrEqualTo(context.requestTimeEpoch());
            assertThat(context.requestTime()).matches("\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000");

            assertThat(event.queryStringParameters())
                    .containsExactly(Map.entry("token", "abc"), Map.entry("room", "8"));
            assertThat(event.multiValueQueryStringParameters())
                    .containsEntry("token", List.of("abc"))
                    .containsEntry("room", List.of("7", "8"));
            assertThat(event.headers())
                    .containsEntry("X-Custom", "yes")
                    .containsEntry("X-Forwarded-For", "127.0.0.1")
                    .containsEntry("X-Forwarded-Port", Integer.toString(gateway.port()))
                    .containsEntry("X-Forwarded-Proto", "http")
                    .containsKey("Sec-WebSocket-Key")
                    .doesNotContainKeys("Connection", "Upgrade", "connection", "upgrade");
            assertThat(event.header("host")).contains("127.0.0.1:" + gateway.port());
            assertThat(event.header("X-Amzn-Trace-Id").orElseThrow()).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}");
            assertThat(List.copyOf(event.multiValueHeaders().keySet()))
                    .isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
            assertThat(event.body()).isNull();
        }
    }

    @Test
    void withoutAQueryStringTheQueryMembersAreLeftOut() {
        try (var client = gateway.connect("hs", "dev")) {
            WebSocketEvent event = connect.await();
            assertThat(event.queryStringParameters()).isNull();
            assertThat(event.multiValueQueryStringParameters()).isNull();
        }
    }

    @Test
    void aNon2xxAnswerRefusesTheHandshakeWithThatStatus() {
        for (int status : List.of(401, 403, 500, 301)) {
            connect.answer((e, c) -> Reply.status(status));
            assertThat(TestClient.refusal(gateway.url("hs", "dev"))).isEqualTo(status);
        }
        assertThat(gateway.gateway().counters().count(Counter.CONNECT_REJECTED)).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aRefusedConnectionNeverGetsDisconnect() {
        connect.answer((e, c) -> Reply.status(403));
        assertThat(TestClient.refusal(gateway.url("hs", "dev"))).isEqualTo(403);
        String refused = connect.await().connectionId();
        connect.answer((e, c) -> Reply.ok());
        String accepted;
        try (var client = gateway.connect("hs", "dev")) {
            accepted = connect.await().connectionId();
        }
        // $disconnect events are handled in order of the closes; the accepted one's arrives, and
        // nothing came before it for the refused one.
        WebSocketEvent first = disconnect.await();
        assertThat(first.connectionId()).isEqualTo(accepted).isNotEqualTo(refused);
    }

    @Test
    void aThrowingHandlerRefusesWith502() {
        connect.answer((e, c) -> {
            throw new IllegalStateException("boom");
        });
        assertThat(TestClient.refusal(gateway.url("hs", "dev"))).isEqualTo(502);
    }

    @Test
    void aTimedOutIntegrationRefusesWith504() {
        long before = gateway.gateway().counters().count(Counter.INTEGRATION_TIMEOUT);
        assertThat(TestClient.refusal(gateway.url("slow", "dev"))).isEqualTo(504);
        assertThat(gateway.gateway().counters().count(Counter.INTEGRATION_TIMEOUT))
                .isEqualTo(before + 1);
    }

    @Test
    void aResultWithoutStatusCodeRefusesWith502() {
        assertThat(TestClient.refusal(gateway.url("nostatus", "dev"))).isEqualTo(502);
    }

    @Test
    void theSubprotocolIsTheOneConnectReturns() {
        connect.answer((e, c) -> Reply.ok().withSubprotocol("json"));
        try (var client = TestClient.connect(gateway.url("hs", "dev"), Map.of(), List.of("chat", "json"))) {
            assertThat(client.subprotocol()).isEqualTo("json");
            assertThat(connect.await().header("Sec-WebSocket-Protocol")).contains("chat, json");
        }
    }

    @Test
    void anOfferedSubprotocolIsNeverEchoedOnItsOwn() {
        try (var client = TestClient.connect(gateway.url("hs", "dev"), Map.of(), List.of("chat", "json"))) {
            assertThat(client.subprotocol()).isEmpty();
        }
    }

    @Test
    void withoutAConnectRouteTheHandshakeIsAccepted() {
        try (var client = gateway.connect("open", "dev")) {
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void lambdaHandlersGetTheLambdaEventTypesUnchanged() throws Exception {
        assertThat(TestClient.refusal(gateway.url("lambda", "dev"))).isEqualTo(401);
        lambdaEvents.clear();
        try (var client = TestClient.connect(URI.create(gateway.url("lambda", "dev") + "?token=secret"))) {
            APIGatewayV2WebSocketEvent event = lambdaEvents.poll(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).isNotNull();
            assertThat(event.getRequestContext().getEventType()).isEqualTo("CONNECT");
            assertThat(event.getRequestContext().getRouteKey()).isEqualTo("$connect");
            assertThat(event.getRequestContext().getStage()).isEqualTo("dev");
            assertThat(event.getRequestContext().getIdentity().getSourceIp()).isEqualTo("127.0.0.1");
            assertThat(ConnectionIds.wellFormed(event.getRequestContext().getConnectionId()))
                    .isTrue();
            assertThat(event.getHeaders()).containsKey("X-Forwarded-For");
        }
    }

    @Test
    void anHttpBackendDecidesByItsStatusAndMayChooseTheSubprotocol() {
        backend.answer(r -> CaptureBackend.Response.of(403, ""));
        assertThat(TestClient.refusal(gateway.url("http", "dev"))).isEqualTo(403);
        backend.answer(r ->
                new CaptureBackend.Response(200, Map.of("Sec-WebSocket-Protocol", "v2"), "", java.time.Duration.ZERO));
        try (var client = TestClient.connect(gateway.url("http", "dev"), Map.of(), List.of("v1", "v2"))) {
            assertThat(client.subprotocol()).isEqualTo("v2");
        }
        CaptureBackend.Request request = backend.awaitRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/connect");
        assertThat(request.headers().get("Content-type")).containsExactly("application/json");
        assertThat(request.body()).contains("\"eventType\":\"CONNECT\"");
    }

    @Test
    void anUnreachableHttpBackendRefusesWith502() {
        assertThat(TestClient.refusal(gateway.url("down", "dev"))).isEqualTo(502);
    }

    @Test
    void anUnknownStageOrApiIsForbidden() {
        assertThat(TestClient.refusal(gateway.url("hs", "prod"))).isEqualTo(403);
        assertThat(TestClient.refusal(gateway.url("nope", "dev"))).isEqualTo(403);
        assertThat(TestClient.refusal(URI.create("ws://127.0.0.1:" + gateway.port() + "/dev")))
                .isEqualTo(403);
    }

    @Test
    void aPlainGetOnAStageUrlAsksForAnUpgrade() throws Exception {
        // The JDK's HttpClient refuses responses with an Upgrade header, which RFC 9110 requires
        // on a 426, so this request is written by hand.
        try (var socket = new java.net.Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
            socket.getOutputStream()
                    .write(("GET /hs/dev HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response =
                    new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(response)
                    .startsWith("HTTP/1.1 426 Upgrade Required\r\n")
                    .containsIgnoringCase("upgrade: websocket\r\n");
        }
        assertThat(gateway.gateway().counters().count(Counter.CONNECT_NOT_UPGRADE))
                .isPositive();
    }
}
