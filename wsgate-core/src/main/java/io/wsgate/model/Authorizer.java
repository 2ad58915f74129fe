package io.wsgate.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Lambda {@code REQUEST} authorizer, the only kind WebSocket APIs have: the function that
 * decides a {@code $connect} whose route names it, and the parts of the upgrade request that must
 * be there before it is called.
 *
 * @param authorizerUri the function, as an integration URI names one ({@code
 *     arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations})
 * @param identitySource such as {@code route.request.header.Auth}, {@code
 *     route.request.querystring.token}, {@code stageVariables.name} or {@code context.name}; a
 *     request missing one, or with it empty, is refused with 401 without calling the function
 */
public record Authorizer(String authorizerId, String name, String authorizerUri, List<String> identitySource) {

    /** The forms an identity source of a WebSocket API's authorizer takes. */
    public static final Pattern IDENTITY_SOURCE = Pattern.compile(
            "route\\.request\\.(header|querystring)\\.[A-Za-z0-9._$-]+|stageVariables\\.[A-Za-z0-9_]+|context\\.[A-Za-z0-9_.]+");

    public Authorizer {
        Objects.requireNonNull(authorizerId, "authorizerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(authorizerUri, "authorizerUri");
        identitySource = List.copyOf(identitySource);
        var problems = new Problems();
        problems.require(!authorizerId.isBlank(), "authorizerId", () -> "empty (expected: an identifier)");
        problems.require(!authorizerUri.isBlank(), "authorizerUri", () -> "empty (expected: a Lambda function's URI)");
        problems.require(
                !identitySource.isEmpty(),
                "identitySource",
                () -> "empty (expected: at least one, such as route.request.header.Auth)");
        for (String source : identitySource) {
            problems.require(
                    IDENTITY_SOURCE.matcher(source).matches(),
                    "identitySource",
                    () -> "'" + source + "' (expected: route.request.header.NAME, route.request.querystring.NAME,"
                            + " stageVariables.NAME or context.NAME)");
        }
        problems.throwIfAny();
    }

    /** The authorizer among {@code authorizers} with {@code authorizerId}. */
    public static Optional<Authorizer> find(List<Authorizer> authorizers, String authorizerId) {
        return authorizers.stream()
                .filter(a -> a.authorizerId().equals(authorizerId))
                .findFirst();
    }
}
