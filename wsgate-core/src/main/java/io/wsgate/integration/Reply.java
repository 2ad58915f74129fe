package io.wsgate.integration;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a {@link WebSocketHandler} answers: for {@code $connect}, a status (2xx accepts) and
 * optionally the subprotocol; for a two-way route, the body sent back to the client.
 */
public record Reply(int statusCode, Map<String, String> headers, Optional<String> body) {
    public Reply {
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    /** 200, no body: accept a connect, or say nothing on a message. */
    public static Reply ok() {
        return new Reply(200, Map.of(), Optional.empty());
    }

    /** 200 with {@code body}, sent back to the client on a two-way route. */
    public static Reply body(String body) {
        return new Reply(200, Map.of(), Optional.of(body));
    }

    /** {@code statusCode} and no body; a non-2xx status refuses a connect with that status. */
    public static Reply status(int statusCode) {
        return new Reply(statusCode, Map.of(), Optional.empty());
    }

    public Reply withHeader(String name, String value) {
        var copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Reply(statusCode, copy, body);
    }

    /** Accept the connect with this subprotocol, one the client offered. */
    public Reply withSubprotocol(String subprotocol) {
        return withHeader("Sec-WebSocket-Protocol", subprotocol);
    }

    IntegrationResult.Response toResponse() {
        return new IntegrationResult.Response(OptionalInt.of(statusCode), headers, body);
    }
}
