package io.wsgate.integration;

/**
 * wsgate's own in-process handler: one method, run on a virtual thread, so it may block (unless
 * the class is marked {@link NonBlocking}).
 *
 * <pre>{@code
 * WebSocketHandler echo = (event, context) -> Reply.body(event.body());
 * }</pre>
 *
 * <p>A {@code null} reply is {@link Reply#ok()}. A thrown exception is an integration failure: the
 * client gets AWS's {@code Internal server error} frame, or 502 on {@code $connect}. Called
 * concurrently, for several connections and for several messages of one connection.
 */
@FunctionalInterface
public interface WebSocketHandler {
    Reply handle(WebSocketEvent event, HandlerContext context) throws Exception;

    /**
     * {@code handler}, marked {@link NonBlocking}: called on the connection's event loop. For
     * lambdas, which cannot carry the annotation themselves.
     */
    static WebSocketHandler nonBlocking(WebSocketHandler handler) {
        return new Inline(handler);
    }

    /** A handler that promises not to block. */
    @NonBlocking
    record Inline(WebSocketHandler handler) implements WebSocketHandler {
        @Override
        public Reply handle(WebSocketEvent event, HandlerContext context) throws Exception {
            return handler.handle(event, context);
        }
    }
}
