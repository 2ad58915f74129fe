package io.wsgate.dispatch;

import io.wsgate.connection.Connection;
import java.util.Optional;

/**
 * One message as it passes the message chain ({@link MessageStep}): where it came from, the route
 * it selected (if any), its request id and when it arrived. What the chain decides is answered to
 * {@link #connection()}; what the integration returns is answered after the last step.
 *
 * @param route the route the message selected; empty when none matched and there is no {@code $default}
 * @param body the text, or the base64 of a binary message
 */
public record MessageExchange(
        StageRuntime stage,
        RouteTable table,
        Connection connection,
        Optional<RouteTable.Target> route,
        String body,
        boolean base64,
        String requestId,
        long receivedMillis) {}
