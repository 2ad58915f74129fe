package io.wsgate.transport;

import static io.wsgate.testing.RawWebSocket.readAll;
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
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connections that have not upgraded cannot hold the listener: a request head must arrive whole
 * within {@code header-timeout} (408 and closed), and a connection between requests is closed
 * after {@code keep-alive-timeout}. Upgraded connections are left to their API's own limits.
 */
class ConnectionGuardTest {
    static final Duration HEADER_TIMEOUT = Duration.ofMillis(400);
    static final Duration KEEP_ALIVE = Duration.ofMillis(700);
    static final Recorder lifecycle = new Recorder();

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .settings(GatewaySettings.DEFAULT.withLimits(GatewaySettings.ConnectionLimits.DEFAULT
                    .withHeaderTimeout(HEADER_TIMEOUT)
                    .withKeepAliveTimeout(KEEP_ALIVE)))
            .function(
                    "Lifecycle",
                    lifecycle.answer((event, context) ->
                            event.eventType() == EventType.MESSAGE ? Reply.body(event.body()) : Reply.ok()))
            .api(Api.builder("guard")
                    .integration(Integration.function("lifecycle", "Lifecycle"))
                    .route("$connect", "lifecycle")
                    .route("$disconnect", "lifecycle")
                    .route(Route.of("$default", "lifecycle").withRouteResponse())
                    .stage("dev")
                    .build()));

    @BeforeEach
    void reset() {
        lifecycle.clear();
    }

    @Test
    void aHeadSentAByteAtATimeIsCutOffAtTheHeaderTimeout() throws IOException {
        long before = count(Counter.HEADER_TIMEOUT);
        byte[] head = ("GET /guard/dev HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime(); // before the connect: the server's timer starts at its accept
        try (var socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(50); // the pace of the trickle: one byte per 50 ms unless the server answers
            String answer = null;
            for (int i = 0; i < head.length && answer == null; i++) {
                try {
                    socket.getOutputStream().write(head[i]);
                } catch (SocketException closed) {
                    break;
                }
                answer = readIfAny(socket);
            }
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
            if (answer == null) {
                answer = readAll(socket.getInputStream());
            }
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(answer).startsWith("HTTP/1.1 408");
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(HEADER_TIMEOUT.toMillis());
            assertThat(elapsedMillis).isLessThan(head.length * 50L); // cut off before the head was whole
        }
        assertThat(count(Counter.HEADER_TIMEOUT)).isEqualTo(before + 1);
        assertThat(lifecycle.drain()).isEmpty(); // no $connect for it
    }

    @Test
    void connectionsThatSendNothingAreClosed() throws IOException {
        long before = count(Counter.HEADER_TIMEOUT);
        var sockets = new ArrayList<Socket>();
        try {
            for (int i = 0; i < 50; i++) {
                var socket = new Socket("127.0.0.1", gateway.port());
                socket.setSoTimeout((int) TestClient.WAIT.toMillis());
                sockets.add(socket);
            }
            try (var bystander = gateway.connect("guard", "dev")) {
                bystander.send("{\"still\":\"here\"}");
                assertThat(bystander.awaitMessage()).isEqualTo("{\"still\":\"here\"}");
            }
            for (Socket socket : sockets) {
                assertThat(readAll(socket.getInputStream())).startsWith("HTTP/1.1 408");
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertThat(count(Counter.HEADER_TIMEOUT)).isEqualTo(before + 50);
    }

    @Test
    void aKeepAliveConnectionIsClosedWhenIdleButAWebSocketIsNot() throws Exception {
        long before = count(Counter.KEEP_ALIVE_TIMEOUT);
        try (var webSocket = gateway.connect("guard", "dev");
                var socket = new Socket("127.0.0.1", gateway.port())) {
            String id = lifecycle.await(EventType.CONNECT).connectionId();
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
            long start = System.nanoTime();
            // A plain GET on a stage URL: 426, and the connection is kept alive for the next request.
            socket.getOutputStream()
                    .write("GET /guard/dev HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = readAll(socket.getInputStream());
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(answer).startsWith("HTTP/1.1 426");
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(KEEP_ALIVE.toMillis());
            assertThat(count(Counter.KEEP_ALIVE_TIMEOUT)).isEqualTo(before + 1);

            // The WebSocket, idle all that time (longer than both timeouts), still works.
            webSocket.send("{\"after\":1}");
            assertThat(webSocket.awaitMessage()).isEqualTo("{\"after\":1}");
            assertThat(lifecycle.drain()).noneMatch(e -> e.eventType() == EventType.DISCONNECT);
            webSocket.close(1000, "done");
            assertThat(lifecycle.await(EventType.DISCONNECT, id).connectionId()).isEqualTo(id);
        }
    }

    @Test
    void aRequestBodyThatStopsHalfwayHoldsTheConnectionNoLongerThanTheKeepAliveTimeout() throws IOException {
        long before = count(Counter.REQUEST_TIMEOUT);
        try (var client = gateway.connect("guard", "dev");
                var socket = new Socket("127.0.0.1", gateway.port())) {
            String id = lifecycle.await(EventType.CONNECT).connectionId();
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
            long start = System.nanoTime();
            socket.getOutputStream()
                    .write(("POST /guard/dev/@connections/" + id + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Content-Length: 1000\r\n\r\n{\"half\":")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = readAll(socket.getInputStream());
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(answer).isEmpty(); // closed, with no answer to a request never read whole
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(KEEP_ALIVE.toMillis());
            assertThat(client.nextMessage(Duration.ZERO)).isEmpty(); // half a body is never pushed
        }
        assertThat(count(Counter.REQUEST_TIMEOUT)).isEqualTo(before + 1);
    }

    private static long count(Counter counter) {
        return gateway.gateway().counters().count(counter);
    }

    /** What the server sent within the socket's timeout, or null when it sent nothing. */
    private static String readIfAny(Socket socket) throws IOException {
        try {
            int b = socket.getInputStream().read();
            if (b < 0) {
                return "";
            }
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
            return (char) b + readAll(socket.getInputStream());
        } catch (SocketTimeoutException quiet) {
            return null;
        }
    }
}
