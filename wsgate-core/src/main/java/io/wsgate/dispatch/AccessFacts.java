package io.wsgate.dispatch;

import io.wsgate.integration.IntegrationResult;
import io.wsgate.integration.RequestContext;
import io.wsgate.integration.Template;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one connect, message or disconnect did, as its stage's access log and its route's execution
 * log ({@link ExecutionLog}) tell it: filled in as
 * the exchange passes its steps (each step completes before the next starts, so the fields are
 * read after they are written), rendered once when it is over. Only made when one of the logs is
 * on. Members no step fills render as {@code -}, as AWS writes a variable with no value.
 */
public final class AccessFacts {
    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"([^\"]*)\"");

    /** {@code $context.status}: the handshake's status for a connect; 200 for a message answered. */
    int status = 200;
    /** {@code $context.error.message} and its JSON-quoted form {@code error.messageString}. */
    String errorMessage;
    /** {@code $context.error.responseType}: which of API Gateway's responses the client got. */
    String errorResponseType;

    /** {@code $context.integration.status}: the status the integration answered with. */
    Integer integrationStatus;
    /** {@code $context.integration.integrationStatus}, {@code $context.integrationStatus}: the call's. */
    Integer callStatus;
    /** {@code $context.integration.latency}, {@code $context.integrationLatency}, in ms. */
    Long integrationLatency;
    /** {@code $context.integration.error}. */
    String integrationError;

    /** {@code $context.authorizer.status}: what the authorizer decided, as a status. */
    Integer authorizerStatus;
    /** {@code $context.authorizer.latency}: the whole authorizer step, in ms. */
    Long authorizerLatency;
    /** {@code $context.authorizer.integrationLatency}: the authorizer's function call, in ms. */
    Long authorizerCallLatency;
    /** {@code $context.authorizer.integrationStatus}: the authorizer function call's status. */
    Integer authorizerCallStatus;
    /** {@code $context.authorizer.error}. */
    String authorizerError;

    /** {@code $context.authorize.status}: the policy's decision (200 or 403) for the route. */
    Integer authorizeStatus;
    /** {@code $context.authorize.error}. */
    String authorizeError;
    /** {@code $context.authenticate.status}: a SigV4 signature's check (200, 403). */
    Integer authenticateStatus;
    /** {@code $context.authenticate.error}. */
    String authenticateError;

    /** The event's span when the gateway traces; null otherwise. */
    io.wsgate.observe.Tracing.TraceSpan span;

    /** Facts with the span {@code tracing} starts for an event named {@code name}, if it traces. */
    static AccessFacts traced(
            io.wsgate.observe.Tracing tracing, String name, boolean server, io.wsgate.observe.TraceContext parent) {
        var facts = new AccessFacts();
        if (tracing.on()) {
            facts.span = tracing.start(name, server, parent);
        }
        return facts;
    }

    /** {@code event} in this event's span, when there is one. */
    io.wsgate.integration.WebSocketEvent inSpan(io.wsgate.integration.WebSocketEvent event) {
        return span == null ? event : event.traced(span.context());
    }

    /**
     * Ends the span, if there is one, with what the event was ({@code context}) and did: its route,
     * connection and request, the status the client got, the integration's status and latency,
     * and the error, as {@code wsgate.*} attributes.
     */
    void endSpan(RequestContext context) {
        if (span == null) {
            return;
        }
        span.attribute("wsgate.api_id", context.apiId())
                .attribute("wsgate.stage", context.stage())
                .attribute("wsgate.route_key", context.routeKey())
                .attribute("wsgate.event_type", context.eventType().name())
                .attribute("wsgate.connection_id", context.connectionId())
                .attribute("wsgate.request_id", context.requestId())
                .attribute("wsgate.status", status);
        if (context.sourceIp() != null) {
            span.attribute("client.address", context.sourceIp());
        }
        if (integrationStatus != null) {
            span.attribute("wsgate.integration.status", integrationStatus);
        }
        if (integrationLatency != null) {
            span.attribute("wsgate.integration.latency_ms", integrationLatency);
        }
        if (authorizerStatus != null) {
            span.attribute("wsgate.authorizer.status", authorizerStatus);
        }
        String error = integrationError != null
                ? integrationError
                : status >= 400
                        ? errorMessageOr(status)
                        : integrationStatus != null && integrationStatus >= 400
                                ? "the integration answered " + integrationStatus
                                : null;
        span.end(error);
        span = null;
    }

    private String errorMessageOr(int status) {
        return errorMessage != null ? errorMessage : "status " + status;
    }

    /**
     * Refused by a step with {@code status} and {@code body}: the body's message, and {@code
     * responseType}, the gateway response AWS names for that refusal.
     */
    void refused(int status, String body, String responseType) {
        Matcher message = MESSAGE.matcher(body);
        error(status, message.find() ? message.group(1) : null, responseType);
    }

    /** The refusal's or failure's status and message, and which response it was. */
    void error(int status, String message, String responseType) {
        this.status = status;
        this.errorMessage = message;
        this.errorResponseType = responseType;
    }

    /**
     * What the integration answered, {@code nanos} after it was called (negative when its latency
     * is not measured, as for MOCK): its status, or the error it failed with.
     */
    void integrated(IntegrationResult result, long nanos) {
        if (nanos >= 0) {
            integrationLatency = TimeUnit.NANOSECONDS.toMillis(nanos);
        }
        switch (result) {
            case IntegrationResult.Response r -> {
                callStatus = 200;
                if (r.statusCode().isPresent()) {
                    integrationStatus = r.statusCode().getAsInt();
                }
            }
            case IntegrationResult.Failed f -> {
                callStatus = f.failure() == IntegrationResult.Failure.TIMEOUT ? 504 : 502;
                integrationError = f.detail();
            }
        }
    }

    /**
     * The handshake was refused with {@code status} and {@code body}. A step that refused it has
     * said why already; a status the integration answered itself is no error of the gateway's;
     * otherwise the message is the body's and the type is the one API Gateway gives that status.
     */
    void rejected(int status, String body) {
        this.status = status;
        if (errorMessage != null
                || errorResponseType != null
                || (integrationStatus != null && integrationStatus == status)) {
            return;
        }
        Matcher message = MESSAGE.matcher(body);
        errorMessage = message.find() ? message.group(1) : status < 500 ? null : "Internal server error";
        errorResponseType = switch (status) {
            case 401 -> "UNAUTHORIZED";
            case 403 -> "ACCESS_DENIED";
            case 429 -> "THROTTLED";
            case 502 -> "INTEGRATION_FAILURE";
            case 504 -> "INTEGRATION_TIMEOUT";
            default -> status < 500 ? "DEFAULT_4XX" : "DEFAULT_5XX";
        };
    }

    /** Every {@code $context} variable of an access log line, for the event {@code context}. */
    Function<String, String> values(RequestContext context) {
        return name -> value(context, name);
    }

    private String value(RequestContext context, String name) {
        return switch (name) {
            case "status" -> Integer.toString(status);
            case "error.message" -> errorMessage;
            case "error.messageString" -> errorMessage == null ? null : "\"" + errorMessage + "\"";
            case "error.responseType" -> errorResponseType;
            case "integration.status" -> text(integrationStatus);
            case "integration.integrationStatus", "integrationStatus" -> text(callStatus);
            case "integration.latency", "integrationLatency" -> text(integrationLatency);
            case "integration.error" -> integrationError;
            case "integration.requestId", "authorizer.requestId" -> null; // no AWS endpoint was called
            case "authorizer.status" -> text(authorizerStatus);
            case "authorizer.latency" -> text(authorizerLatency);
            case "authorizer.integrationLatency" -> text(authorizerCallLatency);
            case "authorizer.integrationStatus" -> text(authorizerCallStatus);
            case "authorizer.error" -> authorizerError;
            case "authorize.status" -> text(authorizeStatus);
            case "authorize.latency", "authenticate.latency" -> null; // decided in line, no time of its own
            case "authorize.error" -> authorizeError;
            case "authenticate.status" -> text(authenticateStatus);
            case "authenticate.error" -> authenticateError;
            default -> Template.context(context, name);
        };
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
