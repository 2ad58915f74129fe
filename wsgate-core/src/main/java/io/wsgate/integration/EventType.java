package io.wsgate.integration;

/** {@code requestContext.eventType}. */
public enum EventType {
    CONNECT,
    MESSAGE,
    DISCONNECT
}
