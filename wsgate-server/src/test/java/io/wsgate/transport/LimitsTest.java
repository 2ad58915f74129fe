package io.wsgate.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.integration.WebSocketHandler;
import io.wsgate.model.Api;
import io.wsgate.model.BinaryMessages;
import io.wsgate.model.Integration;
import io.wsgate.model.Limits;
import io.wsgate.model.Route;
import io.wsgate.observe.Counter;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.RawWebSocket;
import io.wsgate.testing.Recorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Frame, message, idle and lifetime limits: AWS's by default (32 KB frames, 128 KB messages),
 * each API's own where it sets them; 1009 beyond the sizes, 1003 for binary frames, 1001 for idle
 * and lifetime ends, and pings answered.
 */
class LimitsTest {
    static final Recorder lifecycle = new Recorder();
    static final Recorder messages = new Recorder();

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .function(
                    "Length",
                    messages.answer(
                            (e, c) -> Reply.body(Integer.toString(e.body().length()))))
            .function("Big", (WebSocketHandler) (e, c) -> Reply.body("é".repeat(50_000) + "end"))
            .function("Lifecycle", lifecycle)
            .api(api("aws", Limits.AWS))
            .api(api("tight", Limits.AWS.withMaxFrameBytes(1024).withMaxMessageBytes(2048)))
            .api(api(
                    "idle",
                    Limits.AWS.withIdleTimeout(Duration.ofMillis(300)).withMaxConnectionDuration(Duration.ZERO)))
            .api(api("short", Limits.AWS.withMaxConnectionDuration(Duration.ofMillis(500))))
            .api(api("binary", Limits.AWS.withBinaryMessages(BinaryMessages.DEFAULT_ROUTE))));

    private static Api api(String id, Limits limits) {
        return Api.builder(id)
                .limits(limits)
                .integration(Integration.function("length", "Length"))
                .integration(Integration.function("big", "Big"))
                .integration(Integration.function("lifecycle", "Lifecycle"))
                .route(Route.of("$default", "length").withRouteResponse())
                .route(Route.of("big", "big").withRouteResponse())
                .route("$connect", "lifecycle")
                .route("$disconnect", "lifecycle")
                .stage("dev")
                .build();
    }

    @BeforeEach
    void reset() {
        lifecycle.clear();
        messages.clear();
    }

    // The JDK client cuts long messages into frames of its own size, so single large frames are
    // written by hand.

    @Test
    void aFrameOfExactly32KbIsAccepted() throws Exception {
        try (var raw = RawWebSocket.open(gateway.port(), "127.0.0.1", "/aws/dev")) {
            raw.sendText("x".repeat(32 * 1024));
            assertThat(raw.readFrame().text()).isEqualTo(Integer.toString(32 * 1024));
        }
    }

    @Test
    void aFrameOver32KbClosesWith1009() throws Exception {
        long before = gateway.gateway().counters().count(Counter.FRAME_TOO_LARGE);
        try (var raw = RawWebSocket.open(gateway.port(), "127.0.0.1", "/aws/dev")) {
            String id = lifecycle.await(EventType.CONNECT).connectionId();
            raw.sendText("x".repeat(32 * 1024 + 1));
            RawWebSocket.Frame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeCode()).isEqualTo(1009);
            WebSocketEvent disconnect = lifecycle.await(EventType.DISCONNECT, id);
            assertThat(disconnect.requestContext().disconnectStatusCode()).isEqualTo(1009);
            assertThat(disconnect.requestContext().disconnectReason()).isEqualTo("Message too big");
        }
        assertThat(gateway.gateway().counters().count(Counter.FRAME_TOO_LARGE)).isEqualTo(before + 1);
    }

    @Test
    void aFrameFarOverTheLimitAlsoClosesWith1009() throws Exception {
        long before = gateway.gateway().counters().count(Counter.FRAME_TOO_LARGE);
        try (var raw = RawWebSocket.open(gateway.port(), "127.0.0.1", "/aws/dev")) {
            String id = lifecycle.await(EventType.CONNECT).connectionId();
            try {
                raw.sendText("x".repeat(200 * 1024));
            } catch (java.io.IOException e) {
                // The gateway may close as soon as it has read the frame's length, before the rest
                // is written; what it reports is what matters.
            }
            assertThat(lifecycle
                            .await(EventType.DISCONNECT, id)
                            .requestContext()
                            .disconnectStatusCode())
                    .isEqualTo(1009);
        }
        assertThat(gateway.gateway().counters().count(Counter.FRAME_TOO_LARGE)).isEqualTo(before + 1);
    }

    @Test
    void fragmentsAreJoinedUpTo128Kb() {
        try (var client = gateway.connect("aws", "dev")) {
            client.sendFragments(Collections.nCopies(4, "y".repeat(32 * 1024)));
            assertThat(client.awaitMessage()).isEqualTo(Integer.toString(128 * 1024));
        }
    }

    @Test
    void aMessageOver128KbClosesWith1009() {
        long before = gateway.gateway().counters().count(Counter.MESSAGE_TOO_LARGE);
        try (var client = gateway.connect("aws", "dev")) {
            client.sendFragments(List.of(
                    "y".repeat(32 * 1024), "y".repeat(32 * 1024), "y".repeat(32 * 1024), "y".repeat(32 * 1024), "y"));
            assertThat(client.awaitClose().code()).isEqualTo(1009);
        }
        assertThat(gateway.gateway().counters().count(Counter.MESSAGE_TOO_LARGE))
                .isEqualTo(before + 1);
    }

    @Test
    void eachApiHasItsOwnLimits() throws Exception {
        try (var raw = RawWebSocket.open(gateway.port(), "127.0.0.1", "/tight/dev")) {
            raw.sendText("z".repeat(1024));
            assertThat(raw.readFrame().text()).isEqualTo("1024");
            raw.sendText("z".repeat(1025));
            assertThat(raw.readFrame().closeCode()).isEqualTo(1009);
        }
        try (var raw = RawWebSocket.open(gateway.port(), "127.0.0.1", "/tight/dev")) {
            byte[] kilobyte = "z".repeat(1024).getBytes(StandardCharsets.UTF_8);
            raw.sendFrame(0x1, false, kilobyte);
            raw.sendFrame(0x0, false, kilobyte);
            raw.sendFrame(0x0, true, new byte[] {'z'});
            assertThat(raw.readFrame().closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void aBinaryFrameClosesWith1003() {
        long before = gateway.gateway().counters().count(Counter.BINARY_FRAME);
        try (var client = gateway.connect("aws", "dev")) {
            String id = lifecycle.await(EventType.CONNECT).connectionId();
            client.sendBinary(new byte[] {1, 2, 3});
            assertThat(client.awaitClose().code()).isEqualTo(1003);
            assertThat(lifecycle
                            .await(EventType.DISCONNECT, id)
                            .requestContext()
                            .disconnectStatusCode())
                    .isEqualTo(1003);
        }
        assertThat(gateway.gateway().counters().count(Counter.BINARY_FRAME)).isEqualTo(before + 1);
    }

    @Test
    void textThatIsNotUtf8ClosesWith1007() throws Exception {
        long before = gateway.gateway().counters().count(Counter.INVALID_UTF8);
        try (var raw = RawWebSocket.open(gateway.port(), "127.0.0.1", "/aws/dev")) {
            String id = lifecycle.await(EventType.CONNECT).connectionId();
            raw.sendFrame(0x1, true, new byte[] {'o', 'k', (byte) 0xc3, (byte) 0x28});
            assertThat(raw.readFrame().closeCode()).isEqualTo(1007);
            raw.sendFrame(0x8, true, new byte[] {0x03, (byte) 0xef}); // the client's side of the closing handshake
            assertThat(lifecycle
                            .await(EventType.DISCONNECT, id)
                            .requestContext()
                            .disconnectStatusCode())
                    .isEqualTo(1007);
        }
        assertThat(gateway.gateway().counters().count(Counter.INVALID_UTF8)).isEqualTo(before + 1);
    }

    @Test
    void anApiMayRouteBinaryMessagesToDefaultBase64Encoded() {
        try (var client = gateway.connect("binary", "dev")) {
            client.sendBinary(new byte[] {1, 2, 3, (byte) 0xff});
            // $default answers with the length of the body it got: "AQID/w==" is 8 characters.
            assertThat(client.awaitMessage()).isEqualTo("8");
            WebSocketEvent event = messages.await(EventType.MESSAGE);
            assertThat(event.body()).isEqualTo("AQID/w==");
            assertThat(event.isBase64Encoded()).isTrue();
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void aFrameThatBreaksTheProtocolClosesWith1002() throws Exception {
        long before = gateway.gateway().counters().count(Counter.PROTOCOL_ERROR);
        try (var raw = RawWebSocket.open(gateway.port(), "127.0.0.1", "/aws/dev")) {
            String id = lifecycle.await(EventType.CONNECT).connectionId();
            raw.sendUnmaskedText("a client must mask its frames");
            assertThat(raw.readFrame().closeCode()).isEqualTo(1002);
            assertThat(lifecycle
                            .await(EventType.DISCONNECT, id)
                            .requestContext()
                            .disconnectStatusCode())
                    .isEqualTo(1002);
        }
        assertThat(gateway.gateway().counters().count(Counter.PROTOCOL_ERROR)).isEqualTo(before + 1);
    }

    @Test
    void aPingIsAnsweredWithItsPayload() {
        try (var client = gateway.connect("aws", "dev")) {
            client.ping("are you there".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(client.awaitPong(), StandardCharsets.UTF_8)).isEqualTo("are you there");
        }
    }

    @Test
    void aReplyLongerThanAFrameArrivesWhole() {
        try (var client = gateway.connect("aws", "dev")) {
            client.send("{\"action\":\"big\"}");
            assertThat(client.awaitMessage()).isEqualTo("é".repeat(50_000) + "end");
        }
    }

    @Test
    void anIdleConnectionIsClosedWith1001() {
        long before = gateway.gateway().counters().count(Counter.IDLE_TIMEOUT);
        try (var client = gateway.connect("idle", "dev")) {
            String id = lifecycle.await(EventType.CONNECT).connectionId();
            assertThat(client.awaitClose().code()).isEqualTo(1001);
            WebSocketEvent disconnect = lifecycle.await(EventType.DISCONNECT, id);
            assertThat(disconnect.requestContext().disconnectStatusCode()).isEqualTo(1001);
            assertThat(disconnect.requestContext().disconnectReason()).isEqualTo("Going away");
        }
        assertThat(gateway.gateway().counters().count(Counter.IDLE_TIMEOUT)).isEqualTo(before + 1);
    }

    @Test
    void aConnectionIsClosedWith1001AtItsMaximumDuration() {
        long before = gateway.gateway().counters().count(Counter.MAX_DURATION);
        try (var client = gateway.connect("short", "dev")) {
            assertThat(client.awaitClose().code()).isEqualTo(1001);
        }
        assertThat(gateway.gateway().counters().count(Counter.MAX_DURATION)).isEqualTo(before + 1);
    }
}
