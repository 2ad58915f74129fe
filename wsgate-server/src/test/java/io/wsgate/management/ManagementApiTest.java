package io.wsgate.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsgate.app.Gateway;
import io.wsgate.connection.ConnectionIds;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.observe.Counter;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.RawWebSocket;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.LimitExceededException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;

/**
 * The {@code @connections} API through the AWS SDK for Java v2 client, pointed at the stage URL
 * with an endpoint override and nothing else changed.
 */
class ManagementApiTest {
    static final Recorder lifecycle = new Recorder();
    static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .function("Lifecycle", lifecycle)
            .function("Echo", (io.wsgate.integration.WebSocketHandler) (e, c) -> Reply.body(e.body()))
            .api(Api.builder("management")
                    .apiId("mgmt")
                    .integration(Integration.function("lifecycle", "Lifecycle"))
                    .integration(Integration.function("echo", "Echo"))
                    .route("$connect", "lifecycle")
                    .route("$disconnect", "lifecycle")
                    .route(Route.of("$default", "echo").withRouteResponse())
                    .stage("dev")
                    .stage("prod")
                    .build()));

    static ApiGatewayManagementApiClient sdk;

    @BeforeEach
    void reset() {
        lifecycle.clear();
        if (sdk == null) {
            sdk = ApiGatewayManagementApiClient.builder()
                    .endpointOverride(gateway.gateway().managementUrl("mgmt", "dev"))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
    }

    @AfterAll
    static void closeSdk() {
        if (sdk != null) {
            sdk.close();
        }
    }

    private static String connectionIdOf(TestClient client) {
        return lifecycle.await(EventType.CONNECT).connectionId();
    }

    @Test
    void postSendsTheRawBodyToTheClient() {
        try (var client = gateway.connect("mgmt", "dev")) {
            String id = connectionIdOf(client);
            sdk.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("{\"hello\": \"wörld\"}")));
            assertThat(client.awaitMessage()).isEqualTo("{\"hello\": \"wörld\"}");
        }
    }

    @Test
    void dataThatIsNotUtf8ArrivesAsABinaryMessage() {
        try (var client = gateway.connect("mgmt", "dev")) {
            String id = connectionIdOf(client);
            sdk.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromByteArray(new byte[] {(byte) 0xff, 0, 1})));
            sdk.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("after")));
            assertThat(client.awaitMessage()).isEqualTo("after");
            assertThat(client.binaryMessages()).isEqualTo(1);
        }
    }

    @Test
    void getDescribesTheConnection() {
        try (var client = gateway.connect("mgmt", "dev")) {
            String id = connectionIdOf(client);
            GetConnectionResponse before = sdk.getConnection(r -> r.connectionId(id));
            assertThat(before.identity().sourceIp()).isEqualTo("127.0.0.1");
            assertThat(before.identity().userAgent()).startsWith("Java-http-client/");
            assertThat(before.connectedAt())
                    .isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
            assertThat(before.lastActiveAt()).isEqualTo(before.connectedAt());
            client.send("activity");
            client.awaitMessage();
            GetConnectionResponse after = sdk.getConnection(r -> r.connectionId(id));
            assertThat(after.connectedAt()).isEqualTo(before.connectedAt());
            assertThat(after.lastActiveAt()).isAfterOrEqualTo(before.lastActiveAt());
        }
    }

    @Test
    void getAnswersIso8601TimestampsWithMilliseconds() throws Exception {
        try (var client = gateway.connect("mgmt", "dev")) {
            String id = connectionIdOf(client);
            HttpResponse<String> response = send("GET", "/mgmt/dev/@connections/" + id, null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .matches(
                            "\\{\"connectedAt\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\",\"identity\":\\{\"sourceIp\":\"127\\.0\\.0\\.1\",\"userAgent\":\"[^\"]+\"},\"lastActiveAt\":\"[^\"]+\"}");
            assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        }
    }

    @Test
    void deleteClosesTheConnection() {
        try (var client = gateway.connect("mgmt", "dev")) {
            String id = connectionIdOf(client);
            sdk.deleteConnection(r -> r.connectionId(id));
            // Gone at once, before the close handshake is over, as on AWS.
            assertThatThrownBy(() -> sdk.deleteConnection(r -> r.connectionId(id)))
                    .isInstanceOf(GoneException.class);
            assertThat(client.awaitClose().code()).isEqualTo(1000);
            assertThat(lifecycle
                            .await(EventType.DISCONNECT, id)
                            .requestContext()
                            .disconnectStatusCode())
                    .isEqualTo(1000);
            assertThatThrownBy(
                            () -> sdk.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOf(GoneException.class)
                    .satisfies(e -> assertThat(((GoneException) e).statusCode()).isEqualTo(410));
        }
    }

    @Test
    void connectionsOnEveryEventLoopAreAnswered() {
        // The gateway's two event loops take connections in turn, and the SDK's one HTTP connection
        // sits on one of them. The listener runs in Vert.x's strict thread mode, where an answer
        // written from any thread but the request's own fails and never reaches the caller.
        var clients = new ArrayList<TestClient>();
        try {
            var ids = new ArrayList<String>();
            for (int i = 0; i < 4; i++) {
                clients.add(gateway.connect("mgmt", "dev"));
                ids.add(connectionIdOf(clients.getLast()));
            }
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                String text = "to " + i;
                sdk.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String(text)));
                assertThat(clients.get(i).awaitMessage()).isEqualTo(text);
                assertThat(sdk.getConnection(r -> r.connectionId(id))
                                .sdkHttpResponse()
                                .statusCode())
                        .isEqualTo(200);
                sdk.deleteConnection(r -> r.connectionId(id));
                assertThat(clients.get(i).awaitClose().code()).isEqualTo(1000);
            }
        } finally {
            clients.forEach(TestClient::close);
        }
    }

    @Test
    void unknownIdsAreGone() {
        long before = gateway.gateway().counters().count(Counter.MANAGEMENT_GONE);
        String unknown = ConnectionIds.connectionId();
        assertThatThrownBy(
                        () -> sdk.postToConnection(r -> r.connectionId(unknown).data(SdkBytes.fromUtf8String("x"))))
                .isInstanceOf(GoneException.class);
        assertThatThrownBy(() -> sdk.getConnection(r -> r.connectionId(unknown)))
                .isInstanceOf(GoneException.class);
        assertThatThrownBy(() -> sdk.deleteConnection(r -> r.connectionId(unknown)))
                .isInstanceOf(GoneException.class);
        assertThatThrownBy(() -> sdk.getConnection(r -> r.connectionId("not-an-id")))
                .isInstanceOf(GoneException.class);
        assertThat(gateway.gateway().counters().count(Counter.MANAGEMENT_GONE)).isEqualTo(before + 4);
    }

    @Test
    void aPayloadOver128KbIsTooLarge() {
        try (var client = gateway.connect("mgmt", "dev")) {
            String id = connectionIdOf(client);
            sdk.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("a".repeat(128 * 1024))));
            assertThat(client.awaitMessage()).hasSize(128 * 1024);
            assertThatThrownBy(() -> sdk.postToConnection(r ->
                            r.connectionId(id).data(SdkBytes.fromUtf8String("a".repeat(128 * 1024 + 1)))))
                    .isInstanceOf(PayloadTooLargeException.class)
                    .satisfies(e -> assertThat(((PayloadTooLargeException) e).statusCode())
                            .isEqualTo(413));
            sdk.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("still open")));
            assertThat(client.awaitMessage()).isEqualTo("still open");
        }
    }

    @Test
    void theAtSignAndTheIdMayBePercentEncoded() throws Exception {
        try (var client = gateway.connect("mgmt", "dev")) {
            String id = connectionIdOf(client);
            String encoded = id.replace("=", "%3D");
            assertThat(send("POST", "/mgmt/dev/%40connections/" + encoded, "one")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(client.awaitMessage()).isEqualTo("one");
        }
    }

    @Test
    void aStageUrlWithoutTheApiIdWorksAsAwsCallbackUrlsDo() throws Exception {
        try (var client = gateway.connect("mgmt", "dev")) {
            String id = connectionIdOf(client);
            assertThat(send("POST", "/dev/@connections/" + id, "short").statusCode())
                    .isEqualTo(200);
            assertThat(client.awaitMessage()).isEqualTo("short");
        }
    }

    @Test
    void aConnectionOfAnotherStageOrApiIsGone() throws Exception {
        try (var client = gateway.connect("mgmt", "dev")) {
            String id = connectionIdOf(client);
            HttpResponse<String> otherStage = send("POST", "/mgmt/prod/@connections/" + id, "x");
            assertThat(otherStage.statusCode()).isEqualTo(410);
            assertThat(otherStage.headers().firstValue("x-amzn-ErrorType")).contains("GoneException");
            assertThat(send("POST", "/other/dev/@connections/" + id, "x").statusCode())
                    .isEqualTo(410);
        }
    }

    @Test
    void anExecuteApiHostNamesTheApi() throws Exception {
        try (var client = gateway.connect("mgmt", "dev")) {
            String id = connectionIdOf(client);
            var request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.port() + "/dev/@connections/" + id))
                    .header("Host", "mgmt.execute-api.localhost:" + gateway.port())
                    .POST(HttpRequest.BodyPublishers.ofString("by host"))
                    .build();
            assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
            assertThat(client.awaitMessage()).isEqualTo("by host");
            var wrongApi = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.port() + "/dev/@connections/" + id))
                    .header("Host", "other.execute-api.localhost:" + gateway.port())
                    .GET()
                    .build();
            assertThat(http.send(wrongApi, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(410);
        }
    }

    @Test
    void anUnsupportedMethodIsForbidden() throws Exception {
        try (var client = gateway.connect("mgmt", "dev")) {
            String id = connectionIdOf(client);
            HttpResponse<String> response = send("PUT", "/mgmt/dev/@connections/" + id, "x");
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("ForbiddenException");
            assertThat(response.body()).contains("No method found matching route");
        }
    }

    @Test
    void aClientThatDoesNotReadIsThrottledWith429() throws Exception {
        try (var raw = RawWebSocket.open(gateway.port(), "127.0.0.1", "/mgmt/dev")) {
            String id = lifecycle.await(EventType.CONNECT).connectionId();
            SdkBytes chunk = SdkBytes.fromUtf8String("b".repeat(128 * 1024));
            // The client never reads: once the socket buffers fill, the gateway's queue grows past
            // its mark. 2,000 posts are 256 MB, far beyond any loopback buffer.
            LimitExceededException throttled = null;
            for (int i = 0; i < 2_000 && throttled == null; i++) {
                try {
                    sdk.postToConnection(r -> r.connectionId(id).data(chunk));
                } catch (LimitExceededException e) {
                    throttled = e;
                }
            }
            assertThat(throttled).isNotNull();
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(gateway.gateway().counters().count(Counter.MANAGEMENT_THROTTLED))
                    .isPositive();
        }
    }

    @Test
    void callersOutsideTheAllowedAddressesAreForbidden() {
        var settings = io.wsgate.config.GatewaySettings.DEFAULT.withManagementAllow(
                java.util.List.of(io.wsgate.config.AddressRange.parse("127.0.0.2/32")));
        try (var restricted = Gateway.builder()
                        .settings(settings)
                        .port(0)
                        .api(Api.builder("restricted").stage("dev").build())
                        .start();
                var client = TestClient.connect(restricted.stageUrl("restricted", "dev"));
                var restrictedSdk = ApiGatewayManagementApiClient.builder()
                        .endpointOverride(restricted.managementUrl("restricted", "dev"))
                        .httpClient(UrlConnectionHttpClient.create())
                        .build()) {
            String id = ConnectionIds.connectionId();
            assertThatThrownBy(() -> restrictedSdk.getConnection(r -> r.connectionId(id)))
                    .isInstanceOf(
                            software.amazon.awssdk.services.apigatewaymanagementapi.model.ForbiddenException.class)
                    .satisfies(e -> assertThat(
                                    ((software.amazon.awssdk.awscore.exception.AwsServiceException) e).statusCode())
                            .isEqualTo(403));
            assertThat(restricted.counters().count(Counter.MANAGEMENT_FORBIDDEN))
                    .isEqualTo(1);
            assertThat(client.isClosed()).isFalse();
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
