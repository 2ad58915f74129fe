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

    private static String frame(String message, String connectionId, String requestId) {
        // Ids are base64url, so they need no JSON escaping.
        return "{\"message\": \"" + message + "\", \"connectionId\":\"" + connectionId + "\", \"requestId\":\""
                + requestId + "\"}";
    }
}
