package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.config.AccessLogging;
import io.wsgate.config.GatewaySettings;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.model.AccessLogSettings;
import io.wsgate.model.Api;
import io.wsgate.model.AuthorizationType;
import io.wsgate.model.Authorizer;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.model.Stage;
import io.wsgate.testing.ControlClients;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.apigatewayv2.model.BadRequestException;

/**
 * A stage's access log through real handshakes and messages: a format naming every {@code
 * $context} variable AWS documents for WebSocket access logs, one line per connect (let in, denied
 * by the authorizer, refused as unauthorized), message (answered, and failed in its integration)
 * and disconnect, each checked variable by variable against what the client and the handlers saw;
 * a variable with no value is {@code -}. The lines are found by the {@code requestId} the handler
 * was given, as an operator would find them.
 */
class AccessLogLinesTest {
    /** Every variable of SPEC §7.6, templates' and access logs' alike, with an authorizer context key. */
    static final List<String> VARIABLES = List.of(
            "apiId",
            "connectionId",
            "connectedAt",
            "domainName",
            "domainPrefix",
            "eventType",
            "extendedRequestId",
            "messageId",
            "requestId",
            "requestTime",
            "requestTimeEpoch",
            "routeKey",
            "stage",
            "status",
            "authorizer.principalId",
            "authorizer.tenant",
            "error.message",
            "error.messageString",
            "error.responseType",
            "error.validationErrorString",
            "identity.accountId",
            "identity.apiKey",
            "identity.apiKeyId",
            "identity.caller",
            "identity.cognitoAuthenticationProvider",
            "identity.cognitoAuthenticationType",
            "identity.cognitoIdentityId",
            "identity.cognitoIdentityPoolId",
            "identity.principalOrgId",
            "identity.sourceIp",
            "identity.user",
            "identity.userAgent",
            "identity.userArn",
            "authorize.error",
            "authorize.latency",
            "authorize.status",
            "authorizer.error",
            "authorizer.integrationLatency",
            "authorizer.integrationStatus",
            "authorizer.latency",
            "authorizer.requestId",
            "authorizer.status",
            "authenticate.error",
            "authenticate.latency",
            "authenticate.status",
            "integration.error",
            "integration.integrationStatus",
            "integration.latency",
            "integration.requestId",
            "integration.status",
            "integrationLatency",
            "integrationStatus",
            "waf.error",
            "waf.latency",
            "waf.status");

    /** {@code name=$context.name}, tab-separated, one pair per variable. */
    static final String FORMAT =
            String.join("\t", VARIABLES.stream().map(v -> v + "=$context." + v).toList());

    static final String GROUP = "/aws/apigateway/logged";
    static final String ARN = "arn:aws:logs:us-east-1:000000000000:log-group:" + GROUP;
    static final String NUMBER = "\\d+";
    static final String ANY = ".+";

    static final Recorder EVENTS = new Recorder()
            .answer((event, context) ->
                    event.eventType() == EventType.MESSAGE ? Reply.body("echo " + event.body()) : Reply.ok());

    /** Allows {@code Auth: allow} as user-42 of tenant acme, denies {@code deny}, and is Unauthorized otherwise. */
    public static final class Authorize
            implements com.amazonaws.services.lambda.runtime.RequestHandler<Map<String, Object>, Object> {
        @Override
        public Object handleRequest(Map<String, Object> event, com.amazonaws.services.lambda.runtime.Context context) {
            @SuppressWarnings("unchecked")
            Object auth = ((Map<String, Object>) event.get("headers")).get("Auth");
            String effect = switch (String.valueOf(auth)) {
                case "allow" -> "Allow";
                case "deny" -> "Deny";
                default -> throw new RuntimeException("Unauthorized");
            };
            return Map.of(
                    "principalId",
                    "user-42",
                    "policyDocument",
                    Map.of(
                            "Version",
                            "2012-10-17",
                            "Statement",
                            List.of(Map.of(
                                    "Action",
                                    "execute-api:Invoke",
                                    "Effect",
                                    effect,
                                    "Resource",
                                    event.get("methodArn")))),
                    "context",
                    Map.of("tenant", "acme"));
        }
    }

    static Api api() {
        return Api.builder("logged")
                .apiId("logged")
                .authorizer(new Authorizer("auth1", "Auth", "Authorize", List.of("route.request.header.Auth")))
                .integration(Integration.function("events", "Events"))
                .integration(Integration.function("broken", "Broken"))
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
                .route(Route.of("fail", "broken"))
                .stage(Stage.of("dev").withAccessLogSettings(new AccessLogSettings(ARN, FORMAT)))
                .build();
    }

    /**
     * The lines of the group's file, each as its variables, once there are {@code count}: a line
     * is written when its event is over, which may be just after its handler returned.
     */
    static List<Map<String, String>> lines(Gateway gateway, int count) throws Exception {
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        List<String> text;
        do {
            gateway.accessLogs().flush();
            text = groupLines(gateway);
        } while (text.size() < count && System.nanoTime() < deadline);
        return text.stream()
                .map(line -> {
                    var values = new LinkedHashMap<String, String>();
                    for (String pair : line.split("\t")) {
                        int eq = pair.indexOf('=');
                        values.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                    return (Map<String, String>) values;
                })
                .toList();
    }

    /** The lines written to the group so far (none before its first line). */
    static List<String> groupLines(Gateway gateway) throws Exception {
        Path group = gateway.accessLogs().groupDirectory(GROUP);
        if (!Files.isDirectory(group)) {
            return List.of();
        }
        try (var days = Files.list(group)) {
            Optional<Path> file = days.findFirst();
            return file.isPresent() ? Files.readAllLines(file.get()) : List.of();
        }
    }

    static Map<String, String> byRequestId(List<Map<String, String>> lines, String requestId) {
        return lines.stream()
                .filter(l -> l.get("requestId").equals(requestId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line with requestId " + requestId + " in " + lines));
    }

    /**
     * Checks {@code line} against {@code expected}: a value, or a pattern for what differs run to
     * run (ids, times, latencies); every variable not named must be {@code -}.
     */
    static void matches(Map<String, String> line, Map<String, String> expected, Map<String, String> patterns) {
        assertThat(line.keySet()).containsExactlyElementsOf(VARIABLES);
        for (String variable : VARIABLES) {
            String value = line.get(variable);
            if (expected.containsKey(variable)) {
                assertThat(value).as(variable).isEqualTo(expected.get(variable));
            } else if (patterns.containsKey(variable)) {
                assertThat(value).as(variable).matches(patterns.get(variable));
            } else {
                assertThat(value).as(variable + " has no value").isEqualTo("-");
            }
        }
    }

    /** What every line of the stage has: its ids, times and the client's address. */
    static Map<String, String> common() {
        var p = new LinkedHashMap<String, String>();
        p.put("connectionId", "[A-Za-z0-9_=-]{16}");
        p.put("connectedAt", NUMBER);
        p.put("extendedRequestId", ANY);
        p.put("requestTime", "\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000");
        p.put("requestTimeEpoch", NUMBER);
        p.put("identity.userAgent", "Java-http-client/.+");
        return p;
    }

    @Test
    void everyVariableOfEveryEventAsTheClientAndTheHandlersSawIt(@TempDir Path dir) throws Exception {
        EVENTS.clear();
        var settings = GatewaySettings.DEFAULT.withAccessLogs(
                new AccessLogging(false, Optional.of(dir.resolve("logs")), OptionalInt.empty()));
        try (var execution = new io.wsgate.testing.LogLines("wsgate.execution");
                Gateway gateway = Gateway.builder()
                        .settings(settings)
                        .port(0)
                        .function("Authorize", new Authorize())
                        .function("Events", EVENTS)
                        .function("Broken", (io.wsgate.integration.WebSocketHandler) (e, c) -> {
                            throw new IllegalStateException("the handler broke");
                        })
                        .api(api())
                        .start()) {
            var url = gateway.stageUrl("logged", "dev");
            assertThat(TestClient.refusal(url, Map.of("Auth", "deny"))).isEqualTo(403);
            assertThat(TestClient.refusal(url, Map.of("Auth", "unauthorized"))).isEqualTo(401);
            assertThat(TestClient.refusal(url)).isEqualTo(401);
            String connectionId;
            String failedRequestId;
            WebSocketEvent connect;
            WebSocketEvent message;
            try (var client = TestClient.connect(url, Map.of("Auth", "allow"), List.of())) {
                connect = EVENTS.await(EventType.CONNECT);
                connectionId = connect.requestContext().connectionId();
                client.send("hello");
                assertThat(client.awaitMessage()).isEqualTo("echo hello");
                message = EVENTS.await(EventType.MESSAGE);
                client.send("{\"action\":\"fail\"}");
                var frame = new ObjectMapper().readTree(client.awaitMessage());
                assertThat(frame.path("message").asText()).isEqualTo("Internal server error");
                failedRequestId = frame.path("requestId").asText();
                client.close(1000, "bye");
            }
            WebSocketEvent disconnect = EVENTS.await(EventType.DISCONNECT);
            List<Map<String, String>> lines = lines(gateway, 7);
            assertThat(lines).hasSize(7);

            // The three refused handshakes, in order: denied by the policy, Unauthorized, no Auth header.
            Map<String, String> rejected = Map.of(
                    "apiId",
                    "logged",
                    "domainName",
                    url.getAuthority(),
                    "eventType",
                    "CONNECT",
                    "routeKey",
                    "$connect",
                    "stage",
                    "dev",
                    "identity.sourceIp",
                    "127.0.0.1");
            var denied = new LinkedHashMap<>(rejected);
            denied.putAll(Map.of(
                    "status", "403",
                    "error.message", "Forbidden",
                    "error.messageString", "\"Forbidden\"",
                    "error.responseType", "ACCESS_DENIED",
                    "authorizer.status", "200",
                    "authorizer.integrationStatus", "200",
                    "authorize.status", "403"));
            var deniedPatterns = common();
            deniedPatterns.putAll(Map.of(
                    "requestId", ANY,
                    "authorizer.latency", NUMBER,
                    "authorizer.integrationLatency", NUMBER,
                    "authorize.error",
                            "the authorizer's policy denies execute-api:Invoke on .*:logged/dev/\\$connect"));
            matches(lines.get(0), denied, deniedPatterns);
            var unauthorized = new LinkedHashMap<>(rejected);
            unauthorized.putAll(Map.of(
                    "status", "401",
                    "error.message", "Unauthorized",
                    "error.messageString", "\"Unauthorized\"",
                    "error.responseType", "UNAUTHORIZED",
                    "authorizer.status", "401",
                    "authorizer.integrationStatus", "200"));
            var unauthorizedPatterns = common();
            unauthorizedPatterns.putAll(
                    Map.of("requestId", ANY, "authorizer.latency", NUMBER, "authorizer.integrationLatency", NUMBER));
            matches(lines.get(1), unauthorized, unauthorizedPatterns);
            var missing = new LinkedHashMap<>(unauthorized);
            missing.remove("authorizer.integrationStatus"); // the function was not called
            var missingPatterns = common();
            missingPatterns.put("requestId", ANY);
            matches(lines.get(2), missing, missingPatterns);

            // Let in: the authorizer's principal and context, the integration's status and latency.
            Map<String, String> in = byRequestId(lines, connect.requestContext().requestId());
            var inExpected = new LinkedHashMap<>(rejected);
            inExpected.putAll(Map.of(
                    "connectionId", connectionId,
                    "status", "200",
                    "authorizer.principalId", "user-42",
                    "authorizer.tenant", "acme",
                    "authorizer.status", "200",
                    "authorizer.integrationStatus", "200",
                    "authorize.status", "200",
                    "integration.status", "200",
                    "integration.integrationStatus", "200",
                    "integrationStatus", "200"));
            var inPatterns = common();
            inPatterns.putAll(Map.of(
                    "requestId", ANY,
                    "authorizer.latency", NUMBER,
                    "authorizer.integrationLatency", NUMBER,
                    "integration.latency", NUMBER,
                    "integrationLatency", NUMBER));
            matches(in, inExpected, inPatterns);

            // The message answered, found by the requestId its handler was given.
            Map<String, String> answered =
                    byRequestId(lines, message.requestContext().requestId());
            var answeredExpected = new LinkedHashMap<>(rejected);
            answeredExpected.putAll(Map.of(
                    "connectionId", connectionId,
                    "eventType", "MESSAGE",
                    "routeKey", "$default",
                    "messageId", message.requestContext().messageId(),
                    "status", "200",
                    "authorizer.principalId", "user-42",
                    "authorizer.tenant", "acme",
                    "integration.status", "200",
                    "integration.integrationStatus", "200",
                    "integrationStatus", "200"));
            var answeredPatterns = common();
            answeredPatterns.putAll(Map.of(
                    "requestId", ANY,
                    "integration.latency", NUMBER,
                    "integrationLatency", NUMBER));
            matches(answered, answeredExpected, answeredPatterns);

            // The message whose integration failed, found by the requestId of the error frame.
            Map<String, String> failed = byRequestId(lines, failedRequestId);
            var failedExpected = new LinkedHashMap<>(answeredExpected);
            failedExpected.remove("messageId");
            failedExpected.remove("integration.status");
            failedExpected.remove("integrationStatus");
            failedExpected.remove("integration.integrationStatus");
            failedExpected.putAll(Map.of(
                    "routeKey", "fail",
                    "status", "500",
                    "error.message", "Internal server error",
                    "error.messageString", "\"Internal server error\"",
                    "error.responseType", "INTEGRATION_FAILURE",
                    "integration.integrationStatus", "502",
                    "integrationStatus", "502"));
            var failedPatterns = new LinkedHashMap<>(answeredPatterns);
            failedPatterns.putAll(Map.of("messageId", ANY, "integration.error", ".*the handler broke.*"));
            matches(failed, failedExpected, failedPatterns);

            // The disconnect, found by its handler's requestId.
            Map<String, String> gone =
                    byRequestId(lines, disconnect.requestContext().requestId());
            var goneExpected = new LinkedHashMap<>(rejected);
            goneExpected.putAll(Map.of(
                    "connectionId", connectionId,
                    "eventType", "DISCONNECT",
                    "routeKey", "$disconnect",
                    "status", "200",
                    "authorizer.principalId", "user-42",
                    "authorizer.tenant", "acme",
                    "integration.status", "200",
                    "integration.integrationStatus", "200",
                    "integrationStatus", "200"));
            matches(gone, goneExpected, answeredPatterns);
            assertThat(execution.all(line -> true))
                    .as("no loggingLevel: no execution log, failures included")
                    .isEmpty();
        }
    }

    /**
     * Through the control plane, as AWS: settings AWS refuses are a BadRequestException, and
     * settings given to a deployed stage take effect at once, without a deployment.
     */
    @Test
    void theControlPlaneChecksTheSettingsAndAppliesThemWithoutADeployment(@TempDir Path dir) throws Exception {
        var settings = GatewaySettings.DEFAULT.withAccessLogs(
                new AccessLogging(false, Optional.of(dir.resolve("logs")), OptionalInt.empty()));
        try (Gateway gateway = Gateway.builder()
                        .settings(settings)
                        .port(0)
                        .control(0, dir.resolve("data"))
                        .start();
                var v2 = ControlClients.v2(gateway)) {
            String apiId = ControlClients.webSocketApi(v2, "later");
            ControlClients.mockRoute(v2, apiId, "$default", "{\"ok\":true}");
            assertThatThrownBy(() -> v2.createStage(r -> r.apiId(apiId)
                            .stageName("dev")
                            .accessLogSettings(a -> a.destinationArn(ARN).format("$context.status"))))
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageContaining("Access log format must include $context.requestId");
            assertThatThrownBy(() -> v2.createStage(r -> r.apiId(apiId)
                            .stageName("dev")
                            .accessLogSettings(
                                    a -> a.destinationArn("arn:aws:logs:us-east-1:000000000000:log-group:a b")
                                            .format("$context.requestId"))))
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageContaining("Access log destination must only contain characters");
            v2.createStage(r -> r.apiId(apiId).stageName("dev").autoDeploy(true));
            var url = gateway.stageUrl(apiId, "dev");
            try (var before = TestClient.connect(url)) {
                before.send("x");
                assertThat(before.awaitMessage()).isEqualTo("{\"ok\":true}");
            }
            v2.updateStage(r -> r.apiId(apiId)
                    .stageName("dev")
                    .accessLogSettings(
                            a -> a.destinationArn(ARN + ":*").format("$context.requestId $context.eventType")));
            // Served before the update returns (the state's subscribers run first): the next
            // handshake is logged.
            try (var after = TestClient.connect(url)) {
                after.send("y");
                assertThat(after.awaitMessage()).isEqualTo("{\"ok\":true}");
            }
            gateway.accessLogs().flush();
            // The first client's disconnect may be seen after the update, and is left out.
            assertThat(groupLines(gateway).stream()
                            .map(l -> l.replaceFirst("^\\S+ ", ""))
                            .filter(event -> !event.equals("DISCONNECT")))
                    .as("the connect and the message after the update, none before")
                    .containsExactly("CONNECT", "MESSAGE");
        }
    }
}
