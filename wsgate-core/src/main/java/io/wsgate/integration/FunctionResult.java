package io.wsgate.integration;

import java.util.Objects;

/** What a {@link LambdaFunction} answered. */
public sealed interface FunctionResult {

    /** The function returned {@code payload} (the JSON it returned; empty when it returned nothing). */
    record Returned(byte[] payload) implements FunctionResult {
        public Returned {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /**
     * The function did not return: it raised an error, timed out, or could not be reached.
     *
     * @param failure {@link IntegrationResult.Failure#TIMEOUT} when it did not answer in time,
     *     else {@link IntegrationResult.Failure#ERROR}
     * @param errorType as Lambda reports it ({@code Error}, {@code Exception}, a Java class's simple name)
     * @param errorMessage as Lambda reports it: the error's message, which an authorizer sets to
     *     {@code Unauthorized} to refuse with 401
     */
    record Failed(IntegrationResult.Failure failure, String errorType, String errorMessage) implements FunctionResult {
        public Failed {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(errorType, "errorType");
            Objects.requireNonNull(errorMessage, "errorMessage");
        }

        /** What {@code thrown} makes of a call: its class name as the type, as Lambda's Java runtime reports one. */
        public static Failed thrown(Throwable thrown) {
            return new Failed(
                    IntegrationResult.Failure.ERROR, thrown.getClass().getName(), String.valueOf(thrown.getMessage()));
        }

        /** What the log says about it. */
        public String detail() {
            return errorType + ": " + errorMessage;
        }
    }
}
