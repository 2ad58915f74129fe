package io.wsgate.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.config.GatewaySettings;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.observe.Counter;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A listener holds at most {@code max-connections} connections, upgraded or not; past it a new
 * one gets 503 and is closed, without {@code $connect}, and the connections it holds go on.
 */
class ConnectionLimitTest {
    static final int MAX = 8;
    static final Recorder lifecycle = new Recorder();

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .settings(GatewaySettings.DEFAULT.withLimits(
                    GatewaySettings.ConnectionLimits.DEFAULT.withMaxConnections(MAX)))
            .function(
                    "Lifecycle",
                    lifecycle.answer((event, context) ->
                            event.eventType() == EventType.MESSAGE ? Reply.body(event.body()) : Reply.ok()))
            .api(Api.builder("cap")
                    .integration(Integration.function("lifecycle", "Lifecycle"))
                    .route("$connect", "lifecycle")
                    .route("$disconnect", "lifecycle")
                    .route(Route.of("$default", "lifecycle").withRouteResponse())
                    .stage("dev")
                    .build()));

    @Test
    void pastTheCapANewConnectionGets503AndTheOthersGoOn() throws IOException {
        var clients = new ArrayList<TestClient>();
        try {
            for (int i = 0; i < MAX; i++) {
                clients.add(gateway.connect("cap", "dev"));
            }
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < MAX; i++) {
                ids.add(lifecycle.await(EventType.CONNECT).connectionId());
            }
            long refusedBefore = count(Counter.CONNECTION_LIMIT);

            for (int i = 0; i < 20; i++) {
                assertThat(refusal()).startsWith("HTTP/1.1 503");
            }
            assertThat(TestClient.refusal(gateway.url("cap", "dev"))).isEqualTo(503);
            assertThat(count(Counter.CONNECTION_LIMIT)).isEqualTo(refusedBefore + 21);
            assertThat(lifecycle.drain()).isEmpty(); // no $connect for the refused

            for (TestClient client : clients) {
                client.send("{\"ok\":1}");
                assertThat(client.awaitMessage()).isEqualTo("{\"ok\":1}");
            }

            // One leaves: its place is free again once its socket has closed.
            clients.remove(0).close(1000, "leaving");
            lifecycle.await(EventType.DISCONNECT);
            TestClient next = connectWhenFree();
            clients.add(next);
            next.send("{\"new\":1}");
            assertThat(next.awaitMessage()).isEqualTo("{\"new\":1}");
        } finally {
            clients.forEach(TestClient::close);
        }
        List<String> disconnected = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            disconnected.add(lifecycle.await(EventType.DISCONNECT).connectionId());
        }
        assertThat(new HashSet<>(disconnected)).hasSize(MAX); // once each
    }

    @Test
    void withoutASettingTheCapLeavesATenthOfTheDescriptorsForEverythingElse() {
        assertThat(ConnectionGuard.defaultMaxConnections(20_000, 1)).isEqualTo(18_000);
        assertThat(ConnectionGuard.defaultMaxConnections(20_000, 2)).isEqualTo(9_000); // with a TLS listener
        assertThat(ConnectionGuard.defaultMaxConnections(1_024, 1)).isEqualTo(768); // at least 256 kept back
        assertThat(ConnectionGuard.defaultMaxConnections(-1, 1)).isEqualTo(ConnectionGuard.FALLBACK_MAX_CONNECTIONS);
        assertThat(ConnectionGuard.defaultMaxConnections(ConnectionGuard.descriptorLimit(), 1))
                .isLessThan((int) Math.min(Integer.MAX_VALUE, ConnectionGuard.descriptorLimit()));
    }

    /** Connects, retrying while the closed connection's place is not yet given back (a few ms). */
    private static TestClient connectWhenFree() {
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        while (true) {
            try {
                return gateway.connect("cap", "dev");
            } catch (AssertionError refused) {
                assertThat(System.nanoTime())
                        .as("a place within " + TestClient.WAIT)
                        .isLessThan(deadline);
            }
        }
    }

    /** What a raw connection is answered when it sends an upgrade request. */
    private static String refusal() throws IOException {
        try (var socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
            socket.getOutputStream()
                    .write("GET /cap/dev HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return io.wsgate.testing.RawWebSocket.readAll(socket.getInputStream());
        }
    }

    private static long count(Counter counter) {
        return gateway.gateway().counters().count(counter);
    }
}
