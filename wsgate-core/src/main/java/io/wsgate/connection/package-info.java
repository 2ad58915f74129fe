/**
 * Live connections: the {@link io.wsgate.connection.Connection} the gateway keeps for each accepted
 * WebSocket, the {@link io.wsgate.connection.Peer} through which the transport lets it write and
 * close, the registry that finds a connection by id, and {@link io.wsgate.connection.Connections},
 * the management operations (send, get, delete) that backends use, in-process or over HTTP.
 */
package io.wsgate.connection;
