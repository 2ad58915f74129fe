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
public record Authorizer(
        String authorizerId,
        String name,
        String authorizerUri,
        List<String> identitySource,
        Optional<JwtConfiguration> jwtConfiguration) {

    /** The forms an identity source of a WebSocket API's authorizer takes. */
    public static final Pattern IDENTITY_SOURCE = Pattern.compile(
            "route\\.request\\.(header|querystring)\\.[A-Za-z0-9._$-]+|stageVariables\\.[A-Za-z0-9_]+|context\\.[A-Za-z0-9_.]+");

    /** Where a JWT authorizer finds the token: HTTP APIs' forms, and WebSocket authorizers'. */
    public static final Pattern JWT_SOURCE =
            Pattern.compile("(\\$request|route\\.request)\\.(header|querystring)\\.[A-Za-z0-9._$-]+");

    /**
     * A {@code JWT} authorizer's settings, as HTTP APIs define them (beyond AWS for WebSocket APIs,
     * which have only {@code REQUEST}): the token must be signed by a key of the issuer's JWKS
     * (found through its OpenID discovery document), name the issuer as {@code iss}, and one of
     * {@code audience} as {@code aud} or {@code client_id}.
     */
    public record JwtConfiguration(String issuer, List<String> audience) {
        public JwtConfiguration {
            Objects.requireNonNull(issuer, "issuer");
            audience = List.copyOf(audience);
        }
    }

    /** A Lambda {@code REQUEST} authorizer. */
    public Authorizer(String authorizerId, String name, String authorizerUri, List<String> identitySource) {
        this(authorizerId, name, authorizerUri, identitySource, Optional.empty());
    }

    /** A {@code JWT} authorizer, its token at {@code identitySource}. */
    public static Authorizer jwt(String authorizerId, String name, String identitySource, JwtConfiguration jwt) {
        return new Authorizer(authorizerId, name, "", List.of(identitySource), Optional.of(jwt));
    }

    /** {@code REQUEST} or {@code JWT}. */
    public String authorizerType() {
        return jwtConfiguration.isPresent() ? "JWT" : "REQUEST";
    }

    public Authorizer {
        Objects.requireNonNull(authorizerId, "authorizerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(authorizerUri, "authorizerUri");
        Objects.requireNonNull(jwtConfiguration, "jwtConfiguration");
        identitySource = List.copyOf(identitySource);
        var problems = new Problems();
        problems.require(!authorizerId.isBlank(), "authorizerId", () -> "empty (expected: an identifier)");
        if (jwtConfiguration.isPresent()) {
            JwtConfiguration jwt = jwtConfiguration.get();
            List<String> sources = identitySource;
            problems.require(
                    jwt.issuer().startsWith("https://") || loopback(jwt.issuer()),
                    "jwtConfiguration.issuer",
                    () -> "'" + jwt.issuer() + "' (expected: an https:// URL; http:// only on loopback)");
            problems.require(
                    !jwt.audience().isEmpty(),
                    "jwtConfiguration.audience",
                    () -> "empty (expected: at least one audience, such as the client id)");
            problems.require(
                    identitySource.size() == 1
                            && JWT_SOURCE.matcher(identitySource.get(0)).matches(),
                    "identitySource",
                    () -> sources + " (expected: one, such as $request.header.Authorization,"
                            + " $request.querystring.token or $request.header.Sec-WebSocket-Protocol)");
        } else {
            problems.require(
                    !authorizerUri.isBlank(), "authorizerUri", () -> "empty (expected: a Lambda function's URI)");
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
        }
        problems.throwIfAny();
    }

    private static boolean loopback(String url) {
        return url.matches("http://(127\\.\\d+\\.\\d+\\.\\d+|localhost|\\[::1])(:\\d+)?(/.*)?");
    }

    /** The authorizer among {@code authorizers} with {@code authorizerId}. */
    public static Optional<Authorizer> find(List<Authorizer> authorizers, String authorizerId) {
        return authorizers.stream()
                .filter(a -> a.authorizerId().equals(authorizerId))
                .findFirst();
    }
}
