package io.wsgate.integration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A connect, message or disconnect, in the shape of AWS's Lambda proxy event for WebSocket APIs.
 *
 * <p>Members AWS omits are {@code null}: the header maps outside CONNECT and DISCONNECT, the query
 * maps when the connect URL had no query string, {@code body} outside MESSAGE. The single-value
 * maps ({@link #headers()}, {@link #queryStringParameters()}) are derived from the multi-value ones,
 * the last value winning, as on AWS.
 *
 * @param multiValueHeaders header name (as the client wrote it) to its values, in name order
 * @param isBase64Encoded whether {@code body} is base64 (a binary message, where the API lets them
 *     through)
 * @param stageVariables the stage's variables; empty when it has none
 * @param trace the span of this event when the gateway traces, which the integration continues (an
 *     HTTP backend gets it as {@code traceparent} and {@code X-Amzn-Trace-Id}, a function as Lambda
 *     gives it, {@code _X_AMZN_TRACE_ID}); null otherwise. Not part of AWS's event.
 */
public record WebSocketEvent(
        RequestContext requestContext,
        Map<String, List<String>> multiValueHeaders,
        Map<String, List<String>> multiValueQueryStringParameters,
        String body,
        boolean isBase64Encoded,
        Map<String, String> stageVariables,
        io.wsgate.observe.TraceContext trace) {

    public WebSocketEvent {
        Objects.requireNonNull(requestContext, "requestContext");
        Objects.requireNonNull(stageVariables, "stageVariables");
    }

    /** An event outside any trace. */
    public WebSocketEvent(
            RequestContext requestContext,
            Map<String, List<String>> multiValueHeaders,
            Map<String, List<String>> multiValueQueryStringParameters,
            String body,
            boolean isBase64Encoded,
            Map<String, String> stageVariables) {
        this(
                requestContext,
                multiValueHeaders,
                multiValueQueryStringParameters,
                body,
                isBase64Encoded,
                stageVariables,
                null);
    }

    /** This event, in the span {@code context}. */
    public WebSocketEvent traced(io.wsgate.observe.TraceContext context) {
        return new WebSocketEvent(
                requestContext,
                multiValueHeaders,
                multiValueQueryStringParameters,
                body,
                isBase64Encoded,
                stageVariables,
                context);
    }

    public EventType eventType() {
        return requestContext.eventType();
    }

    public String connectionId() {
        return requestContext.connectionId();
    }

    public String routeKey() {
        return requestContext.routeKey();
    }

    /** Each header's last value, or {@code null} outside CONNECT and DISCONNECT. */
    public Map<String, String> headers() {
        return lastValues(multiValueHeaders);
    }

    /** Each query parameter's last value, or {@code null} when the URL had no query string. */
    public Map<String, String> queryStringParameters() {
        return lastValues(multiValueQueryStringParameters);
    }

    /** The last value of the header named {@code name}, matched without regard to case. */
    public Optional<String> header(String name) {
        if (multiValueHeaders == null) {
            return Optional.empty();
        }
        String value = null;
        for (var entry : multiValueHeaders.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                value = entry.getValue().getLast();
            }
        }
        return Optional.ofNullable(value);
    }

    public Optional<String> queryParameter(String name) {
        if (multiValueQueryStringParameters == null) {
            return Optional.empty();
        }
        List<String> values = multiValueQueryStringParameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getLast());
    }

    private static Map<String, String> lastValues(Map<String, List<String>> multi) {
        if (multi == null) {
            return null;
        }
        var single = new LinkedHashMap<String, String>();
        multi.forEach((name, values) -> single.put(name, values.isEmpty() ? "" : values.getLast()));
        return Collections.unmodifiableMap(single);
    }
}
