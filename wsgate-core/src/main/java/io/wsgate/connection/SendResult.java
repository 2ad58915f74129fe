package io.wsgate.connection;

/** The outcome of sending to a connection by id. */
public enum SendResult {
    /** Queued for the client. */
    SENT,
    /** No such connection: it closed, never existed, or belongs to another API or stage (410). */
    GONE,
    /** The data is over the API's message limit (413). */
    PAYLOAD_TOO_LARGE,
    /** The client's send buffer is full (429). */
    THROTTLED
}
