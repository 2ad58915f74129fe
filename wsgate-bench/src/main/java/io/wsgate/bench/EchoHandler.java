package io.wsgate.bench;

import io.wsgate.integration.HandlerContext;
import io.wsgate.integration.NonBlocking;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.integration.WebSocketHandler;

/**
 * The in-process function the gateway runs in the benchmarks: accepts every {@code $connect},
 * echoes {@code echo} messages through the route response, answers {@code whoami} with the
 * connection id. It never blocks, so it says so, and runs on the event loop.
 */
@NonBlocking
public final class EchoHandler implements WebSocketHandler {
    @Override
    public Reply handle(WebSocketEvent event, HandlerContext context) {
        return switch (event.routeKey()) {
            case "echo" -> Reply.body(event.body());
            case "whoami" -> Reply.body(event.connectionId());
            default -> Reply.ok();
        };
    }
}
