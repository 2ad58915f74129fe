/**
 * Integrations: the event every connect, message and disconnect becomes ({@link
 * io.wsgate.integration.WebSocketEvent}, written as AWS's proxy event JSON by {@link
 * io.wsgate.integration.EventJson}), the {@link io.wsgate.integration.Invoker} interface every
 * backend kind implements, and the kinds that need no network: in-process Java handlers (wsgate's
 * {@link io.wsgate.integration.WebSocketHandler} and Lambda's {@code RequestHandler}) and MOCK.
 */
package io.wsgate.integration;
