package io.wsgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.connection.Caller;
import io.wsgate.connection.CloseCode;
import io.wsgate.connection.Connection;
import io.wsgate.connection.RecordingPeer;
import io.wsgate.integration.EventJson;
import io.wsgate.model.Api;
import io.wsgate.model.Limits;
import io.wsgate.model.Stage;
import io.wsgate.route.RouteSelector;
import io.wsgate.route.SelectionExpression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The CONNECT, MESSAGE and DISCONNECT events, byte for byte (member order included), against
 * golden files holding AWS's documented shape with the values of its published examples.
 */
class EventsGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:122.0) Gecko/20100101 Firefox/122.0";
    private static final String HOST = "k3x9q2w7ab.execute-api.eu-west-1.amazonaws.com";

    private final StageRuntime stage = new StageRuntime(
            Api.builder("example").apiId("k3x9q2w7ab").stage("prod").build(),
            Stage.of("prod"),
            new RouteTable(
                    "d",
                    new RouteSelector(SelectionExpression.parse("$request.body.action"), Set.of()),
                    Map.of(),
                    Map.of()));

    private final Connection connection = new Connection(
            "TXzPWdnOjoECGjA=",
            "k3x9q2w7ab",
            "prod",
            HOST,
            "198.51.100.23",
            USER_AGENT,
            1708326702789L,
            Limits.AWS,
            Caller.ANONYMOUS,
            new RecordingPeer());

    @Test
    void connect() throws IOException {
        var event = Events.connect(stage, stage.table(), connectRequest(), "TXzPWFkkjoEF92g=", 1708326702790L);
        assertThat(written(EventJson.write(event))).isEqualTo(golden("connect.json"));
    }

    private static ConnectRequest connectRequest() {
        return new ConnectRequest(
                "TXzPWdnOjoECGjA=",
                1708326702789L,
                HOST,
                "198.51.100.23",
                List.of(
                        Map.entry("Host", HOST),
                        Map.entry("User-Agent", USER_AGENT),
                        Map.entry("Upgrade", "websocket"),
                        Map.entry("Connection", "Upgrade"),
                        Map.entry("Sec-WebSocket-Version", "13"),
                        Map.entry("Sec-WebSocket-Key", "q4xkcO32u266gldTuKaSOw=="),
                        Map.entry("Origin", "https://app.example.com"),
                        Map.entry("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"),
                        Map.entry("X-Amzn-Trace-Id", "Root=1-65d2ff2e-718990494fd688f062bf1571")),
                "/prod",
                "token=abc&room=7",
                443,
                true);
    }

    /**
     * The event an authorizer gets: AWS's documented example has every header, hop-by-hop ones and
     * {@code content-length: 0} among them, and empty maps as {@code {}}.
     */
    @Test
    void authorizer() throws IOException {
        var event = Events.authorizing(stage, stage.table(), connectRequest(), "TXzPWFkkjoEF92g=", 1708326702790L);
        String methodArn = "arn:aws:execute-api:eu-west-1:123456789012:k3x9q2w7ab/prod/$connect";
        assertThat(written(EventJson.writeAuthorizerEvent(methodArn, event))).isEqualTo(golden("authorizer.json"));
    }

    @Test
    void anAuthorizersEventWithoutQueryOrStageVariablesHasEmptyObjects() {
        var bare = new ConnectRequest(
                "c", 1L, HOST, "198.51.100.23", List.of(Map.entry("Host", HOST)), "/prod", null, 443, true);
        var event = Events.authorizing(stage, stage.table(), bare, "r", 2L);
        assertThat(written(EventJson.writeAuthorizerEvent("arn", event)))
                .contains("\"queryStringParameters\":{},\"multiValueQueryStringParameters\":{},\"stageVariables\":{},");
    }

    @Test
    void message() throws IOException {
        var event = Events.message(
                stage,
                stage.table(),
                connection,
                "chat",
                "{\"action\": \"chat\", \"message\": \"Hello from client\"}",
                false,
                "TXzQ1fGSjoECGkB=",
                "TXzQ1H2HjoEFZEQ=",
                1708326715514L);
        assertThat(written(EventJson.write(event))).isEqualTo(golden("message.json"));
    }

    @Test
    void disconnect() throws IOException {
        var event = Events.disconnect(
                stage, stage.table(), connection, CloseCode.NO_STATUS.asReason(), "TX0tuFp2joEF5Zw=", 1708327306706L);
        assertThat(written(EventJson.write(event))).isEqualTo(golden("disconnect.json"));
    }

    @Test
    void stageVariablesAreAddedOnlyWhenTheStageHasSome() throws IOException {
        var withVariables = new RouteTable(
                "d",
                new RouteSelector(SelectionExpression.parse("$request.body.action"), Set.of()),
                Map.of(),
                Map.of("table", "chat-connections"));
        var event = Events.message(stage, withVariables, connection, "chat", "x", false, "m", "r", 1708326715514L);
        String json = written(EventJson.write(event));
        assertThat(json)
                .contains(
                        ",\"body\":\"x\",\"stageVariables\":{\"table\":\"chat-connections\"},\"isBase64Encoded\":false}");
        assertThat(golden("message.json")).doesNotContain("stageVariables");
    }

    private static String written(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    /** The golden file, compacted: same members, same order, same values. */
    private static String golden(String name) throws IOException {
        try (InputStream in = EventsGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            return JSON.writeValueAsString(JSON.readTree(in));
        }
    }
}
