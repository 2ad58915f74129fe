package io.wsgate.integration;

/**
 * A handler registered in-process under a function name, whatever interface it implements. Called
 * on a virtual thread; may block.
 */
@FunctionalInterface
interface LocalFunction {
    IntegrationResult call(WebSocketEvent event, HandlerContext context) throws Exception;
}
