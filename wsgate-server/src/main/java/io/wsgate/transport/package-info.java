/**
 * The WebSocket listener, on Vert.x: holds each upgrade until {@code $connect} has decided,
 * enforces the API's frame and message limits on what clients send, and hands messages and
 * closes to the dispatcher. Vert.x types stop here; the core sees {@link io.wsgate.connection.Peer}
 * and plain strings.
 */
package io.wsgate.transport;
