package io.wsgate.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.dispatch.Dispatcher;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketHandler;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.observe.Counter;
import io.wsgate.testing.Await;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One client cannot take the gateway's memory by sending faster than it reads or than its
 * integration answers: reading from it pauses, its data waits in its own TCP buffers, other
 * clients go on, and nothing it sent before is lost.
 */
class BackpressureTest {
    static final Recorder lifecycle = new Recorder();
    /** Messages of the {@code hold} route wait here until a test releases them. */
    static final Semaphore gate = new Semaphore(0);

    static final AtomicInteger holding = new AtomicInteger();
    static final BlockingQueue<Integer> held = new LinkedBlockingQueue<>();

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .function("Lifecycle", lifecycle)
            .function("Echo", WebSocketHandler.nonBlocking((event, context) -> Reply.body(event.body())))
            .function("Hold", (WebSocketHandler) (event, context) -> {
                held.add(holding.incrementAndGet());
                try {
                    gate.acquire();
                } finally {
                    holding.decrementAndGet();
                }
                return Reply.body("released");
            })
            .api(Api.builder("bp")
                    .integration(Integration.function("lifecycle", "Lifecycle"))
                    .integration(Integration.function("echo", "Echo"))
                    .integration(Integration.function("hold", "Hold"))
                    .route("$connect", "lifecycle")
                    .route("$disconnect", "lifecycle")
                    .route(Route.of("$default", "echo").withRouteResponse())
                    .route(Route.of("hold", "hold").withRouteResponse())
                    .stage("dev")
                    .build()));

    @BeforeEach
    void reset() {
        lifecycle.clear();
        held.clear();
    }

    @Test
    void aClientThatNeverReadsItsRepliesIsNoLongerRead() throws Exception {
        int messages = 20_000; // 80 MB: more than every socket buffer between it and the gateway holds
        long receivedBefore = count(Counter.MESSAGE_RECEIVED);
        try (var silent = SilentClient.open(gateway.port(), "/bp/dev")) {
            String id = lifecycle.await(EventType.CONNECT).connectionId();
            int sent = silent.sendUntilStalled("{\"pad\":\"" + "x".repeat(4_000) + "\"}", messages);

            assertThat(sent)
                    .as("messages the client got out before the gateway stopped reading")
                    .isLessThan(messages);
            assertThat(count(Counter.SLOW_READER)).isPositive();
            long received = count(Counter.MESSAGE_RECEIVED) - receivedBefore;
            assertThat(received).isLessThanOrEqualTo(sent);

            try (var bystander = gateway.connect("bp", "dev")) {
                bystander.send("{\"hello\":1}");
                assertThat(bystander.awaitMessage()).isEqualTo("{\"hello\":1}");
            }

            silent.abort();
            assertThat(lifecycle.await(EventType.DISCONNECT, id).connectionId()).isEqualTo(id);
            assertNoOtherEventFor(id);
        }
    }

    @Test
    void atMostMaxInFlightMessagesOfOneClientAwaitTheirIntegration() {
        int max = Dispatcher.DEFAULT_MAX_IN_FLIGHT;
        int messages = 3 * max;
        long pausesBefore = count(Counter.MESSAGES_IN_FLIGHT_LIMIT);
        try (var flooder = gateway.connect("bp", "dev")) {
            String id = lifecycle.await(EventType.CONNECT).connectionId();
            for (int i = 0; i < messages; i++) {
                flooder.send("{\"action\":\"hold\",\"n\":" + i + "}");
            }
            for (int i = 1; i <= max; i++) {
                assertThat(Await.next(held, "a held message")).isLessThanOrEqualTo(max);
            }
            // The bound reached, nothing more may arrive until one is answered.
            assertThat(Await.poll(held, Duration.ofMillis(500))).isEmpty();
            assertThat(count(Counter.MESSAGES_IN_FLIGHT_LIMIT)).isGreaterThan(pausesBefore);

            try (var bystander = gateway.connect("bp", "dev")) {
                lifecycle.await(EventType.CONNECT);
                bystander.send("{\"other\":true}");
                assertThat(bystander.awaitMessage()).isEqualTo("{\"other\":true}");
            }

            gate.release(messages);
            for (int i = 0; i < messages; i++) {
                assertThat(flooder.awaitMessage()).isEqualTo("released");
            }
            assertThat(holding.get()).isZero();
            flooder.close(1000, "done");
            lifecycle.await(EventType.DISCONNECT, id);
            assertNoOtherEventFor(id);
        } finally {
            gate.drainPermits();
        }
    }

    private static void assertNoOtherEventFor(String id) {
        assertThat(lifecycle.drain()).noneMatch(e -> e.connectionId().equals(id));
    }

    private static long count(Counter counter) {
        return gateway.gateway().counters().count(counter);
    }

    /**
     * A client that writes without ever reading, over a non-blocking socket with a small receive
     * buffer, so that the gateway's replies back up at once.
     */
    static final class SilentClient implements AutoCloseable {
        private final SocketChannel channel;

        private SilentClient(SocketChannel channel) {
            this.channel = channel;
        }

        static SilentClient open(int port, String path) throws IOException {
            SocketChannel channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 8 * 1024);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
            channel.connect(new InetSocketAddress("127.0.0.1", port));
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            channel.socket().setSoTimeout((int) TestClient.WAIT.toMillis());
            var head = new ByteArrayOutputStream();
            var in = channel.socket().getInputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed during the handshake: " + head);
                }
                head.write(b);
            }
            assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
            channel.configureBlocking(false);
            return new SilentClient(channel);
        }

        /**
         * Sends {@code text} up to {@code times} times, stopping when the socket has taken nothing
         * for a second.
         *
         * @return how many were sent whole
         */
        int sendUntilStalled(String text, int times) throws IOException {
            byte[] frame = maskedText(text.getBytes(StandardCharsets.UTF_8));
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_WRITE);
                for (int sent = 0; sent < times; sent++) {
                    ByteBuffer buffer = ByteBuffer.wrap(frame);
                    while (buffer.hasRemaining()) {
                        if (channel.write(buffer) == 0) {
                            selector.selectedKeys().clear();
                            if (selector.select(1_000) == 0) {
                                return sent;
                            }
                        }
                    }
                }
                return times;
            }
        }

        /** Drops the TCP connection without a close frame. */
        void abort() throws IOException {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            channel.close();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }

        private static byte[] maskedText(byte[] payload) {
            var frame = new ByteArrayOutputStream();
            frame.write(0x81);
            frame.write(0x80 | 126); // payloads of 126..65535 bytes only
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
            byte[] mask = {0x11, 0x22, 0x33, 0x44};
            frame.writeBytes(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i % 4]);
            }
            return frame.toByteArray();
        }
    }
}
