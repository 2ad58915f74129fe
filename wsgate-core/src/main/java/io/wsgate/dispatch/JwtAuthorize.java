package io.wsgate.dispatch;

import io.wsgate.auth.JwtVerifiers;
import io.wsgate.model.Authorizer;
import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The authorize step of {@code $connect} for a route with {@code authorizationType: JWT} (beyond
 * AWS, whose WebSocket APIs have only {@code REQUEST} authorizers; as HTTP APIs' JWT authorizers
 * work). The token is at the authorizer's one identity source: a header ({@code Bearer } taken off),
 * a query parameter, or {@code $request.header.Sec-WebSocket-Protocol}, which is what a browser can
 * set: there the token is the offered protocol shaped like a JWT, and the handshake answers with
 * the first other protocol offered (or the token, when it is the only one), unless the {@code
 * $connect} integration chose one. No token, or one {@link JwtVerifiers} refuses: 401 {@code
 * {"message":"Unauthorized"}}. Let in: {@code requestContext.authorizer.jwt.claims} and {@code
 * .scopes} on every event of the connection, as HTTP APIs put them.
 */
final class JwtAuthorize implements ConnectStep {
    static final String UNAUTHORIZED = "{\"message\":\"Unauthorized\"}";
    private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final String PROTOCOL_HEADER = "Sec-WebSocket-Protocol";

    private final Authorizer authorizer;
    private final Authorizer.JwtConfiguration config;
    private final String source;
    private final JwtVerifiers verifiers;
    private final Executor executor;
    private final Metrics metrics;

    /** @param executor where tokens are verified: a verification may fetch the issuer's keys */
    JwtAuthorize(Authorizer authorizer, JwtVerifiers verifiers, Executor executor, Metrics metrics) {
        this.authorizer = authorizer;
        this.config = authorizer.jwtConfiguration().orElseThrow();
        this.source = authorizer.identitySource().get(0).replaceFirst("^\\$request\\.", "route.request.");
        this.verifiers = verifiers;
        this.executor = executor;
        this.metrics = metrics;
    }

    /** A token, and the subprotocol to answer with when it came as one. */
    private record Found(String token, Optional<String> subprotocol) {}

    @Override
    public CompletableFuture<ConnectOutcome> apply(
            ConnectExchange exchange, Function<ConnectExchange, CompletableFuture<ConnectOutcome>> next) {
        Found found = find(exchange);
        if (found == null) {
            metrics.increment(Counter.JWT_MISSING);
            unauthorized(exchange);
            return CompletableFuture.completedFuture(new ConnectOutcome.Reject(
                    401,
                    UNAUTHORIZED,
                    "no token at " + authorizer.identitySource().get(0)));
        }
        return CompletableFuture.supplyAsync(() -> verifiers.verify(config, found.token()), executor)
                .thenCompose(result -> switch (result) {
                    case JwtVerifiers.Result.Valid valid -> {
                        metrics.increment(Counter.JWT_ACCEPTED);
                        var jwt = new LinkedHashMap<String, Object>();
                        jwt.put("claims", valid.claims());
                        jwt.put("scopes", valid.scopes().isEmpty() ? null : valid.scopes());
                        var context = new LinkedHashMap<String, Object>();
                        context.put("jwt", jwt);
                        yield next.apply(exchange.authorized(context, null))
                                .thenApply(outcome -> chosen(outcome, found));
                    }
                    case JwtVerifiers.Result.Invalid invalid -> {
                        metrics.increment(Counter.JWT_INVALID);
                        unauthorized(exchange);
                        yield CompletableFuture.completedFuture(
                                new ConnectOutcome.Reject(401, UNAUTHORIZED, "JWT refused: " + invalid.why()));
                    }
                });
    }

    /** A token missing or refused, as the access log tells it: the authorizer's 401, UNAUTHORIZED. */
    private static void unauthorized(ConnectExchange exchange) {
        AccessFacts facts = exchange.facts();
        if (facts != null) {
            facts.authorizerStatus = 401;
            facts.error(401, "Unauthorized", "UNAUTHORIZED");
        }
    }

    private Found find(ConnectExchange exchange) {
        if (source.equalsIgnoreCase("route.request.header." + PROTOCOL_HEADER)) {
            String offered = exchange.request().header(PROTOCOL_HEADER);
            if (offered == null) {
                return null;
            }
            List<String> protocols = Arrays.stream(offered.split(","))
                    .map(String::trim)
                    .filter(p -> !p.isEmpty())
                    .toList();
            Optional<String> token =
                    protocols.stream().filter(p -> JWT.matcher(p).matches()).findFirst();
            if (token.isEmpty()) {
                return null;
            }
            String answer = protocols.stream()
                    .filter(p -> !p.equals(token.get()))
                    .findFirst()
                    .orElse(token.get());
            return new Found(token.get(), Optional.of(answer));
        }
        String value = Authorize.identity(source, exchange, null);
        if (value == null || value.isBlank()) {
            return null;
        }
        String token = value.trim().replaceFirst("(?i)^bearer(\\s+|$)", "");
        return token.isEmpty() ? null : new Found(token, Optional.empty());
    }

    /** {@code outcome}, answering with the protocol the token came beside unless the integration chose one. */
    private static ConnectOutcome chosen(ConnectOutcome outcome, Found found) {
        if (outcome instanceof ConnectOutcome.Accept accept
                && accept.subprotocol().isEmpty()
                && found.subprotocol().isPresent()) {
            return new ConnectOutcome.Accept(found.subprotocol(), accept.caller());
        }
        return outcome;
    }

    @Override
    public String toString() {
        return "JwtAuthorize{" + authorizer.name() + " " + config.issuer() + "}";
    }
}
