package io.wsgate.integration.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.app.Gateway;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.IntegrationType;
import io.wsgate.observe.Counter;
import io.wsgate.testing.CaptureBackend;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients flooding an HTTP_PROXY message route fill the messages' pool of connections to the
 * backend, but not the one {@code $connect} and {@code $disconnect} use: other clients still
 * connect, and every connection closed during the flood gets its {@code $disconnect}, once.
 */
class HttpFloodTest {
    static final CaptureBackend backend = CaptureBackend.start();
    static final ObjectMapper JSON = new ObjectMapper();
    /** Each flooder's messages in flight (16) times this many flooders is more than twice the pool (64). */
    static final int FLOODERS = 10;

    static final int MESSAGES_EACH = 24;

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .api(Api.builder("flood")
                    .integration(Integration.builder("life", IntegrationType.HTTP_PROXY)
                            .uri(backend.url("/life"))
                            // Shorter than a wait behind the flood in a shared pool (two rounds of 1 s).
                            .timeoutInMillis(1_500)
                            .build())
                    .integration(Integration.http("slow", backend.url("/slow")))
                    .integration(Integration.http("dead", "http://127.0.0.1:" + closedPort() + "/nobody"))
                    .route("$connect", "life")
                    .route("$disconnect", "life")
                    .route("$default", "slow")
                    .route("dead", "dead")
                    .stage("dev")
                    .build()));

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void aFloodLeavesConnectsAndDisconnectsTheirOwnConnections() throws Exception {
        backend.clear();
        backend.answer(r -> r.path().equals("/slow")
                ? new CaptureBackend.Response(200, Map.of(), "", Duration.ofSeconds(1)) // the backend's pace
                : CaptureBackend.Response.of(200, ""));
        long failedBefore = count(Counter.CONNECT_FAILED) + count(Counter.DISCONNECT_FAILED);
        var flooders = new ArrayList<TestClient>();
        var bystanders = new ArrayList<TestClient>();
        var seen = new ArrayList<CaptureBackend.Request>();
        try {
            for (int i = 0; i < FLOODERS; i++) {
                flooders.add(gateway.connect("flood", "dev"));
            }
            for (TestClient flooder : flooders) {
                for (int m = 0; m < MESSAGES_EACH; m++) {
                    flooder.send("{\"n\":" + m + "}");
                }
            }
            seen.addAll(awaitMessages(64)); // the messages' pool is full, and more wait for it

            for (int i = 0; i < 5; i++) {
                bystanders.add(gateway.connect("flood", "dev")); // fails unless $connect answered 2xx in time
            }
            for (int i = 0; i < 5; i++) {
                flooders.remove(0).abort(); // closed during the flood
            }
        } finally {
            flooders.forEach(TestClient::abort);
            bystanders.forEach(TestClient::abort);
        }
        // Every connection, flooder or bystander, gets exactly one $disconnect.
        Map<String, Integer> connects = new HashMap<>();
        Map<String, Integer> disconnects = new HashMap<>();
        int connections = FLOODERS + 5;
        for (CaptureBackend.Request request : seen) {
            tally(request, connects, disconnects);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (disconnects.size() < connections) {
            assertThat(System.nanoTime())
                    .as("a $disconnect for each of %d connections", connections)
                    .isLessThan(deadline);
            CaptureBackend.Request request = backend.awaitRequest();
            if (request.path().equals("/life")) {
                tally(request, connects, disconnects);
            }
        }
        assertThat(connects)
                .hasSize(connections)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(disconnects.keySet()).isEqualTo(connects.keySet());
        assertThat(disconnects).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(count(Counter.CONNECT_FAILED) + count(Counter.DISCONNECT_FAILED))
                .isEqualTo(failedBefore);

        // And the gateway still serves: a new client connects and closes, once each.
        try (var after = gateway.connect("flood", "dev")) {
            after.close(1000, "bye");
        }
        Set<String> lifecycle = new HashSet<>();
        while (lifecycle.size() < 2) {
            CaptureBackend.Request request = backend.awaitRequest(r -> r.path().equals("/life"));
            JsonNode context = JSON.readTree(request.body()).path("requestContext");
            assertThat(disconnects)
                    .doesNotContainKey(context.path("connectionId").asText());
            lifecycle.add(context.path("eventType").asText());
        }
        assertThat(lifecycle).containsExactlyInAnyOrder("CONNECT", "DISCONNECT");
    }

    @Test
    void aFloodOfFailingMessagesIsAnsweredEachTimeButLoggedAFewTimes() throws Exception {
        backend.answer(r -> CaptureBackend.Response.of(200, ""));
        long suppressedBefore = count(Counter.WARNING_SUPPRESSED);
        long failedBefore = count(Counter.MESSAGE_INTEGRATION_FAILED);
        int messages = 1_000;
        try (var flooder = gateway.connect("flood", "dev")) {
            for (int i = 0; i < messages; i++) {
                flooder.send("{\"action\":\"dead\"}");
            }
            for (int i = 0; i < messages; i++) {
                assertThat(flooder.awaitMessage()).contains("\"message\": \"Internal server error\"");
            }
            try (var bystander = gateway.connect("flood", "dev")) {
                bystander.close(1000, "fine");
            }
        }
        for (int i = 0; i < 4; i++) { // both clients' $connect and $disconnect, so no other test sees them
            backend.awaitRequest(r -> r.path().equals("/life"));
        }
        assertThat(count(Counter.MESSAGE_INTEGRATION_FAILED) - failedBefore).isEqualTo(messages);
        // 5 lines per 10 s window, so at most 10 if the flood straddles two windows.
        assertThat(count(Counter.WARNING_SUPPRESSED) - suppressedBefore).isGreaterThanOrEqualTo(messages - 10);
    }

    /** A loopback port nothing listens on: connections to it are refused at once. */
    private static int closedPort() {
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits until the backend has seen {@code n} messages, keeping the lifecycle calls seen meanwhile. */
    private static List<CaptureBackend.Request> awaitMessages(int n) {
        List<CaptureBackend.Request> lifecycle = new ArrayList<>();
        for (int seen = 0; seen < n; ) {
            CaptureBackend.Request request = backend.awaitRequest();
            if (request.path().equals("/slow")) {
                seen++;
            } else {
                lifecycle.add(request);
            }
        }
        return lifecycle;
    }

    /** Counts a lifecycle call in {@code connects} or {@code disconnects} by connection id. */
    private static void tally(
            CaptureBackend.Request request, Map<String, Integer> connects, Map<String, Integer> disconnects)
            throws Exception {
        JsonNode context = JSON.readTree(request.body()).path("requestContext");
        String id = context.path("connectionId").asText();
        var tally = context.path("eventType").asText().equals("DISCONNECT") ? disconnects : connects;
        tally.merge(id, 1, Integer::sum);
    }

    private static long count(Counter counter) {
        return gateway.gateway().counters().count(counter);
    }
}
