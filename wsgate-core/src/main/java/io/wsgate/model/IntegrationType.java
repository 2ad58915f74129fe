package io.wsgate.model;

/**
 * How an integration reaches its backend; the values of apigatewayv2's {@code integrationType}.
 *
 * <p>{@link #AWS_PROXY} calls a Lambda function by name: a function registered in-process (a Java
 * handler) runs on a virtual thread. {@link #HTTP_PROXY} POSTs the event to an HTTP backend. {@link
 * #MOCK} answers without a backend. {@link #AWS} and {@link #HTTP} (mapping templates on both ways)
 * are part of the model so that files and tools round-trip, but the gateway refuses to serve them.
 */
public enum IntegrationType {
    AWS_PROXY,
    AWS,
    HTTP_PROXY,
    HTTP,
    MOCK;

    /** Whether the gateway can serve this type today. */
    public boolean served() {
        return this == AWS_PROXY || this == HTTP_PROXY || this == MOCK;
    }
}
