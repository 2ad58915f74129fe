package io.wsgate.model;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of an API's routes and integrations; a stage serves exactly one. Changing
 * the API does not change a deployment: a new deployment must be made, as on AWS.
 */
public record Deployment(
        String deploymentId,
        Optional<String> description,
        Instant createdDate,
        boolean autoDeployed,
        List<Route> routes,
        List<Integration> integrations,
        List<Authorizer> authorizers) {

    public Deployment {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(createdDate, "createdDate");
        routes = List.copyOf(routes);
        integrations = List.copyOf(integrations);
        authorizers = List.copyOf(authorizers);
        var problems = new Problems();
        problems.require(!deploymentId.isBlank(), "deploymentId", () -> "empty (expected: an identifier)");
        problems.addAll(referenceProblems(routes, integrations, authorizers));
        problems.throwIfAny();
    }

    public Optional<Authorizer> authorizer(String authorizerId) {
        return Authorizer.find(authorizers, authorizerId);
    }

    public Optional<Integration> integration(String integrationId) {
        return integrations.stream()
                .filter(i -> i.integrationId().equals(integrationId))
                .findFirst();
    }

    /**
     * Duplicate keys and ids, targets naming no integration and routes naming no authorizer,
     * among {@code routes}.
     */
    static List<Problem> referenceProblems(
            List<Route> routes, List<Integration> integrations, List<Authorizer> authorizers) {
        var problems = new Problems();
        var authorizerIds = new HashSet<String>();
        for (var authorizer : authorizers) {
            problems.require(
                    authorizerIds.add(authorizer.authorizerId()),
                    "authorizers[" + authorizer.authorizerId() + "]",
                    () -> "duplicate authorizerId");
        }
        problems.addAll(authorizerProblems(routes, authorizerIds));
        var ids = new HashSet<String>();
        for (var integration : integrations) {
            problems.require(
                    ids.add(integration.integrationId()),
                    "integrations[" + integration.integrationId() + "]",
                    () -> "duplicate integrationId");
        }
        problems.addAll(routeProblems(
                routes, integrations.stream().map(Integration::integrationId).toList()));
        return problems.list();
    }

    /** Routes of {@code CUSTOM} or {@code JWT} authorization naming none of {@code authorizerIds}, with paths relative to the API. */
    public static List<Problem> authorizerProblems(List<Route> routes, java.util.Collection<String> authorizerIds) {
        var problems = new Problems();
        for (var route : routes) {
            route.authorizerId()
                    .filter(id -> route.authorizationType() == AuthorizationType.CUSTOM
                            || route.authorizationType() == AuthorizationType.JWT)
                    .ifPresent(id -> problems.require(
                            authorizerIds.contains(id),
                            "routes[" + route.routeKey() + "].authorizerId",
                            () -> "unknown authorizer '" + id + "' ("
                                    + (authorizerIds.isEmpty()
                                            ? "the API has no authorizers"
                                            : "expected one of: "
                                                    + String.join(", ", new java.util.TreeSet<>(authorizerIds)))
                                    + ")"));
        }
        return problems.list();
    }

    /**
     * Duplicate route keys, and targets naming none of {@code integrationIds}, with paths relative
     * to the API.
     */
    public static List<Problem> routeProblems(List<Route> routes, List<String> integrationIds) {
        var problems = new Problems();
        var keys = new HashSet<String>();
        for (var route : routes) {
            String path = "routes[" + route.routeKey() + "]";
            problems.require(keys.add(route.routeKey()), path, () -> "duplicate routeKey");
            route.integrationId()
                    .ifPresent(id -> problems.require(
                            integrationIds.contains(id),
                            path + ".target",
                            () -> "unknown integration '" + id + "' ("
                                    + (integrationIds.isEmpty()
                                            ? "the API has no integrations"
                                            : "expected one of: " + String.join(", ", integrationIds))
                                    + ")"));
        }
        return problems.list();
    }
}
