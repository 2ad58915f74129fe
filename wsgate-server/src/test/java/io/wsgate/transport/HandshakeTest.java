package io.wsgate.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketHandler;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.observe.Counter;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.RawWebSocket;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The opening handshake as RFC 6455 (4.1, 4.2) requires it, over raw sockets: every request the
 * gateway refuses is answered before {@code $connect} runs, is counted, and leaves the gateway and
 * other clients as they were.
 */
class HandshakeTest {
    /** $connect of the API the handshakes under test go to: only they reach it. */
    static final Recorder connect = new Recorder();

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .function("Connect", connect)
            .function("Echo", (WebSocketHandler) (e, c) -> Reply.body(e.body()))
            .api(Api.builder("rf")
                    .integration(Integration.function("connect", "Connect"))
                    .route("$connect", "connect")
                    .stage("dev")
                    .build())
            .api(Api.builder("hs")
                    .integration(Integration.function("echo", "Echo"))
                    .route(Route.of("$default", "echo").withRouteResponse())
                    .stage("dev")
                    .build()));

    /** A handshake that differs from a valid one in one way, and the answer it must get. */
    record Case(String name, String request, int status, Counter counter) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeEach
    void reset() {
        connect.clear();
    }

    static String valid() {
        return request("GET", "HTTP/1.1", "Upgrade", RawWebSocket.newKey(), "13");
    }

    static String request(String method, String httpVersion, String connection, String key, String version) {
        var r = new StringBuilder(method + " /rf/dev " + httpVersion + "\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");
        if (connection != null) {
            r.append("Connection: ").append(connection).append("\r\n");
        }
        if (key != null) {
            r.append("Sec-WebSocket-Key: ").append(key).append("\r\n");
        }
        if (version != null) {
            r.append("Sec-WebSocket-Version: ").append(version).append("\r\n");
        }
        return r.append("\r\n").toString();
    }

    static Stream<Case> refused() {
        String key = RawWebSocket.newKey();
        var bad = Counter.CONNECT_BAD_HANDSHAKE;
        var version = Counter.CONNECT_UNSUPPORTED_VERSION;
        return Stream.of(
                new Case("POST", request("POST", "HTTP/1.1", "Upgrade", key, "13"), 405, Counter.CONNECT_BAD_METHOD),
                new Case("PUT", request("PUT", "HTTP/1.1", "Upgrade", key, "13"), 405, Counter.CONNECT_BAD_METHOD),
                new Case("HTTP/1.0", request("GET", "HTTP/1.0", "Upgrade", key, "13"), 400, bad),
                new Case("no Connection header", request("GET", "HTTP/1.1", null, key, "13"), 400, bad),
                new Case("Connection: keep-alive", request("GET", "HTTP/1.1", "keep-alive", key, "13"), 400, bad),
                new Case("Connection: upgraded", request("GET", "HTTP/1.1", "upgraded", key, "13"), 400, bad),
                new Case(
                        "upgrade only in a second Connection header",
                        request("GET", "HTTP/1.1", "keep-alive", key, "13")
                                .replace("\r\n\r\n", "\r\nConnection: Upgrade\r\n\r\n"),
                        400,
                        bad),
                new Case(
                        "a query java.net.URI refuses",
                        request("GET", "HTTP/1.1", "Upgrade", key, "13").replace("/rf/dev", "/rf/dev?a=x|y"),
                        400,
                        bad),
                new Case("no key", request("GET", "HTTP/1.1", "Upgrade", null, "13"), 400, bad),
                new Case(
                        "key not base64",
                        request("GET", "HTTP/1.1", "Upgrade", "not a key!!!!!!!!!!!!!==", "13"),
                        400,
                        bad),
                new Case("key of 15 bytes", request("GET", "HTTP/1.1", "Upgrade", bytes(15), "13"), 400, bad),
                new Case("key of 17 bytes", request("GET", "HTTP/1.1", "Upgrade", bytes(17), "13"), 400, bad),
                new Case("no version", request("GET", "HTTP/1.1", "Upgrade", key, null), 400, bad),
                new Case("version 0", request("GET", "HTTP/1.1", "Upgrade", key, "0"), 426, version),
                new Case("version 7", request("GET", "HTTP/1.1", "Upgrade", key, "7"), 426, version),
                new Case("version 8", request("GET", "HTTP/1.1", "Upgrade", key, "8"), 426, version),
                new Case("version 99", request("GET", "HTTP/1.1", "Upgrade", key, "99"), 426, version),
                new Case(
                        "a body",
                        request("GET", "HTTP/1.1", "Upgrade", key, "13")
                                        .replace("\r\n\r\n", "\r\nContent-Length: 9000\r\n\r\n")
                                + "x".repeat(9000),
                        400,
                        bad),
                new Case(
                        "a chunked body",
                        request("GET", "HTTP/1.1", "Upgrade", key, "13")
                                        .replace("\r\n\r\n", "\r\nTransfer-Encoding: chunked\r\n\r\n")
                                + "3\r\nabc\r\n0\r\n\r\n",
                        400,
                        bad),
                new Case(
                        "hixie-76",
                        "GET /rf/dev HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
                                + "Origin: http://example.test\r\nSec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
                                + "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n\r\n^n:ds[4U",
                        400,
                        bad));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aRefusedHandshakeNeverReachesConnect(Case c) throws Exception {
        try (var bystander = gateway.connect("hs", "dev")) {
            long before = gateway.gateway().counters().count(c.counter());
            try (var raw = RawWebSocket.request(gateway.port(), c.request())) {
                assertThat(raw.status()).isEqualTo(c.status());
                if (c.status() == 405) {
                    assertThat(raw.header("Allow")).isEqualTo("GET");
                }
                if (c.status() == 426) {
                    assertThat(raw.header("Sec-WebSocket-Version")).isEqualTo("13");
                }
                assertThat(raw.header("Sec-WebSocket-Accept")).isNull();
            }
            // The answer is written only after $connect, had it run: it would be recorded by now.
            assertThat(connect.drain()).isEmpty();
            assertThat(gateway.gateway().counters().count(c.counter())).isEqualTo(before + 1);
            bystander.send("still here");
            assertThat(bystander.awaitMessage()).isEqualTo("still here");
        }
        assertStillServing();
    }

    @Test
    void aValidHandshakeIsUpgradedAndReachesConnectOnce() throws Exception {
        try (var raw = RawWebSocket.request(gateway.port(), valid())) {
            assertThat(raw.status()).isEqualTo(101);
            assertThat(raw.header("Sec-WebSocket-Accept")).isNotNull();
            connect.await(EventType.CONNECT);
            assertThat(connect.drain()).isEmpty();
        }
    }

    @Test
    void connectionHeaderMayListOtherTokensAsFirefoxSends() throws Exception {
        String request = request("GET", "HTTP/1.1", "keep-alive, Upgrade", RawWebSocket.newKey(), "13");
        try (var raw = RawWebSocket.request(gateway.port(), request)) {
            assertThat(raw.status()).isEqualTo(101);
        }
    }

    @Test
    void aQueryWithEscapesIsUpgraded() throws Exception {
        String request = valid().replace("/rf/dev", "/rf/dev?name=J%C3%BCrgen&room=%237");
        try (var raw = RawWebSocket.request(gateway.port(), request)) {
            assertThat(raw.status()).isEqualTo(101);
        }
    }

    @Test
    void aPlainGetGets426AndAnUnknownStage403AsOnAws() throws Exception {
        try (var raw = RawWebSocket.request(gateway.port(), "GET /rf/dev HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")) {
            assertThat(raw.status()).isEqualTo(426);
        }
        try (var raw = RawWebSocket.request(gateway.port(), valid().replace("/rf/dev", "/rf/nope"))) {
            assertThat(raw.status()).isEqualTo(403);
        }
        assertThat(connect.drain()).isEmpty();
    }

    private static String bytes(int n) {
        return Base64.getEncoder().encodeToString(new byte[n]);
    }

    private static void assertStillServing() {
        try (var probe = TestClient.connect(gateway.url("hs", "dev"))) {
            probe.send("probe");
            assertThat(probe.awaitMessage()).isEqualTo("probe");
        }
    }
}
