package io.wsgate.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.model.Limits;
import io.wsgate.observe.Counter;
import io.wsgate.observe.CounterSet;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The in-process management client: sends, scopes, limits and what it counts. */
class LocalConnectionsTest {
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final CounterSet counters = new CounterSet();
    private final LocalConnections connections = new LocalConnections(registry, Clock.systemUTC(), counters);

    private Connection add(String apiId, String stage, RecordingPeer peer) {
        var c = new Connection(
                ConnectionIds.connectionId(),
                apiId,
                stage,
                "h",
                "10.0.0.1",
                null,
                1_000,
                Limits.AWS.withMaxFrameBytes(1024).withMaxMessageBytes(4096),
                Caller.ANONYMOUS,
                peer);
        registry.add(c);
        return c;
    }

    @Test
    void textAndBinaryAreToldApartByUtf8Validity() {
        var peer = new RecordingPeer();
        Connection c = add("a", "dev", peer);
        assertThat(connections
                        .send(c.connectionId(), "héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .join())
                .isEqualTo(SendResult.SENT);
        assertThat(connections.send(c.connectionId(), new byte[] {(byte) 0xc3}).join())
                .isEqualTo(SendResult.SENT);
        assertThat(peer.sent.poll()).isEqualTo("héllo");
        assertThat(peer.sent.poll()).isInstanceOf(byte[].class);
        assertThat(c.lastActiveAt()).isGreaterThan(1_000);
        assertThat(counters.count(Counter.MESSAGE_SENT)).isEqualTo(2);
    }

    @Test
    void theMessageLimitCountsUtf8Bytes() {
        var peer = new RecordingPeer();
        Connection c = add("a", "dev", peer);
        assertThat(connections.send(c.connectionId(), "é".repeat(2048)).join()).isEqualTo(SendResult.SENT);
        assertThat(connections.send(c.connectionId(), "é".repeat(2049)).join()).isEqualTo(SendResult.PAYLOAD_TOO_LARGE);
        assertThat(connections.send(c.connectionId(), new byte[4097]).join()).isEqualTo(SendResult.PAYLOAD_TOO_LARGE);
        assertThat(counters.count(Counter.MANAGEMENT_TOO_LARGE)).isEqualTo(2);
    }

    @Test
    void aFullSendBufferIsThrottled() {
        var peer = new RecordingPeer();
        peer.full = true;
        Connection c = add("a", "dev", peer);
        assertThat(connections.send(c.connectionId(), "x").join()).isEqualTo(SendResult.THROTTLED);
        assertThat(peer.sent).isEmpty();
    }

    @Test
    void aScopedViewSeesOnlyItsStage() {
        var peer = new RecordingPeer();
        Connection dev = add("a", "dev", peer);
        Connection prod = add("a", "prod", new RecordingPeer());
        LocalConnections scoped = connections.scopedTo("a", "dev");
        assertThat(scoped.send(prod.connectionId(), "x").join()).isEqualTo(SendResult.GONE);
        assertThat(scoped.get(prod.connectionId()).join()).isEmpty();
        assertThat(scoped.delete(prod.connectionId()).join()).isFalse();
        assertThat(scoped.get(dev.connectionId()).join())
                .get()
                .extracting(ConnectionInfo::sourceIp)
                .isEqualTo("10.0.0.1");
        assertThat(connections
                        .scopedTo("b", "dev")
                        .send(dev.connectionId(), "x")
                        .join())
                .isEqualTo(SendResult.GONE);
    }

    @Test
    void deleteClosesWith1000AndAnEndedConnectionIsGone() {
        var peer = new RecordingPeer();
        Connection c = add("a", "dev", peer);
        assertThat(connections.delete(c.connectionId()).join()).isTrue();
        assertThat(peer.closes).containsExactly(1000);
        c.end(CloseCode.NORMAL.asReason());
        assertThat(connections.send(c.connectionId(), "x").join()).isEqualTo(SendResult.GONE);
        assertThat(connections.get("nope").join()).isEmpty();
    }

    @Test
    void aClientThatHasClosedIsGoneBeforeItsEndIsHeard() {
        var peer = new RecordingPeer();
        Connection c = add("a", "dev", peer);
        peer.clientClosed = true; // its close frame is in, the connection not yet ended
        assertThat(connections.send(c.connectionId(), "x").join()).isEqualTo(SendResult.GONE);
        assertThat(connections.get(c.connectionId()).join()).isEmpty();
        assertThat(connections.delete(c.connectionId()).join()).isFalse();
        assertThat(peer.sent).isEmpty();
        assertThat(peer.closes).isEmpty();
        assertThat(counters.count(Counter.MANAGEMENT_GONE)).isEqualTo(3);
    }

    @Test
    void idsHaveAwsShape() {
        for (int i = 0; i < 100; i++) {
            assertThat(ConnectionIds.connectionId()).matches("[A-Za-z0-9_-]{15}=");
            assertThat(ConnectionIds.wellFormed(ConnectionIds.requestId())).isTrue();
        }
        assertThat(ConnectionIds.wellFormed("L0SM9cOFvHcCIhw=")).isTrue();
        assertThat(ConnectionIds.wellFormed("L0SM9cOFvHcCIhw")).isFalse();
        assertThat(ConnectionIds.wellFormed("L0SM9cOFvHcCI/w=")).isFalse();
    }
}
