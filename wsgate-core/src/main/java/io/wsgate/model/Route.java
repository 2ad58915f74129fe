package io.wsgate.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A route: the key a message (or a lifecycle event) is matched on and the integration it goes to.
 *
 * @param target {@code integrations/{integrationId}}, or empty for a route without integration
 * @param routeResponseSelectionExpression {@code $default} on a two-way route, else empty
 * @param routeResponses at most one, keyed {@code $default}
 */
public record Route(
        String routeId,
        String routeKey,
        Optional<String> target,
        AuthorizationType authorizationType,
        Optional<String> authorizerId,
        boolean apiKeyRequired,
        Optional<String> routeResponseSelectionExpression,
        List<RouteResponse> routeResponses) {

    public static final String CONNECT = "$connect";
    public static final String DISCONNECT = "$disconnect";
    public static final String DEFAULT = "$default";
    public static final String TARGET_PREFIX = "integrations/";

    public Route {
        Objects.requireNonNull(routeId, "routeId");
        Objects.requireNonNull(routeKey, "routeKey");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(authorizationType, "authorizationType");
        Objects.requireNonNull(authorizerId, "authorizerId");
        Objects.requireNonNull(routeResponseSelectionExpression, "routeResponseSelectionExpression");
        routeResponses = List.copyOf(routeResponses);

        var problems = new Problems();
        problems.require(!routeId.isBlank(), "routeId", () -> "empty (expected: an identifier)");
        problems.require(
                !routeKey.isEmpty(),
                "routeKey",
                () -> "empty (expected: $connect, $disconnect, $default or a custom key)");
        problems.require(
                !routeKey.startsWith("$") || isReserved(routeKey),
                "routeKey",
                () -> "'" + routeKey
                        + "' (expected: $connect, $disconnect, $default, or a custom key not starting with $)");
        problems.require(
                target.isEmpty()
                        || (target.get().startsWith(TARGET_PREFIX)
                                && target.get().length() > TARGET_PREFIX.length()
                                && target.get().indexOf('/', TARGET_PREFIX.length()) < 0),
                "target",
                () -> "'" + target.orElseThrow() + "' (expected: integrations/{integrationId})");
        problems.require(
                routeResponseSelectionExpression.isEmpty()
                        || routeResponseSelectionExpression.get().equals(RouteResponse.DEFAULT_KEY),
                "routeResponseSelectionExpression",
                () -> "'" + routeResponseSelectionExpression.orElseThrow()
                        + "' (expected: $default, the only value WebSocket APIs support)");
        int responseCount = routeResponses.size();
        problems.require(
                responseCount <= 1,
                "routeResponses",
                () -> responseCount + " route responses (expected: at most one, keyed $default)");
        problems.require(
                (authorizationType != AuthorizationType.CUSTOM && authorizationType != AuthorizationType.JWT)
                        || authorizerId.isPresent(),
                "authorizerId",
                () -> "missing (expected: an authorizer id when authorizationType is " + authorizationType + ")");
        problems.throwIfAny();
    }

    /** A one-way route to {@code integrationId}, with no authorization. */
    public static Route of(String routeKey, String integrationId) {
        return new Route(
                routeKey,
                routeKey,
                Optional.of(TARGET_PREFIX + integrationId),
                AuthorizationType.NONE,
                Optional.empty(),
                false,
                Optional.empty(),
                List.of());
    }

    public static boolean isReserved(String routeKey) {
        return CONNECT.equals(routeKey) || DISCONNECT.equals(routeKey) || DEFAULT.equals(routeKey);
    }

    /** The id of the integration this route targets, if it has one. */
    public Optional<String> integrationId() {
        return target.map(t -> t.substring(TARGET_PREFIX.length()));
    }

    /**
     * Whether the integration's result goes back to the client: as on AWS, only with {@code
     * routeResponseSelectionExpression} {@code $default} and a {@code $default} route response.
     */
    public boolean twoWay() {
        return routeResponseSelectionExpression.isPresent()
                && routeResponses.stream().anyMatch(r -> r.routeResponseKey().equals(RouteResponse.DEFAULT_KEY));
    }

    /** This route made two-way, with a {@code $default} route response. */
    public Route withRouteResponse() {
        return new Route(
                routeId,
                routeKey,
                target,
                authorizationType,
                authorizerId,
                apiKeyRequired,
                Optional.of(RouteResponse.DEFAULT_KEY),
                List.of(new RouteResponse(routeId + "-response", RouteResponse.DEFAULT_KEY)));
    }

    public Route withRouteId(String id) {
        return new Route(
                id,
                routeKey,
                target,
                authorizationType,
                authorizerId,
                apiKeyRequired,
                routeResponseSelectionExpression,
                routeResponses);
    }
}
