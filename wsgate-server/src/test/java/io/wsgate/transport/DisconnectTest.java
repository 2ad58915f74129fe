package io.wsgate.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.integration.EventType;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.RawWebSocket;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code $disconnect} runs once for every accepted connection, whatever ended it, with the status
 * code and reason AWS reports. (Idle and lifetime ends are in {@link LimitsTest}, shutdown in
 * {@code ShutdownTest}.)
 */
class DisconnectTest {
    static final Recorder lifecycle = new Recorder();

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .function("Lifecycle", lifecycle)
            .api(Api.builder("life")
                    .integration(Integration.function("lifecycle", "Lifecycle"))
                    .route("$connect", "lifecycle")
                    .route("$disconnect", "lifecycle")
                    .stage("dev")
                    .build()));

    @BeforeEach
    void reset() {
        lifecycle.clear();
    }

    @Test
    void aClientCloseReportsTheClientsCodeAndReason() {
        var client = gateway.connect("life", "dev");
        String id = lifecycle.await(EventType.CONNECT).connectionId();
        client.close(4001, "bye now");
        WebSocketEvent event = lifecycle.await(EventType.DISCONNECT, id);
        assertThat(event.requestContext().disconnectStatusCode()).isEqualTo(4001);
        assertThat(event.requestContext().disconnectReason()).isEqualTo("bye now");
        assertOnlyOnce(id);
    }

    @Test
    void aCloseWithoutStatusReports1005AsAwsDoes() throws Exception {
        try (var raw = RawWebSocket.open(gateway.port(), "127.0.0.1", "/life/dev")) {
            assertThat(raw.status()).isEqualTo(101);
            String id = lifecycle.await(EventType.CONNECT).connectionId();
            raw.sendEmptyClose();
            WebSocketEvent event = lifecycle.await(EventType.DISCONNECT, id);
            assertThat(event.requestContext().disconnectStatusCode()).isEqualTo(1005);
            assertThat(event.requestContext().disconnectReason()).isEqualTo("Client-side close frame status not set");
            assertOnlyOnce(id);
        }
    }

    @Test
    void aDroppedTcpConnectionReports1006() {
        var client = gateway.connect("life", "dev");
        String id = lifecycle.await(EventType.CONNECT).connectionId();
        client.abort();
        WebSocketEvent event = lifecycle.await(EventType.DISCONNECT, id);
        assertThat(event.requestContext().disconnectStatusCode()).isEqualTo(1006);
        assertOnlyOnce(id);
    }

    @Test
    void aManagementDeleteClosesWith1000AndReportsIt() {
        try (var client = gateway.connect("life", "dev")) {
            String id = lifecycle.await(EventType.CONNECT).connectionId();
            assertThat(gateway.gateway().connections().delete(id).join()).isTrue();
            assertThat(client.awaitClose()).isEqualTo(new TestClient.Closed(1000, "Connection Closed Normally"));
            WebSocketEvent event = lifecycle.await(EventType.DISCONNECT, id);
            assertThat(event.requestContext().disconnectStatusCode()).isEqualTo(1000);
            assertThat(event.requestContext().disconnectReason()).isEqualTo("Connection Closed Normally");
            assertThat(gateway.gateway().connections().delete(id).join()).isFalse();
            assertOnlyOnce(id);
        }
    }

    @Test
    void aNormalCloseWaitsForTheClientsCloseFrameButNotForever() throws Exception {
        try (var raw = RawWebSocket.open(gateway.port(), "127.0.0.1", "/life/dev")) {
            String id = lifecycle.await(EventType.CONNECT).connectionId();
            long start = System.nanoTime();
            assertThat(gateway.gateway().connections().delete(id).join()).isTrue();
            assertThat(raw.awaitClose().closeCode()).isEqualTo(1000);
            // This client never answers with its own close frame.
            assertThat(raw.serverClosesTcpWithin(Duration.ofSeconds(8))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            WebSocketEvent event = lifecycle.await(EventType.DISCONNECT, id);
            assertThat(event.requestContext().disconnectStatusCode()).isEqualTo(1000);
            assertOnlyOnce(id);
        }
    }

    @Test
    void theDisconnectEventHasAwsFixedHeadersAndTheConnectionsIdentity() {
        var client = TestClient.connect(gateway.url("life", "dev"), Map.of("User-Agent", "test-agent/1"), List.of());
        WebSocketEvent connect = lifecycle.await(EventType.CONNECT);
        client.close(1000, "");
        WebSocketEvent event = lifecycle.await(EventType.DISCONNECT, connect.connectionId());
        var context = event.requestContext();
        assertThat(event.headers())
                .containsExactly(
                        Map.entry("Host", "127.0.0.1:" + gateway.port()),
                        Map.entry("x-api-key", ""),
                        Map.entry("X-Forwarded-For", ""),
                        Map.entry("x-restapi", ""));
        assertThat(context.routeKey()).isEqualTo("$disconnect");
        assertThat(context.disconnectStatusCode()).isEqualTo(1000);
        assertThat(context.disconnectReason()).isEqualTo("Connection Closed Normally");
        assertThat(context.connectedAt()).isEqualTo(connect.requestContext().connectedAt());
        assertThat(context.userAgent()).isEqualTo("test-agent/1");
        assertThat(context.requestId()).isNotEqualTo(connect.requestContext().requestId());
        assertThat(event.queryStringParameters()).isNull();
        assertThat(event.body()).isNull();
    }

    /**
     * No second {@code $disconnect} for {@code id}: a probe connection opened and closed after it
     * gets its own, and nothing for {@code id} came before.
     */
    private static void assertOnlyOnce(String id) {
        String probe;
        try (var client = gateway.connect("life", "dev")) {
            probe = lifecycle.await(EventType.CONNECT).connectionId();
        }
        lifecycle.await(EventType.DISCONNECT, probe);
        assertThat(lifecycle.drain())
                .noneMatch(e -> e.eventType() == EventType.DISCONNECT
                        && e.connectionId().equals(id));
    }
}
