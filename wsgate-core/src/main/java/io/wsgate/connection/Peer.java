package io.wsgate.connection;

import io.wsgate.observe.Metrics;

/**
 * The transport's side of one accepted WebSocket: how the gateway writes to the client and closes
 * it. Every method is thread-safe and returns without blocking.
 */
public interface Peer {
    /** Queues a text message for the client, split into frames of at most {@code maxFrameBytes}. */
    void sendText(String text);

    /** Queues a binary message for the client. */
    void sendBinary(byte[] data);

    /** Whether the client is not reading fast enough: the outbound queue is over its high mark. */
    boolean writeQueueFull();

    /**
     * Whether the client has closed: its close frame has arrived, or the transport has ended. True
     * a moment before the gateway hears of the end, so that nothing is accepted for a client that
     * will not read it. Safe to call from any thread.
     */
    boolean clientClosed();

    /** Sends a close frame with {@code code} and {@code reason} and closes; idempotent. */
    void close(int code, String reason);

    /**
     * Stops reading the client's messages until {@link #resumeReading}: frames already read wait in
     * the transport, and the client's further data waits in its own TCP buffers, so memory stays
     * bounded whatever it sends. The dispatcher calls this when {@code max-in-flight} of the
     * connection's messages await their integration. Not nested: one resume undoes any number of
     * pauses. Independent of the transport's own pause for a client that does not read its replies
     * (reading resumes only once neither holds it).
     */
    void pauseReading();

    /** Undoes {@link #pauseReading}. */
    void resumeReading();

    /**
     * Called once, by {@code Dispatcher.open}, with the counters the transport reports to: a client
     * that stops reading what it is sent is counted as {@link io.wsgate.observe.Counter#SLOW_READER}.
     */
    default void opened(Metrics metrics) {}
}
