package io.wsgate.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.integration.FunctionResult;
import io.wsgate.integration.IntegrationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What one invocation of a local function came to, as Lambda's Invoke API reports it: the payload
 * the function returned, or an error body ({@code {"errorMessage", "errorType", ...}}) with its
 * type. A timeout, a process that exits, an init error and a response over the payload limit are
 * all function errors, as on Lambda; {@link Failed#timedOut()} tells a timeout apart.
 */
sealed interface Outcome {
    String requestId();

    /** This outcome as a {@link FunctionResult}: a timeout a {@link IntegrationResult.Failure#TIMEOUT}. */
    static FunctionResult result(Outcome outcome) {
        return switch (outcome) {
            case Returned r -> new FunctionResult.Returned(r.payload());
            case Failed f ->
                new FunctionResult.Failed(
                        f.timedOut() ? IntegrationResult.Failure.TIMEOUT : IntegrationResult.Failure.ERROR,
                        f.errorType(),
                        f.errorMessage());
        };
    }

    /** The function returned: {@code payload} is its result as JSON bytes, exactly as posted. */
    record Returned(String requestId, byte[] payload) implements Outcome {
        public Returned {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /**
     * The invocation failed.
     *
     * @param errorType {@code Runtime.ExitError}, {@code Function.ResponseSizeTooLarge}, the
     *     handler's exception type...
     * @param errorMessage for the log: the body's {@code errorMessage}
     * @param body what the Invoke API answers with {@code X-Amz-Function-Error: Unhandled}
     */
    record Failed(String requestId, String errorType, String errorMessage, byte[] body, boolean timedOut)
            implements Outcome {
        private static final ObjectMapper JSON = new ObjectMapper();

        public Failed {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(errorType, "errorType");
            Objects.requireNonNull(errorMessage, "errorMessage");
            Objects.requireNonNull(body, "body");
        }

        /** A failure the host decided (not one the runtime posted), with Lambda's body for it. */
        static Failed of(String requestId, String errorType, String errorMessage) {
            var body = JSON.createObjectNode().put("errorMessage", errorMessage).put("errorType", errorType);
            return new Failed(requestId, errorType, errorMessage, bytes(body.toString()), false);
        }

        /**
         * The error body a runtime posted, as sent, read for its type and message; one that is not
         * a JSON object is {@code Unhandled}, its text the message.
         */
        static Failed posted(String requestId, byte[] body) {
            try {
                JsonNode error = JSON.readTree(body);
                if (error != null && error.isObject()) {
                    return new Failed(
                            requestId,
                            error.path("errorType").asText("Unhandled"),
                            error.path("errorMessage").asText(""),
                            body,
                            false);
                }
            } catch (IOException e) {
                // not JSON: shown as sent
            }
            String text = new String(body, StandardCharsets.UTF_8);
            return of(requestId, "Unhandled", text.length() > 500 ? text.substring(0, 500) + "..." : text);
        }

        /** Lambda's body for a timeout: its message alone, {@code TIME ID Task timed out after N.NN seconds}. */
        static Failed timeout(String requestId, Duration timeout) {
            String message = Instant.now() + " " + requestId + " "
                    + String.format(Locale.ROOT, "Task timed out after %.2f seconds", timeout.toMillis() / 1000.0);
            var body = JSON.createObjectNode().put("errorMessage", message);
            return new Failed(requestId, "Sandbox.Timedout", message, bytes(body.toString()), true);
        }

        /** The process ended ({@code status}; negative when it never started) while it held the invocation. */
        static Failed exited(String requestId, int status) {
            return of(
                    requestId,
                    "Runtime.ExitError",
                    "RequestId: " + requestId + " Error: Runtime exited with error: "
                            + (status < 0 ? "the process could not start" : "exit status " + status));
        }

        /** The function answered more than Lambda takes back. */
        static Failed tooLarge(String requestId, int limit) {
            return of(
                    requestId,
                    "Function.ResponseSizeTooLarge",
                    "Response payload size exceeded maximum allowed payload size (" + limit + " bytes).");
        }

        /** The gateway stopped the function before the invocation was answered. */
        static Failed stopped(String requestId, String function) {
            return of(
                    requestId,
                    "Runtime.ExitError",
                    "RequestId: " + requestId + " Error: function " + function + " stopped");
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }
}
