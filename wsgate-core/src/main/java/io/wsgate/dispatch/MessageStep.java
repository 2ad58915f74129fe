package io.wsgate.dispatch;

import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import java.util.List;

/**
 * One step of the message chain: refuses the message with an error frame, or lets it on. The
 * dispatcher runs them in order, then invokes the route's integration and answers with what it
 * returned:
 *
 * <pre>
 * route selected?        no ─► {"message": "Forbidden", ...}              message.no_route
 * route's throttle       over ─► {"message": "Too Many Requests", ...}    message.throttled
 * route's integration    none ─► {"message": "Internal server error", ...} message.no_integration
 * invoke ─► answer (two-way routes) ─► observe
 * </pre>
 */
@FunctionalInterface
interface MessageStep {
    /** What refuses {@code exchange} (its counter counted), or null to let it on. */
    ErrorFrames.Refusal refusal(MessageExchange exchange);

    /** The steps every message passes, in order. */
    static List<MessageStep> chain(Metrics metrics) {
        return List.of(
                exchange -> {
                    if (exchange.route().isPresent()) {
                        return null;
                    }
                    metrics.increment(Counter.MESSAGE_NO_ROUTE);
                    exchange.stage().metrics().clientError();
                    return ErrorFrames.Refusal.NO_ROUTE;
                },
                exchange -> {
                    RouteTable.Target route = exchange.route().orElseThrow();
                    if (route.throttle().isEmpty() || route.throttle().get().tryTake()) {
                        return null;
                    }
                    metrics.increment(Counter.MESSAGE_THROTTLED);
                    route.metrics(exchange.stage()).clientError();
                    return ErrorFrames.Refusal.THROTTLED;
                },
                exchange -> {
                    if (exchange.route().orElseThrow().invoker().isPresent()) {
                        return null;
                    }
                    metrics.increment(Counter.MESSAGE_NO_INTEGRATION);
                    return ErrorFrames.Refusal.NO_INTEGRATION;
                });
    }
}
