package io.wsgate.integration;

import io.wsgate.connection.Caller;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code requestContext} of an event, member for member as AWS sends it. Members AWS leaves
 * out of an event type are {@code null} here: {@code messageId} outside MESSAGE, {@code
 * disconnectStatusCode} and {@code disconnectReason} outside DISCONNECT, {@code userAgent} when
 * the client sent none.
 *
 * @param requestId also sent as {@code extendedRequestId}, which AWS always sets to the same value
 * @param requestTimeEpoch epoch milliseconds of this event; {@code requestTime} is derived from it
 * @param connectedAt epoch milliseconds the connection was accepted, the same on every event
 * @param caller what {@code $connect} established about the client: {@code authorizer} and the
 *     IAM or API key members of {@code identity}
 */
public record RequestContext(
        String routeKey,
        EventType eventType,
        String messageId,
        String requestId,
        long requestTimeEpoch,
        String stage,
        long connectedAt,
        String sourceIp,
        String userAgent,
        String domainName,
        String connectionId,
        String apiId,
        Integer disconnectStatusCode,
        String disconnectReason,
        Caller caller) {

    /** The format of {@code requestTime}: {@code 19/Feb/2024:07:11:42 +0000}. */
    public static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    public RequestContext {
        Objects.requireNonNull(routeKey, "routeKey");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(sourceIp, "sourceIp");
        Objects.requireNonNull(domainName, "domainName");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(apiId, "apiId");
        Objects.requireNonNull(caller, "caller");
    }

    /** {@code requestContext.authorizer}, or {@code null} when no authorizer ran. */
    public Map<String, Object> authorizer() {
        return caller.authorizer();
    }

    /** The last second formatted, kept: every event of a second has the same {@code requestTime}. */
    private record Formatted(long second, String text) {}

    private static volatile Formatted lastSecond = new Formatted(-1, "");

    /** {@code requestTime} in AWS's format. */
    public String requestTime() {
        long second = Math.floorDiv(requestTimeEpoch, 1000);
        Formatted last = lastSecond;
        if (last.second() != second) {
            last = new Formatted(second, REQUEST_TIME.format(Instant.ofEpochSecond(second)));
            lastSecond = last;
        }
        return last.text();
    }

    public Optional<String> userAgentIfAny() {
        return Optional.ofNullable(userAgent);
    }
}
