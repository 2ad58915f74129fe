package io.wsgate.model;

/** What happens to a binary message from a client. */
public enum BinaryMessages {
    /** Close the connection with 1003, as AWS does. */
    CLOSE,
    /**
     * Deliver it to the {@code $default} route (it has no JSON to select another), base64-encoded
     * in {@code body} with {@code isBase64Encoded: true}; without {@code $default}, the client gets
     * the Forbidden frame. A wsgate extension.
     */
    DEFAULT_ROUTE
}
