package io.wsgate.dispatch;

import io.wsgate.integration.RequestContext;
import io.wsgate.model.RouteSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route's execution log, as its stage's route settings ask for it ({@code loggingLevel}, {@code
 * dataTraceEnabled}), in the spirit of API Gateway's: lines through the project's logging (logger
 * {@code wsgate.execution}), each starting with the event's {@code (requestId)} as AWS's do. At
 * {@code INFO}, every event: the route chosen, the integration's status and latency, and the
 * status the event completed with; at {@code ERROR}, only the events that failed or were refused,
 * with why. With data trace, the request body sent to the integration and the body it answered,
 * each cut at {@value #TRACE_CHARS} characters (AWS truncates its log events at 1 KB too).
 *
 * <p>The lines are written on the event's thread by the logging's appenders: this is for seeing
 * what happens, not for a load test (the access log is the one made for volume).
 */
public final class ExecutionLog {
    private static final Logger log = LoggerFactory.getLogger("wsgate.execution");

    /** How much of a payload a data trace line holds. */
    static final int TRACE_CHARS = 1024;

    public static final ExecutionLog OFF = new ExecutionLog(false, false, false);

    private final boolean errors;
    private final boolean info;
    private final boolean dataTrace;

    private ExecutionLog(boolean errors, boolean info, boolean dataTrace) {
        this.errors = errors;
        this.info = info;
        this.dataTrace = dataTrace;
    }

    /** The log {@code settings} (a route's over its stage's default) ask for. */
    public static ExecutionLog of(RouteSettings settings) {
        return switch (settings.level()) {
            case "INFO" -> new ExecutionLog(true, true, settings.dataTrace());
            case "ERROR" -> new ExecutionLog(true, false, settings.dataTrace());
            default -> OFF;
        };
    }

    /** Whether anything is written: when not, the caller need not gather what would be. */
    public boolean on() {
        return errors;
    }

    /**
     * The lines of one event that is over: {@code request} and {@code response} are the bodies sent
     * to and received from the integration, null where there was none.
     */
    void write(RequestContext c, AccessFacts facts, String request, String response) {
        if (!errors) {
            return; // OFF
        }
        boolean failed = facts.errorMessage != null || facts.integrationError != null || facts.status >= 400;
        if (!info && !failed) {
            return;
        }
        String id = "(" + c.requestId() + ") ";
        if (info) {
            log.info(
                    "{}{} on {}/{}, route [{}], connection {} from {}",
                    id,
                    c.eventType(),
                    c.apiId(),
                    c.stage(),
                    c.routeKey(),
                    c.connectionId(),
                    c.sourceIp());
            if (dataTrace && request != null) {
                log.info("{}Endpoint request body after transformations: {}", id, cut(request));
            }
            if (facts.callStatus != null) {
                log.info(
                        "{}Received response. Status: {}, Integration latency: {} ms",
                        id,
                        facts.integrationStatus != null ? facts.integrationStatus : facts.callStatus,
                        facts.integrationLatency != null ? facts.integrationLatency : "-");
            }
            if (dataTrace && response != null) {
                log.info("{}Endpoint response body before transformations: {}", id, cut(response));
            }
        }
        if (failed) {
            String detail = facts.integrationError != null
                    ? facts.integrationError
                    : facts.authorizerError != null ? facts.authorizerError : facts.authorizeError;
            log.error(
                    "{}Execution failed: {} ({}){}",
                    id,
                    facts.errorMessage != null ? facts.errorMessage : "the integration answered " + facts.status,
                    facts.errorResponseType != null ? facts.errorResponseType : "INTEGRATION_RESPONSE",
                    detail != null ? ": " + detail : "");
            log.error("{}Method completed with status: {}", id, facts.status);
        } else {
            log.info("{}Method completed with status: {}", id, facts.status);
        }
    }

    private static String cut(String payload) {
        return payload.length() <= TRACE_CHARS
                ? payload
                : payload.substring(0, TRACE_CHARS) + " [TRUNCATED " + (payload.length() - TRACE_CHARS) + " chars]";
    }
}
