package io.wsgate.control;

import static io.wsgate.testing.RawWebSocket.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.config.GatewaySettings;
import io.wsgate.observe.Counter;
import io.wsgate.testing.ControlClients;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.TestClient;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The control plane's listener is guarded as the data plane's is: a connection that sends no
 * request head within {@code header-timeout} gets 408 and is closed, and past its cap of
 * connections a new one gets 503, while the SDK's calls are still answered.
 */
class ControlGuardTest {
    static final Duration HEADER_TIMEOUT = Duration.ofMillis(1500);

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .settings(GatewaySettings.DEFAULT.withLimits(
                    GatewaySettings.ConnectionLimits.DEFAULT.withHeaderTimeout(HEADER_TIMEOUT)))
            .control(0, ControlClients.dataDirectory()));

    @Test
    void silentConnectionsAreClosedWhileTheSdkIsAnswered() throws IOException {
        long before = count(Counter.HEADER_TIMEOUT);
        List<Socket> silent = open(20);
        try (var v2 = ControlClients.v2(gateway.gateway())) {
            assertThat(v2.getApis(r -> {}).items()).isNotNull();
            for (Socket socket : silent) {
                assertThat(readAll(socket.getInputStream())).startsWith("HTTP/1.1 408");
            }
        } finally {
            close(silent);
        }
        assertThat(count(Counter.HEADER_TIMEOUT)).isGreaterThanOrEqualTo(before + 20);
    }

    @Test
    void pastItsCapANewConnectionGets503() throws IOException {
        long before = count(Counter.CONNECTION_LIMIT);
        List<Socket> sockets = open(Gateway.CONTROL_MAX_CONNECTIONS + 1);
        var answers = new ArrayList<String>();
        try {
            for (Socket socket : sockets) {
                answers.add(readAll(socket.getInputStream()));
            }
        } finally {
            close(sockets);
        }
        // Which are refused depends on the order the event loops see them in, and on whether a
        // connection of an earlier client is still closing; at most the cap are held.
        long refused =
                answers.stream().filter(a -> a.startsWith("HTTP/1.1 503")).count();
        long timedOut =
                answers.stream().filter(a -> a.startsWith("HTTP/1.1 408")).count();
        assertThat(refused).isPositive();
        assertThat(timedOut).isLessThanOrEqualTo(Gateway.CONTROL_MAX_CONNECTIONS);
        assertThat(refused + timedOut).isEqualTo(answers.size());
        assertThat(count(Counter.CONNECTION_LIMIT)).isEqualTo(before + refused);
        try (var v2 = ControlClients.v2(gateway.gateway())) { // the places are free again
            assertThat(v2.getApis(r -> {}).items()).isNotNull();
        }
    }

    private static int controlPort() {
        return gateway.gateway().controlPort();
    }

    private static List<Socket> open(int count) throws IOException {
        var sockets = new ArrayList<Socket>();
        for (int i = 0; i < count; i++) {
            var socket = new Socket("127.0.0.1", controlPort());
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
            sockets.add(socket);
        }
        return sockets;
    }

    private static void close(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private static long count(Counter counter) {
        return gateway.gateway().counters().count(counter);
    }
}
