package io.wsgate.app;

import static io.wsgate.app.AccessLogLinesTest.ANY;
import static io.wsgate.app.AccessLogLinesTest.ARN;
import static io.wsgate.app.AccessLogLinesTest.FORMAT;
import static io.wsgate.app.AccessLogLinesTest.NUMBER;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.auth.Identity;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.model.AccessLogSettings;
import io.wsgate.model.Api;
import io.wsgate.model.AuthorizationType;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.model.Stage;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.Signing;
import io.wsgate.testing.TestClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access log lines of connects the gateway itself refuses before any integration: an IAM
 * connect unsigned, badly signed, and signed by an identity its policy does not allow, beside one
 * let in ({@code authenticate.*}, {@code authorize.*} and the gateway response types AWS names:
 * MISSING_AUTHENTICATION_TOKEN, INVALID_SIGNATURE, ACCESS_DENIED); and one without the API key its
 * route requires (INVALID_API_KEY).
 */
class AccessLogRefusalsTest {
    static Identity identity(String key, String name, String effect) {
        return io.wsgate.testing.Identities.user(
                key, name, "{\"Effect\":\"" + effect + "\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"*\"}");
    }

    static Stage logged() {
        return Stage.of("dev").withAccessLogSettings(new AccessLogSettings(ARN, FORMAT));
    }

    static Route connect(AuthorizationType type, boolean apiKeyRequired) {
        return new Route(
                "connect",
                Route.CONNECT,
                Optional.of("integrations/events"),
                type,
                Optional.empty(),
                apiKeyRequired,
                Optional.empty(),
                List.of());
    }

    @Test
    void refusalsOfTheGatewaysOwnChecksAreToldAsAwsTellsThem(@TempDir Path dir) throws Exception {
        Identity allowed = identity("AKIAALLOWED", "allowed", "Allow");
        Identity denied = identity("AKIADENIED", "denied", "Deny");
        var events = new Recorder().answer((e, c) -> Reply.ok());
        try (Gateway gateway = Gateway.builder()
                .port(0)
                .control(0, dir.resolve("data"))
                .identity(allowed)
                .identity(denied)
                .function("Events", events)
                .api(Api.builder("signed")
                        .apiId("signed")
                        .integration(Integration.function("events", "Events"))
                        .route(connect(AuthorizationType.AWS_IAM, false))
                        .stage(logged())
                        .build())
                .api(Api.builder("keyed")
                        .apiId("keyed")
                        .integration(Integration.function("events", "Events"))
                        .route(connect(AuthorizationType.NONE, true))
                        .stage(logged())
                        .build())
                .start()) {
            URI signed = gateway.stageUrl("signed", "dev");
            assertThat(TestClient.refusal(signed)).isEqualTo(403);
            assertThat(TestClient.refusal(signed, headers(signed, identity("AKIAALLOWED", "allowed-wrong", "Allow"))))
                    .isEqualTo(403);
            assertThat(TestClient.refusal(signed, headers(signed, denied))).isEqualTo(403);
            try (var client = TestClient.connect(signed, headers(signed, allowed), List.of())) {
                events.await(EventType.CONNECT);
            }
            assertThat(TestClient.refusal(gateway.stageUrl("keyed", "dev"))).isEqualTo(403);

            // the four connects to the signed API in order, the let-in client's disconnect, the keyed connect
            List<Map<String, String>> all = AccessLogLinesTest.lines(gateway, 6);
            assertThat(all).hasSize(6);
            List<Map<String, String>> lines = new java.util.ArrayList<>(all.stream()
                    .filter(l -> l.get("eventType").equals("CONNECT"))
                    .toList());
            assertThat(all)
                    .filteredOn(l -> l.get("eventType").equals("DISCONNECT"))
                    .hasSize(1);
            Map<String, String> patterns = Map.of(
                    "requestId", ANY,
                    "extendedRequestId", ANY,
                    "connectionId", ANY,
                    "requestTime", ANY,
                    "requestTimeEpoch", NUMBER,
                    "connectedAt", NUMBER,
                    "domainName", ANY,
                    "identity.userAgent", ANY);
            var connect = Map.of(
                    "apiId",
                    "signed",
                    "eventType",
                    "CONNECT",
                    "routeKey",
                    "$connect",
                    "stage",
                    "dev",
                    "identity.sourceIp",
                    "127.0.0.1");
            AccessLogLinesTest.matches(
                    lines.get(0),
                    with(
                            connect,
                            Map.of(
                                    "status", "403",
                                    "error.message", "Missing Authentication Token",
                                    "error.messageString", "\"Missing Authentication Token\"",
                                    "error.responseType", "MISSING_AUTHENTICATION_TOKEN",
                                    "authenticate.status", "403",
                                    "authenticate.error", "Missing Authentication Token")),
                    patterns);
            assertThat(lines.get(1))
                    .containsEntry("status", "403")
                    .containsEntry("error.responseType", "INVALID_SIGNATURE")
                    .containsEntry("authenticate.status", "403")
                    .containsEntry("authorize.status", "-");
            assertThat(lines.get(1).get("authenticate.error")).contains("signature");
            assertThat(lines.get(2))
                    .containsEntry("status", "403")
                    .containsEntry("error.responseType", "ACCESS_DENIED")
                    .containsEntry("authenticate.status", "200")
                    .containsEntry("authorize.status", "403")
                    .containsEntry("authenticate.error", "-");
            assertThat(lines.get(2).get("authorize.error"))
                    .startsWith("User: " + denied.arn() + " is not authorized to perform: execute-api:Invoke");
            assertThat(lines.get(3))
                    .containsEntry("status", "200")
                    .containsEntry("error.responseType", "-")
                    .containsEntry("authenticate.status", "200")
                    .containsEntry("authorize.status", "200")
                    .containsEntry("identity.userArn", allowed.arn());
            assertThat(lines.get(4))
                    .containsEntry("apiId", "keyed")
                    .containsEntry("status", "403")
                    .containsEntry("error.message", "Forbidden")
                    .containsEntry("error.responseType", "INVALID_API_KEY")
                    .containsEntry("authenticate.status", "-");
        }
    }

    static Map<String, String> headers(URI url, Identity who) {
        return Signing.headers(Signing.sign("GET", url, null, who, false, "us-east-1", "execute-api", Instant.now()));
    }

    static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        var all = new java.util.HashMap<>(a);
        all.putAll(b);
        return all;
    }
}
