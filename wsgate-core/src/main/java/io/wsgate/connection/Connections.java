package io.wsgate.connection;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code @connections} operations: send to, describe and close a connection by its id. Java
 * handlers get one scoped to their API and stage; the HTTP management API is built on the same.
 *
 * <p>Implementations are thread-safe. The futures of the in-process implementation are already
 * complete when returned; a clustered one may complete later.
 */
public interface Connections {
    /** Sends {@code data} to the client as one text message. */
    CompletableFuture<SendResult> send(String connectionId, String data);

    /** Sends {@code data}: as a text message when it is valid UTF-8, else as a binary message. */
    CompletableFuture<SendResult> send(String connectionId, byte[] data);

    /** Describes the connection, or empty when it does not exist (any more). */
    CompletableFuture<Optional<ConnectionInfo>> get(String connectionId);

    /**
     * Closes the connection with 1000 and runs {@code $disconnect}; false when it does not exist
     * (any more).
     */
    CompletableFuture<Boolean> delete(String connectionId);
}
