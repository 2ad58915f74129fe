package io.wsgate.control;

/**
 * An apigatewayv2 error: the HTTP status, the type the SDKs read from {@code x-amzn-ErrorType},
 * and the message. The one exception of the control plane.
 */
public final class ControlError extends RuntimeException {
    private final int status;
    private final String type;
    private final String resourceType;

    private ControlError(int status, String type, String message, String resourceType) {
        super(message);
        this.status = status;
        this.type = type;
        this.resourceType = resourceType;
    }

    static ControlError badRequest(String message) {
        return new ControlError(400, "BadRequestException", message, null);
    }

    /** A body over the listener's limit: 413, typed as a bad request so that SDKs raise their usual exception. */
    static ControlError tooLarge(String message) {
        return new ControlError(413, "BadRequestException", message, null);
    }

    static ControlError notFound(String resourceType, String message) {
        return new ControlError(404, "NotFoundException", message, resourceType);
    }

    static ControlError conflict(String message) {
        return new ControlError(409, "ConflictException", message, null);
    }

    /**
     * A per-API quota reached, as AWS answers it: status 429 with type ConflictException, and its
     * wording ("Maximum number of Authorizers for this API has been reached.", seen for
     * authorizers and integrations; the same form is used for routes and stages).
     *
     * @param resources the plural, capitalized as AWS does: {@code Routes}
     */
    static ControlError quotaReached(String resources, int quota) {
        return new ControlError(
                429,
                "ConflictException",
                "Maximum number of " + resources + " for this API has been reached. An API has at most " + quota + " "
                        + resources.toLowerCase(java.util.Locale.ROOT) + ", as on AWS.",
                null);
    }

    /** A refused signature or policy: 403 with the type IAM gives it ({@code AccessDeniedException}, ...). */
    static ControlError forbidden(String type, String message) {
        return new ControlError(403, type, message, null);
    }

    static ControlError tooManyRequests(String message) {
        return new ControlError(429, "TooManyRequestsException", message, null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    /** Set on NotFoundException only. */
    String resourceType() {
        return resourceType;
    }
}
