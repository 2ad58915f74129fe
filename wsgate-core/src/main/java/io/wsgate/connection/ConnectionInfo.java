package io.wsgate.connection;

import java.time.Instant;
import java.util.Optional;

/** What {@code GetConnection} answers about a connection. */
public record ConnectionInfo(
        String connectionId, Instant connectedAt, Instant lastActiveAt, String sourceIp, Optional<String> userAgent) {}
