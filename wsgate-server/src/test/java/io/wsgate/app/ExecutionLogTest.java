package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketHandler;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.model.RouteSettings;
import io.wsgate.model.Stage;
import io.wsgate.testing.LogLines;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Route settings' {@code loggingLevel} and {@code dataTraceEnabled} through real messages: at
 * {@code INFO} with data trace, the route, the payloads (cut at 1 KB), the integration's status
 * and latency and the status each event completed with; a route set to {@code ERROR} logs only what
 * fails; a failed integration is logged with why.
 */
class ExecutionLogTest {
    static final Recorder EVENTS = new Recorder()
            .answer((event, context) ->
                    event.eventType() == EventType.MESSAGE ? Reply.body("echo " + event.body()) : Reply.ok());

    static RouteSettings level(String level, boolean dataTrace) {
        return new RouteSettings(
                OptionalInt.empty(),
                OptionalDouble.empty(),
                Optional.of(level),
                Optional.of(dataTrace),
                Optional.empty());
    }

    static List<String> of(LogLines log, String requestId) {
        return log.all(line -> line.startsWith("(" + requestId + ") "));
    }

    @Test
    void infoWithDataTraceLogsEveryEventAndErrorOnlyWhatFails() throws Exception {
        EVENTS.clear();
        Api api = Api.builder("traced")
                .apiId("traced")
                .integration(Integration.function("events", "Events"))
                .integration(Integration.function("broken", "Broken"))
                .route(Route.of(Route.CONNECT, "events"))
                .route(Route.of(Route.DEFAULT, "events").withRouteResponse())
                .route(Route.of("quiet", "events"))
                .route(Route.of("fail", "broken"))
                .stage(new Stage(
                        "dev",
                        Optional.empty(),
                        Map.of(),
                        false,
                        Optional.empty(),
                        level("INFO", true),
                        Map.of("quiet", level("ERROR", false))))
                .build();
        try (var log = new LogLines("wsgate.execution");
                Gateway gateway = Gateway.builder()
                        .port(0)
                        .function("Events", EVENTS)
                        .function("Broken", (WebSocketHandler) (e, c) -> {
                            throw new IllegalStateException("the handler broke");
                        })
                        .api(api)
                        .start();
                var client = TestClient.connect(gateway.stageUrl("traced", "dev"))) {
            var connect = EVENTS.await(EventType.CONNECT);
            client.send("hello");
            assertThat(client.awaitMessage()).isEqualTo("echo hello");
            var hello = EVENTS.await(EventType.MESSAGE);
            client.send("{\"action\":\"quiet\"}");
            var quiet = EVENTS.await(EventType.MESSAGE);
            client.send("{\"action\":\"fail\"}");
            String failed = new ObjectMapper()
                    .readTree(client.awaitMessage())
                    .path("requestId")
                    .asText();
            String big = "x".repeat(2000);
            client.send(big);
            assertThat(client.awaitMessage()).isEqualTo("echo " + big);
            var large = EVENTS.await(EventType.MESSAGE);

            String helloId = hello.requestContext().requestId();
            log.await(
                    "for the large message",
                    l -> l.startsWith("(" + large.requestContext().requestId() + ") Method"));
            log.await("for the failed message", l -> l.startsWith("(" + failed + ") Method"));
            assertThat(of(log, connect.requestContext().requestId()))
                    .first()
                    .asString()
                    .matches("\\(.+\\) CONNECT on traced/dev, route \\[\\$connect\\], connection .+ from 127.0.0.1");
            assertThat(of(log, helloId)).hasSize(5).satisfies(lines -> {
                assertThat(lines.get(0))
                        .isEqualTo("(" + helloId + ") MESSAGE on traced/dev, route [$default], connection "
                                + hello.requestContext().connectionId() + " from 127.0.0.1");
                assertThat(lines.get(1))
                        .isEqualTo("(" + helloId + ") Endpoint request body after transformations: hello");
                assertThat(lines.get(2))
                        .matches("\\(.+\\) Received response\\. Status: 200, Integration latency: \\d+ ms");
                assertThat(lines.get(3))
                        .isEqualTo("(" + helloId + ") Endpoint response body before transformations: echo hello");
                assertThat(lines.get(4)).isEqualTo("(" + helloId + ") Method completed with status: 200");
            });
            assertThat(of(log, quiet.requestContext().requestId()))
                    .as("ERROR: nothing failed")
                    .isEmpty();
            assertThat(of(log, failed))
                    .contains("(" + failed + ") Method completed with status: 500")
                    .anyMatch(l -> l.startsWith(
                                    "(" + failed + ") Execution failed: Internal server error (INTEGRATION_FAILURE): ")
                            && l.contains("the handler broke"));
            assertThat(of(log, large.requestContext().requestId()))
                    .contains("(" + large.requestContext().requestId()
                            + ") Endpoint request body after transformations: " + "x".repeat(1024)
                            + " [TRUNCATED 976 chars]");
        }
    }
}
