/**
 * Tracing with OpenTelemetry: the gateway's spans (connects, messages, disconnects, pushes) made
 * with the OpenTelemetry SDK and exported over OTLP/HTTP in batches, when an endpoint is given.
 */
package io.wsgate.tracing;
