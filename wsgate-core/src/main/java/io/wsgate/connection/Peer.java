package io.wsgate.connection;

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
}
