package io.wsgate.connection;

import io.wsgate.model.Limits;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * One accepted WebSocket connection: who it is, which API and stage it belongs to, and how it
 * ended. Kept small on purpose, since a gateway holds many of these idle.
 *
 * <p>Lifecycle: created once {@code $connect} has accepted, as the upgrade starts (writes wait in
 * the peer until the socket is there); {@link #end(CloseReason)} returns true exactly once, to
 * whoever observes the end first, and that caller runs {@code $disconnect}. A close the gateway decides on is recorded with {@link
 * #close(CloseReason)} before the socket closes, so the reason reported is the gateway's, not the
 * socket's.
 */
public final class Connection {
    // Field updaters rather than atomic objects: two fewer objects per idle connection.
    private static final AtomicReferenceFieldUpdater<Connection, CloseReason> CLOSING =
            AtomicReferenceFieldUpdater.newUpdater(Connection.class, CloseReason.class, "closing");
    private static final AtomicReferenceFieldUpdater<Connection, CloseReason> ENDED =
            AtomicReferenceFieldUpdater.newUpdater(Connection.class, CloseReason.class, "ended");
    private static final AtomicIntegerFieldUpdater<Connection> IN_FLIGHT =
            AtomicIntegerFieldUpdater.newUpdater(Connection.class, "inFlight");

    private final String connectionId;
    private final String apiId;
    private final String stage;
    private final String domainName;
    private final String sourceIp;
    private final String userAgent;
    private final long connectedAt;
    private final Limits limits;
    private final Caller caller;
    private final Peer peer;
    private volatile CloseReason closing;
    private volatile long lastActiveAt;
    private volatile CloseReason ended;
    private volatile int inFlight;

    private volatile io.wsgate.observe.StageMetrics metrics = io.wsgate.observe.StageMetrics.NONE;

    /** What is reported for the connection's stage: its messages count there. */
    public io.wsgate.observe.StageMetrics metrics() {
        return metrics;
    }

    /** Reports to {@code value}, its stage's, from now on. */
    public void meter(io.wsgate.observe.StageMetrics value) {
        metrics = Objects.requireNonNull(value, "value");
    }

    public Connection(
            String connectionId,
            String apiId,
            String stage,
            String domainName,
            String sourceIp,
            String userAgent,
            long connectedAt,
            Limits limits,
            Caller caller,
            Peer peer) {
        this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
        this.apiId = Objects.requireNonNull(apiId, "apiId");
        this.stage = Objects.requireNonNull(stage, "stage");
        this.domainName = Objects.requireNonNull(domainName, "domainName");
        this.sourceIp = Objects.requireNonNull(sourceIp, "sourceIp");
        this.userAgent = userAgent;
        this.connectedAt = connectedAt;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.caller = Objects.requireNonNull(caller, "caller");
        this.peer = Objects.requireNonNull(peer, "peer");
        this.lastActiveAt = connectedAt;
    }

    public String connectionId() {
        return connectionId;
    }

    public String apiId() {
        return apiId;
    }

    public String stage() {
        return stage;
    }

    public String domainName() {
        return domainName;
    }

    public String sourceIp() {
        return sourceIp;
    }

    public Optional<String> userAgent() {
        return Optional.ofNullable(userAgent);
    }

    /** Epoch milliseconds when the connection was accepted. */
    public long connectedAt() {
        return connectedAt;
    }

    /** Epoch milliseconds of the last data message in either direction. */
    public long lastActiveAt() {
        return lastActiveAt;
    }

    public Limits limits() {
        return limits;
    }

    /** Who {@code $connect} found the client to be. */
    public Caller caller() {
        return caller;
    }

    public Peer peer() {
        return peer;
    }

    /** Records data moving at {@code nowMillis}, for the idle timeout and {@code lastActiveAt}. */
    public void touch(long nowMillis) {
        lastActiveAt = nowMillis;
    }

    /**
     * A message from the client was handed to its integration.
     *
     * @return how many of its messages await their integration now, this one included
     */
    public int messageStarted() {
        return IN_FLIGHT.incrementAndGet(this);
    }

    /**
     * A message's integration has answered (and the reply, if any, is queued for the client).
     *
     * @return how many of its messages still await their integration
     */
    public int messageFinished() {
        return IN_FLIGHT.decrementAndGet(this);
    }

    /** How many of the client's messages await their integration. */
    public int messagesInFlight() {
        return inFlight;
    }

    /**
     * Closes the connection for {@code reason}, unless a close was already decided; the first
     * reason is the one {@code $disconnect} reports.
     */
    public void close(CloseReason reason) {
        if (CLOSING.compareAndSet(this, null, reason)) {
            peer.close(reason.code(), reason.reason());
        }
    }

    /** The reason the gateway decided to close for, if it did. */
    public Optional<CloseReason> closing() {
        return Optional.ofNullable(closing);
    }

    /**
     * Marks the connection ended; true only for the first caller, who then owns {@code
     * $disconnect}. A close the gateway decided on wins over {@code observed}.
     */
    public boolean end(CloseReason observed) {
        CloseReason decided = closing;
        return ENDED.compareAndSet(this, null, decided != null ? decided : observed);
    }

    /** Why the connection ended, once it has. */
    public Optional<CloseReason> endReason() {
        return Optional.ofNullable(ended);
    }

    public ConnectionInfo info() {
        return new ConnectionInfo(
                connectionId,
                Instant.ofEpochMilli(connectedAt),
                Instant.ofEpochMilli(lastActiveAt),
                sourceIp,
                Optional.ofNullable(userAgent));
    }

    @Override
    public String toString() {
        return "Connection{id=" + connectionId + " api=" + apiId + " stage=" + stage + " from=" + sourceIp
                + (ended != null ? " ended=" + ended.code() : "") + "}";
    }
}
