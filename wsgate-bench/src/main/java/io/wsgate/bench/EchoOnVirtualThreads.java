package io.wsgate.bench;

import io.wsgate.integration.HandlerContext;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.integration.WebSocketHandler;

/**
 * {@link EchoHandler} without the {@code @NonBlocking} mark, so the gateway runs it as it runs any
 * handler that may block: on a virtual thread per event. S3 measures both.
 */
public final class EchoOnVirtualThreads implements WebSocketHandler {
    private final EchoHandler echo = new EchoHandler();

    @Override
    public Reply handle(WebSocketEvent event, HandlerContext context) {
        return echo.handle(event, context);
    }
}
