package io.wsgate.dispatch;

import java.util.Map;
import java.util.Objects;

/**
 * One {@code $connect} as it passes the steps of the connect chain ({@link ConnectStep}): the
 * request, the stage and route table it is decided on, and what the steps before have added.
 * Immutable: a step passes on a copy with more in it.
 *
 * @param requestId the id of this exchange, in its events and log lines
 * @param authorizer {@code requestContext.authorizer} from the authorizer step, or {@code null}
 *     when no authorizer ran
 */
public record ConnectExchange(
        StageRuntime stage,
        RouteTable table,
        ConnectRequest request,
        String requestId,
        long startedMillis,
        Map<String, Object> authorizer) {

    public ConnectExchange {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(requestId, "requestId");
        // In the order the authorizer step made it, which is the order events carry it in.
        authorizer = authorizer == null
                ? null
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(authorizer));
    }

    /** This exchange, authorized with {@code context} as its {@code requestContext.authorizer}. */
    public ConnectExchange authorized(Map<String, Object> context) {
        return new ConnectExchange(stage, table, request, requestId, startedMillis, context);
    }
}
