package io.wsgate.dispatch;

import io.wsgate.auth.AuthorizerAnswer;
import io.wsgate.integration.EventJson;
import io.wsgate.integration.FunctionResult;
import io.wsgate.integration.IntegrationResult;
import io.wsgate.integration.LambdaFunction;
import io.wsgate.integration.Template;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.model.Authorizer;
import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The authorize step of {@code $connect} for a route with a Lambda REQUEST authorizer, as API
 * Gateway runs one ({@code SPEC.md} §6.1):
 *
 * <pre>
 *  an identity source missing or empty ─► 401, the function not called
 *  the function fails with "Unauthorized" ─► 401
 *  the function fails otherwise, or times out ─► 500
 *  it returns an answer ─► {@link AuthorizerAnswer}: refused (403, 500), or the next step, with
 *                          requestContext.authorizer = principalId, integrationLatency, context
 * </pre>
 *
 * A refusal's body is {@code {"message":"Unauthorized"}}, {@code {"message":"Forbidden"}} or
 * {@code {"message":"Internal server error"}}, the messages API Gateway's REST APIs answer these
 * with; what a WebSocket client sees of a refused upgrade is its status.
 */
final class Authorize implements ConnectStep {
    static final String UNAUTHORIZED = "{\"message\":\"Unauthorized\"}";
    static final String FORBIDDEN = "{\"message\":\"Forbidden\"}";
    static final String ERROR = "{\"message\":\"Internal server error\"}";

    private final Authorizer authorizer;
    private final LambdaFunction function;
    private final String methodArn;
    private final Metrics metrics;

    /**
     * @param methodArn {@code arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/$connect}
     */
    Authorize(Authorizer authorizer, LambdaFunction function, String methodArn, Metrics metrics) {
        this.authorizer = authorizer;
        this.function = function;
        this.methodArn = methodArn;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<ConnectOutcome> apply(
            ConnectExchange exchange, Function<ConnectExchange, CompletableFuture<ConnectOutcome>> next) {
        WebSocketEvent event = Events.authorizing(
                exchange.stage(), exchange.table(), exchange.request(), exchange.requestId(), exchange.startedMillis());
        AccessFacts facts = exchange.facts();
        long began = System.nanoTime();
        for (String source : authorizer.identitySource()) {
            String value = identity(source, exchange, event);
            if (value == null || value.isEmpty()) {
                if (facts != null) {
                    facts.authorizerStatus = 401;
                    facts.error(401, "Unauthorized", "UNAUTHORIZED");
                }
                return refused(401, UNAUTHORIZED, "identity source " + source + " is missing or empty");
            }
        }
        byte[] payload = EventJson.writeAuthorizerEvent(methodArn, event);
        long started = System.nanoTime();
        CompletableFuture<FunctionResult> called;
        try {
            called = function.call(payload, facts != null && facts.span != null ? facts.span.context() : null);
        } catch (RuntimeException e) {
            called = CompletableFuture.completedFuture(FunctionResult.Failed.thrown(e));
        }
        return called.exceptionally(FunctionResult.Failed::thrown).thenCompose(result -> {
            long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            var told = facts != null ? facts : new AccessFacts(); // what the access log tells of it
            told.authorizerCallLatency = latency;
            told.authorizerCallStatus = 200;
            told.authorizerLatency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            return switch (result) {
                case FunctionResult.Failed f
                when f.errorMessage().equals("Unauthorized") -> {
                    told.authorizerStatus = 401;
                    told.error(401, "Unauthorized", "UNAUTHORIZED");
                    yield refused(401, UNAUTHORIZED, "the authorizer answered Unauthorized");
                }
                case FunctionResult.Failed f -> {
                    told.authorizerStatus = 500;
                    told.authorizerError = f.detail();
                    told.error(500, "Internal server error", "AUTHORIZER_FAILURE");
                    yield failed("the authorizer "
                            + (f.failure() == IntegrationResult.Failure.TIMEOUT ? "timed out: " : "failed: ")
                            + f.detail());
                }
                case FunctionResult.Returned r ->
                    switch (AuthorizerAnswer.read(r.payload(), methodArn)) {
                        case AuthorizerAnswer.Refused refused
                        when refused.status() == 403 -> {
                            told.authorizerStatus = 200;
                            told.authorizeStatus = 403;
                            told.authorizeError = refused.reason();
                            told.error(403, "Forbidden", "ACCESS_DENIED");
                            yield refused(403, FORBIDDEN, refused.reason());
                        }
                        case AuthorizerAnswer.Refused refused -> {
                            told.authorizerStatus = 500;
                            told.authorizerError = refused.reason();
                            told.error(500, "Internal server error", "AUTHORIZER_CONFIGURATION_ERROR");
                            yield failed(refused.reason());
                        }
                        case AuthorizerAnswer.Allowed allowed -> {
                            told.authorizerStatus = 200;
                            told.authorizeStatus = 200;
                            metrics.increment(Counter.AUTHORIZER_ALLOWED);
                            yield next.apply(exchange.authorized(
                                    allowed.requestContext(latency),
                                    allowed.usageIdentifierKey().orElse(null)));
                        }
                    };
            };
        });
    }

    /** The value of identity source {@code source} in the upgrade request, or null. */
    static String identity(String source, ConnectExchange exchange, WebSocketEvent event) {
        if (source.startsWith("route.request.header.")) {
            return exchange.request().header(source.substring("route.request.header.".length()));
        }
        if (source.startsWith("route.request.querystring.")) {
            Map<String, List<String>> query = Events.query(exchange.request().rawQuery());
            List<String> values =
                    query == null ? null : query.get(source.substring("route.request.querystring.".length()));
            return values == null || values.isEmpty() ? null : values.getLast();
        }
        if (source.startsWith("stageVariables.")) {
            return exchange.table().stageVariables().get(source.substring("stageVariables.".length()));
        }
        if (source.startsWith("context.")) {
            return Template.context(event.requestContext(), source.substring("context.".length()));
        }
        return null;
    }

    private CompletableFuture<ConnectOutcome> refused(int status, String body, String detail) {
        metrics.increment(Counter.AUTHORIZER_REFUSED);
        return CompletableFuture.completedFuture(new ConnectOutcome.Reject(status, body, detail));
    }

    private CompletableFuture<ConnectOutcome> failed(String detail) {
        metrics.increment(Counter.AUTHORIZER_FAILED);
        return CompletableFuture.completedFuture(new ConnectOutcome.Reject(500, ERROR, detail));
    }

    @Override
    public String toString() {
        return "Authorize{" + authorizer.name() + " " + function + "}";
    }
}
