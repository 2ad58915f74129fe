package io.wsgate.connection;

import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * {@link Connections} on this gateway's own registry, optionally scoped (a handler's view covers
 * only its own API and stage, as an {@code @connections} endpoint does on AWS).
 */
public final class LocalConnections implements Connections {
    private final ConnectionRegistry registry;
    private final Clock clock;
    private final Metrics metrics;
    private final Predicate<Connection> scope;

    public LocalConnections(ConnectionRegistry registry, Clock clock, Metrics metrics) {
        this(registry, clock, metrics, c -> true);
    }

    private LocalConnections(ConnectionRegistry registry, Clock clock, Metrics metrics, Predicate<Connection> scope) {
        this.registry = registry;
        this.clock = clock;
        this.metrics = metrics;
        this.scope = scope;
    }

    /** This view limited to the connections of {@code apiId}'s stage {@code stage}. */
    public LocalConnections scopedTo(String apiId, String stage) {
        return scopedTo(c -> c.apiId().equals(apiId) && c.stage().equals(stage));
    }

    /** This view limited further to the connections {@code filter} accepts. */
    public LocalConnections scopedTo(Predicate<Connection> filter) {
        return new LocalConnections(registry, clock, metrics, scope.and(filter));
    }

    /**
     * The connection with this id if it is in scope and open: not ended, no close decided (a
     * connection being deleted or timed out is gone already, as on AWS), and no close frame from
     * the client (which Vert.x answers and follows with the end of the connection at once).
     */
    public Optional<Connection> find(String connectionId) {
        return registry.find(connectionId)
                .filter(c -> c.closing().isEmpty()
                        && c.endReason().isEmpty()
                        && scope.test(c)
                        && !c.peer().clientClosed());
    }

    @Override
    public CompletableFuture<SendResult> send(String connectionId, String data) {
        return CompletableFuture.completedFuture(sendNow(connectionId, data, null));
    }

    @Override
    public CompletableFuture<SendResult> send(String connectionId, byte[] data) {
        String text = utf8(data);
        return CompletableFuture.completedFuture(sendNow(connectionId, text, text == null ? data : null));
    }

    @Override
    public CompletableFuture<Optional<ConnectionInfo>> get(String connectionId) {
        Optional<ConnectionInfo> info = find(connectionId).map(Connection::info);
        if (info.isEmpty()) {
            metrics.increment(Counter.MANAGEMENT_GONE);
        }
        return CompletableFuture.completedFuture(info);
    }

    @Override
    public CompletableFuture<Boolean> delete(String connectionId) {
        Optional<Connection> connection = find(connectionId);
        connection.ifPresentOrElse(
                c -> c.close(CloseCode.NORMAL.asReason()), () -> metrics.increment(Counter.MANAGEMENT_GONE));
        return CompletableFuture.completedFuture(connection.isPresent());
    }

    private SendResult sendNow(String connectionId, String text, byte[] binary) {
        Connection connection = find(connectionId).orElse(null);
        if (connection == null) {
            metrics.increment(Counter.MANAGEMENT_GONE);
            return SendResult.GONE;
        }
        int max = connection.limits().maxMessageBytes();
        if (binary != null ? binary.length > max : utf8Length(text, max) > max) {
            metrics.increment(Counter.MANAGEMENT_TOO_LARGE);
            return SendResult.PAYLOAD_TOO_LARGE;
        }
        Peer peer = connection.peer();
        if (peer.writeQueueFull()) {
            metrics.increment(Counter.MANAGEMENT_THROTTLED);
            return SendResult.THROTTLED;
        }
        if (binary != null) {
            peer.sendBinary(binary);
        } else {
            peer.sendText(text);
        }
        connection.touch(clock.millis());
        metrics.increment(Counter.MESSAGE_SENT);
        connection.metrics().message();
        return SendResult.SENT;
    }

    /** The UTF-8 length of {@code text}, or any number over {@code max} once it is clearly over. */
    static int utf8Length(String text, int max) {
        if (text.length() > max) {
            return text.length();
        }
        if ((long) text.length() * 3 <= max) {
            return text.length();
        }
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** {@code data} as text if it is valid UTF-8, else {@code null}. */
    static String utf8(byte[] data) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
