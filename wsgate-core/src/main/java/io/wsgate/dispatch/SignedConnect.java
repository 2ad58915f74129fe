package io.wsgate.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.auth.Iam;
import io.wsgate.auth.SigV4;
import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The authorize step of {@code $connect} for a route with {@code authorizationType: AWS_IAM}: the
 * upgrade {@code GET} must be SigV4-signed for {@code execute-api} (in headers, or as a presigned
 * URL, which is what browsers can do) by an identity whose policy allows {@code
 * execute-api:Invoke} on {@code arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/$connect}.
 * Refused: 403 with {@code {"message": ...}} as {@link Iam} words it. Let in: the identity's
 * {@code accessKey}, {@code accountId}, {@code caller}, {@code user} and {@code userArn} are in
 * {@code requestContext.identity} of every event of the connection.
 */
final class SignedConnect implements ConnectStep {
    static final String ACTION = "execute-api:Invoke";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Iam iam;
    private final String methodArn;
    private final Metrics metrics;

    SignedConnect(Iam iam, String methodArn, Metrics metrics) {
        this.iam = iam;
        this.methodArn = methodArn;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<ConnectOutcome> apply(
            ConnectExchange exchange, Function<ConnectExchange, CompletableFuture<ConnectOutcome>> next) {
        ConnectRequest r = exchange.request();
        var request = new SigV4.Request("GET", r.rawPath(), r.rawQuery(), r.headers(), null);
        return switch (iam.check(request, ACTION, methodArn)) {
            case Iam.Decision.Allowed allowed -> {
                metrics.increment(Counter.AUTH_SIGNED);
                AccessFacts facts = exchange.facts();
                if (facts != null) {
                    facts.authenticateStatus = 200;
                    facts.authorizeStatus = 200;
                }
                yield next.apply(exchange.identified(Iam.identityOf(allowed.identity())));
            }
            case Iam.Decision.Refused refused -> {
                metrics.increment(refused.counter());
                told(exchange.facts(), refused);
                yield CompletableFuture.completedFuture(new ConnectOutcome.Reject(
                        403, body(refused.message()), refused.errorType() + ": " + refused.message()));
            }
        };
    }

    /**
     * A refusal as the access log tells it: a signature refused is {@code authenticate}'s 403 (with
     * AWS's response type for it), a policy's is {@code authorize}'s, after a good signature.
     */
    private static void told(AccessFacts facts, Iam.Decision.Refused refused) {
        if (facts == null) {
            return;
        }
        if (refused.counter() == Counter.AUTH_DENIED) {
            facts.authenticateStatus = 200;
            facts.authorizeStatus = 403;
            facts.authorizeError = refused.message();
            facts.error(403, refused.message(), "ACCESS_DENIED");
            return;
        }
        facts.authenticateStatus = 403;
        facts.authenticateError = refused.message();
        facts.error(
                403,
                refused.message(),
                switch (refused.errorType()) {
                    case "MissingAuthenticationTokenException" -> "MISSING_AUTHENTICATION_TOKEN";
                    case "InvalidSignatureException", "IncompleteSignatureException" -> "INVALID_SIGNATURE";
                    default -> "ACCESS_DENIED"; // an unknown key or token
                });
    }

    /** {@code {"message": message}}. */
    static String body(String message) {
        return JSON.createObjectNode().put("message", message).toString();
    }

    @Override
    public String toString() {
        return "SignedConnect{" + methodArn + "}";
    }
}
