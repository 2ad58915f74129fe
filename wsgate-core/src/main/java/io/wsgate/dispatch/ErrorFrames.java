package io.wsgate.dispatch;

/**
 * The error messages API Gateway sends a client, byte for byte: note the space after the first
 * colon only.
 */
public final class ErrorFrames {
    private ErrorFrames() {}

    /** No route matched and the API has no {@code $default} route. */
    public static String forbidden(String connectionId, String requestId) {
        return frame("Forbidden", connectionId, requestId);
    }

    /** The integration failed, timed out or answered something malformed. */
    public static String internalServerError(String connectionId, String requestId) {
        return frame("Internal server error", connectionId, requestId);
    }

    /**
     * The message's route is over the stage's throttle. AWS documents only that clients "may
     * receive 429 Too Many Requests"; this frame, in the shape of the other two, is wsgate's choice.
     */
    public static String tooManyRequests(String connectionId, String requestId) {
        return frame("Too Many Requests", connectionId, requestId);
    }

    /**
     * A message the gateway refuses itself, before any integration: the frame's message, and the
     * status and response type its access log line shows ({@code $context.status}, {@code
     * $context.error.responseType}).
     */
    public record Refusal(int status, String message, String responseType) {
        /** No route matched and there is no {@code $default}. */
        public static final Refusal NO_ROUTE = new Refusal(403, "Forbidden", "DEFAULT_4XX");
        /** Over the route's throttle. */
        public static final Refusal THROTTLED = new Refusal(429, "Too Many Requests", "THROTTLED");
        /** The route has no integration to call. */
        public static final Refusal NO_INTEGRATION =
                new Refusal(500, "Internal server error", "API_CONFIGURATION_ERROR");

        /** The frame the client gets. */
        public String frame(String connectionId, String requestId) {
            return ErrorFrames.frame(message, connectionId, requestId);
        }
    }

    private static String frame(String message, String connectionId, String requestId) {
        // Ids are base64url, so they need no JSON escaping.
        return "{\"message\": \"" + message + "\", \"connectionId\":\"" + connectionId + "\", \"requestId\":\""
                + requestId + "\"}";
    }
}
