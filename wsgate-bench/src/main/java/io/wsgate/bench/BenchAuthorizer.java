package io.wsgate.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.wsgate.integration.NonBlocking;
import java.util.List;
import java.util.Map;

/**
 * The Lambda REQUEST authorizer of S2's guarded API: allows a {@code token} query parameter of
 * {@code bench} with a policy for the request's {@code methodArn}, denies anything else. It never
 * blocks, so it runs on the event loop, as {@link EchoHandler} does.
 */
@NonBlocking
public final class BenchAuthorizer implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        var query = (Map<String, Object>) event.get("queryStringParameters");
        boolean allowed = "bench".equals(query.get("token"));
        return Map.of(
                "principalId",
                "bench",
                "policyDocument",
                Map.of(
                        "Version",
                        "2012-10-17",
                        "Statement",
                        List.of(Map.of(
                                "Action",
                                "execute-api:Invoke",
                                "Effect",
                                allowed ? "Allow" : "Deny",
                                "Resource",
                                event.get("methodArn")))),
                "context",
                Map.of("tier", "bench"));
    }
}
