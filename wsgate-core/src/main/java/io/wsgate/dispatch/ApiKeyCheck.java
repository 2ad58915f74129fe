package io.wsgate.dispatch;

import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The API-key step of {@code $connect} for a route with {@code apiKeyRequired}, after the
 * authorizer: the key is the API's {@code apiKeySelectionExpression}, the {@code x-api-key} header
 * or the authorizer's {@code usageIdentifierKey}, and {@link UsagePlans} decides. A key let in is
 * {@code apiKey} and {@code apiKeyId} in {@code requestContext.identity} of every event of the
 * connection.
 */
final class ApiKeyCheck implements ConnectStep {
    /** The two expressions API Gateway accepts. */
    static final String HEADER = "$request.header.x-api-key";

    static final String AUTHORIZER = "$context.authorizer.usageIdentifierKey";

    private final UsagePlans plans;
    private final boolean fromAuthorizer;
    private final Metrics metrics;

    ApiKeyCheck(UsagePlans plans, String selectionExpression, Metrics metrics) {
        if (!selectionExpression.equals(HEADER) && !selectionExpression.equals(AUTHORIZER)) {
            throw new IllegalArgumentException(
                    "'" + selectionExpression + "' (expected: " + HEADER + " or " + AUTHORIZER + ")");
        }
        this.plans = plans;
        this.fromAuthorizer = selectionExpression.equals(AUTHORIZER);
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<ConnectOutcome> apply(
            ConnectExchange exchange, Function<ConnectExchange, CompletableFuture<ConnectOutcome>> next) {
        String value;
        if (fromAuthorizer) {
            value = exchange.usageIdentifierKey();
        } else {
            value = exchange.request().header("x-api-key");
        }
        StageRuntime stage = exchange.stage();
        return switch (plans.admit(stage.apiId(), stage.stageName(), value)) {
            case UsagePlans.Admission.Admitted admitted -> {
                metrics.increment(Counter.APIKEY_ACCEPTED);
                var members = new LinkedHashMap<String, String>();
                members.put("apiKey", admitted.key().value());
                members.put("apiKeyId", admitted.key().id());
                yield next.apply(exchange.identified(members));
            }
            case UsagePlans.Admission.Refused refused -> {
                metrics.increment(refused.counter());
                if (exchange.facts() != null) { // the gateway responses AWS names for these
                    exchange.facts()
                            .refused(
                                    refused.status(),
                                    refused.body(),
                                    refused.counter() == Counter.APIKEY_QUOTA
                                            ? "QUOTA_EXCEEDED"
                                            : refused.status() == 429 ? "THROTTLED" : "INVALID_API_KEY");
                }
                yield CompletableFuture.completedFuture(
                        new ConnectOutcome.Reject(refused.status(), refused.body(), refused.why()));
            }
        };
    }

    @Override
    public String toString() {
        return "ApiKeyCheck{" + (fromAuthorizer ? AUTHORIZER : HEADER) + "}";
    }
}
