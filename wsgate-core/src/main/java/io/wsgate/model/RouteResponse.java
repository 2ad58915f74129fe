package io.wsgate.model;

import java.util.Objects;

/**
 * A route response: its presence (with {@code routeResponseKey} {@code $default}) and the route's
 * {@code routeResponseSelectionExpression} make a route two-way.
 */
public record RouteResponse(String routeResponseId, String routeResponseKey) {
    public static final String DEFAULT_KEY = "$default";

    public RouteResponse {
        Objects.requireNonNull(routeResponseId, "routeResponseId");
        Objects.requireNonNull(routeResponseKey, "routeResponseKey");
        var problems = new Problems();
        problems.require(!routeResponseId.isBlank(), "routeResponseId", () -> "empty (expected: an identifier)");
        problems.require(
                DEFAULT_KEY.equals(routeResponseKey),
                "routeResponseKey",
                () -> "'" + routeResponseKey + "' (expected: $default, the only key WebSocket APIs support)");
        problems.throwIfAny();
    }
}
