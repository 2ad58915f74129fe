package io.wsgate.dispatch;

import io.wsgate.connection.Caller;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code $connect} as it passes the steps of the connect chain ({@link ConnectStep}): the
 * request, the stage and route table it is decided on, and what the steps before have added.
 * Immutable: a step passes on a copy with more in it.
 *
 * @param requestId the id of this exchange, in its events and log lines
 * @param caller what the steps so far established about the client
 * @param usageIdentifierKey the API key the authorizer named, if it named one; null otherwise
 * @param facts what the access log line will tell of this connect; null when the stage's log is off
 */
public record ConnectExchange(
        StageRuntime stage,
        RouteTable table,
        ConnectRequest request,
        String requestId,
        long startedMillis,
        Caller caller,
        String usageIdentifierKey,
        AccessFacts facts) {

    public ConnectExchange {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(caller, "caller");
    }

    /** A new exchange, with nothing established about its client yet. */
    public ConnectExchange(
            StageRuntime stage, RouteTable table, ConnectRequest request, String requestId, long startedMillis) {
        this(stage, table, request, requestId, startedMillis, Caller.ANONYMOUS, null, null);
    }

    /**
     * This exchange, authorized with {@code context} as its {@code requestContext.authorizer}, and
     * the API key its authorizer named ({@code usageIdentifierKey}, or null).
     */
    public ConnectExchange authorized(Map<String, Object> context, String usageIdentifierKey) {
        return new ConnectExchange(
                stage, table, request, requestId, startedMillis, caller.authorized(context), usageIdentifierKey, facts);
    }

    /** This exchange, its client identified with {@code members} of {@code requestContext.identity}. */
    public ConnectExchange identified(Map<String, String> members) {
        return new ConnectExchange(
                stage, table, request, requestId, startedMillis, caller.identified(members), usageIdentifierKey, facts);
    }
}
