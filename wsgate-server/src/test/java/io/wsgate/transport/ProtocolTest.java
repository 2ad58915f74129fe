package io.wsgate.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.integration.WebSocketHandler;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.RawWebSocket;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frames and closes as RFC 6455 (sections 5 to 7) requires, case by case in the manner of the
 * Autobahn testsuite's server cases, over a raw socket. Each case asserts the close code the
 * client gets, that a connection the gateway fails is closed at once (7.1.7) rather than after the
 * closing timeout, that {@code $disconnect} runs exactly once with a code that is never negative,
 * and that a bystander on the same gateway is unaffected.
 */
class ProtocolTest {
    static final Recorder lifecycle = new Recorder();
    /** Well under the closing timeout a normal close waits for the client's close frame. */
    static final Duration PROMPTLY = Duration.ofSeconds(2);

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .function("Lifecycle", lifecycle)
            .function("Echo", (WebSocketHandler) (e, c) -> Reply.body(e.body()))
            .api(Api.builder("rfc")
                    .integration(Integration.function("lifecycle", "Lifecycle"))
                    .integration(Integration.function("echo", "Echo"))
                    .route("$connect", "lifecycle")
                    .route("$disconnect", "lifecycle")
                    .route(Route.of("$default", "echo").withRouteResponse())
                    .stage("dev")
                    .build()));

    interface Frames {
        void send(RawWebSocket raw) throws IOException;
    }

    /**
     * What a client sends, and the code the gateway closes with (its own, failing the connection)
     * or echoes (the client's valid close).
     */
    record Case(String name, Frames frames, int closeCode, boolean failed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case fails(String name, int code, Frames frames) {
        return new Case(name, frames, code, true);
    }

    static Case closes(int code) {
        return new Case("close " + code, raw -> raw.sendFrame(0x88, closePayload(code, "")), code, false);
    }

    @BeforeEach
    void reset() {
        lifecycle.clear();
    }

    static Stream<Case> protocolErrors() {
        byte[] hello = utf8("hello");
        return Stream.of(
                // 5.2: reserved bits, with no extension negotiated
                fails("RSV1 on text", 1002, raw -> raw.sendFrame(0x80 | 0x40 | 0x1, hello)),
                fails("RSV2 on text", 1002, raw -> raw.sendFrame(0x80 | 0x20 | 0x1, hello)),
                fails("RSV3 on text", 1002, raw -> raw.sendFrame(0x80 | 0x10 | 0x1, hello)),
                fails("all RSV bits on binary", 1002, raw -> raw.sendFrame(0x80 | 0x70 | 0x2, hello)),
                fails("RSV1 on ping", 1002, raw -> raw.sendFrame(0x80 | 0x40 | 0x9, hello)),
                fails("RSV2 on close", 1002, raw -> raw.sendFrame(0x80 | 0x20 | 0x8, closePayload(1000, ""))),
                // 5.2: reserved opcodes
                fails("opcode 3", 1002, raw -> raw.sendFrame(0x83, hello)),
                fails("opcode 7", 1002, raw -> raw.sendFrame(0x87, hello)),
                fails("opcode 11", 1002, raw -> raw.sendFrame(0x8B, hello)),
                fails("opcode 15", 1002, raw -> raw.sendFrame(0x8F, hello)),
                // 5.5: control frames are short and never fragmented
                fails("ping of 126 bytes", 1002, raw -> raw.sendFrame(0x89, new byte[126])),
                fails("close of 126 bytes", 1002, raw -> raw.sendFrame(0x88, closePayload(1000, "x".repeat(124)))),
                fails("fragmented ping", 1002, raw -> raw.sendFrame(0x09, hello)),
                fails("fragmented close", 1002, raw -> raw.sendFrame(0x08, closePayload(1000, ""))),
                // 5.3: masking
                fails("unmasked text", 1002, raw -> raw.sendUnmaskedText("hello")),
                // 5.4: fragmentation
                fails("continuation without a start", 1002, raw -> raw.sendFrame(0x80, hello)),
                fails("text while a text is fragmented", 1002, raw -> {
                    raw.sendFrame(0x01, hello);
                    raw.sendFrame(0x81, hello);
                }),
                fails("binary while a text is fragmented", 1002, raw -> {
                    raw.sendFrame(0x01, hello);
                    raw.sendFrame(0x82, hello);
                }),
                // 7.1.6, 7.4: a close payload of one byte, codes a client may not send
                fails("close payload of 1 byte", 1002, raw -> raw.sendFrame(0x88, new byte[] {0x03})),
                invalidClose(0),
                invalidClose(999),
                invalidClose(1004),
                invalidClose(1005),
                invalidClose(1006),
                invalidClose(1015),
                invalidClose(1016),
                invalidClose(1100),
                invalidClose(2000),
                invalidClose(2999),
                invalidClose(5000),
                invalidClose(65535),
                // 8.1, 6: text must be UTF-8
                fails("invalid UTF-8 in a text", 1007, raw -> raw.sendFrame(0x81, new byte[] {'a', (byte) 0xFF})),
                fails("a message ending inside a character", 1007, raw -> {
                    raw.sendFrame(0x01, utf8("a"));
                    raw.sendFrame(0x80, new byte[] {(byte) 0xF0, (byte) 0x9F});
                }),
                fails("an overlong encoding", 1007, raw -> raw.sendFrame(0x81, new byte[] {(byte) 0xC0, (byte) 0xAF})),
                fails(
                        "a UTF-16 surrogate",
                        1007,
                        raw -> raw.sendFrame(0x81, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})),
                fails("invalid UTF-8 in a close reason", 1007, raw -> {
                    var payload = new ByteArrayOutputStream();
                    payload.write(closePayload(1000, ""));
                    payload.write(new byte[] {(byte) 0xCE, (byte) 0xBA, (byte) 0xFF});
                    raw.sendFrame(0x88, payload.toByteArray());
                }),
                // The gateway's own limits (AWS's): binary frames, frame and message sizes
                fails("a binary message", 1003, raw -> raw.sendFrame(0x82, hello)),
                fails("a frame over 32 KB", 1009, raw -> raw.sendFrame(0x81, new byte[32 * 1024 + 1])),
                fails("a message over 128 KB", 1009, raw -> {
                    byte[] part = utf8("x".repeat(32 * 1024));
                    raw.sendFrame(0x01, part);
                    for (int i = 0; i < 4; i++) {
                        raw.sendFrame(0x00, part);
                    }
                }));
    }

    static Stream<Case> validCloses() {
        return IntStream.of(
                        1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999)
                .mapToObj(ProtocolTest::closes);
    }

    static Case invalidClose(int code) {
        return fails("close " + code, 1002, raw -> raw.sendFrame(0x88, closePayload(code, "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protocolErrors")
    void theGatewayFailsTheConnection(Case c) throws Exception {
        run(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCloses")
    void aValidCloseCodeIsEchoedAndReported(Case c) throws Exception {
        run(c);
    }

    @Test
    void invalidUtf8IsCaughtInTheFragmentItArrivesIn() throws Exception {
        // The message is never finished: the close must come from the first fragment alone.
        run(fails("invalid UTF-8 in the first fragment", 1007, raw -> raw.sendFrame(0x01, new byte[] {(byte) 0xFF})));
        run(fails("invalid UTF-8 in a middle fragment", 1007, raw -> {
            raw.sendFrame(0x01, utf8("ok"));
            raw.sendFrame(0x00, new byte[] {'a', (byte) 0xC3, 'b'});
        }));
    }

    @Test
    void aCharacterSplitAcrossFragmentsIsFine() throws Exception {
        try (var raw = open()) {
            byte[] smile = utf8("😀"); // four bytes
            raw.sendFrame(0x01, new byte[] {smile[0], smile[1]});
            raw.sendFrame(0x89, utf8("between")); // a ping between fragments is allowed (5.4)
            raw.sendFrame(0x80, new byte[] {smile[2], smile[3]});
            assertThat(raw.readFrame().opcode()).isEqualTo(0xA);
            assertThat(raw.readFrame().text()).isEqualTo("😀");
        }
    }

    @Test
    void aPingOf125BytesGetsItsPayloadBackInAPong() throws Exception {
        byte[] payload = new byte[125];
        java.util.Arrays.fill(payload, (byte) 0xFE); // any bytes: a ping's payload is not text
        try (var raw = open()) {
            raw.sendFrame(0x89, payload);
            var pong = raw.readFrame();
            assertThat(pong.opcode()).isEqualTo(0xA);
            assertThat(pong.payload()).isEqualTo(payload);
        }
    }

    @Test
    void whatFollowsAClientsCloseFrameIsIgnored() throws Exception {
        String id;
        try (var raw = open()) {
            id = lifecycle.await(EventType.CONNECT).connectionId();
            raw.sendFrame(0x88, closePayload(1000, "bye " + "x".repeat(119))); // 125 bytes, the most
            raw.sendText("never routed");
            RawWebSocket.Frame first = raw.readFrame(); // no echo of the text before it
            assertThat(first.opcode()).isEqualTo(0x8);
            assertThat(first.closeCode()).isEqualTo(1000);
            assertThat(raw.serverClosesTcpWithin(PROMPTLY)).isTrue();
        }
        assertThat(lifecycle.await(EventType.DISCONNECT, id).requestContext().disconnectStatusCode())
                .isEqualTo(1000);
        assertDisconnectedOnce(id);
    }

    @Test
    void aCompressedFrameIsRefusedWithoutBeingInflated() throws Exception {
        byte[] bomb = Deflate.bomb(32 * 1024 * 1024);
        assertThat(bomb.length).isLessThanOrEqualTo(32 * 1024);
        var clients = new ArrayList<RawWebSocket>();
        long before = usedHeap();
        resetPeakHeap();
        try {
            for (int i = 0; i < 40; i++) {
                var raw = RawWebSocket.request(
                        gateway.port(),
                        "GET /rfc/dev HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                + "Sec-WebSocket-Key: " + RawWebSocket.newKey() + "\r\nSec-WebSocket-Version: 13\r\n"
                                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n");
                clients.add(raw);
                assertThat(raw.status()).isEqualTo(101);
                assertThat(raw.header("Sec-WebSocket-Extensions")).isNull();
            }
            for (RawWebSocket raw : clients) {
                raw.sendFrame(0x80 | 0x40 | 0x1, bomb);
            }
            for (RawWebSocket raw : clients) {
                assertThat(raw.awaitClose().closeCode()).isEqualTo(1002);
            }
            // The peak catches what was inflated and dropped again before the next collection.
            long peak = peakHeap() - before;
            long grown = usedHeap() - before;
            System.out.printf(
                    "heap with 40 compressed 32 MB frames: peak %+d KB, after %+d KB%n", peak / 1024, grown / 1024);
            assertThat(peak).isLessThan(64L * 1024 * 1024);
        } finally {
            for (RawWebSocket raw : clients) {
                raw.close();
            }
        }
    }

    /** Runs {@code c} on a fresh raw connection beside a bystander, and checks what it must. */
    private static void run(Case c) throws Exception {
        try (var bystander = TestClient.connect(gateway.url("rfc", "dev"))) {
            String bystanderId = lifecycle.await(EventType.CONNECT).connectionId();
            String id;
            try (var raw = open()) {
                id = lifecycle.await(EventType.CONNECT).connectionId();
                assertThat(id).isNotEqualTo(bystanderId);
                c.frames().send(raw);
                assertThat(raw.awaitClose().closeCode()).as(c.name()).isEqualTo(c.closeCode());
                if (c.failed()) {
                    assertThat(raw.serverClosesTcpWithin(PROMPTLY))
                            .as("TCP closed at once after a failing close frame")
                            .isTrue();
                } else {
                    raw.sendFrame(0x88, new byte[0]); // closed by the client: the server closes TCP
                    assertThat(raw.serverClosesTcpWithin(PROMPTLY)).isTrue();
                }
            }
            WebSocketEvent disconnect = lifecycle.await(EventType.DISCONNECT, id);
            assertThat(disconnect.requestContext().disconnectStatusCode()).isEqualTo(c.closeCode());
            bystander.send("unaffected");
            assertThat(bystander.awaitMessage()).isEqualTo("unaffected");
            assertDisconnectedOnce(id);
        }
    }

    /** No second {@code $disconnect} for {@code id}: one for a later probe came, none for {@code id}. */
    private static void assertDisconnectedOnce(String id) throws IOException {
        String probe;
        try (var raw = open()) {
            probe = lifecycle.await(EventType.CONNECT).connectionId();
            raw.sendFrame(0x88, closePayload(1000, ""));
            raw.awaitClose();
        }
        lifecycle.await(EventType.DISCONNECT, probe);
        assertThat(lifecycle.drain())
                .noneMatch(e -> e.eventType() == EventType.DISCONNECT
                        && e.connectionId().equals(id));
    }

    private static RawWebSocket open() throws IOException {
        var raw = RawWebSocket.open(gateway.port(), "127.0.0.1", "/rfc/dev");
        assertThat(raw.status()).isEqualTo(101);
        return raw;
    }

    private static byte[] closePayload(int code, String reason) {
        byte[] text = utf8(reason);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return payload;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long usedHeap() {
        var runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void resetPeakHeap() {
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks: an upper bound of the heap used at any one time since the reset. */
    private static long peakHeap() {
        long peak = 0;
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** A raw DEFLATE stream (RFC 7692's framing) of zeros. */
    static final class Deflate {
        static byte[] bomb(int inflatedBytes) {
            var deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION, true);
            byte[] zeros = new byte[64 * 1024];
            var out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int fed = 0; fed < inflatedBytes; fed += zeros.length) {
                deflater.setInput(zeros);
                while (!deflater.needsInput()) {
                    out.write(buffer, 0, deflater.deflate(buffer));
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            deflater.end();
            return out.toByteArray();
        }
    }
}
