package io.wsgate.integration;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** What an integration answered: a response, or a failure the client hears about as AWS's. */
public sealed interface IntegrationResult {

    /**
     * A usable answer.
     *
     * @param statusCode decides a {@code $connect}; empty when the backend gave none
     * @param headers only {@code Sec-WebSocket-Protocol} matters, on {@code $connect}
     * @param body sent to the client on two-way routes; empty when there is none
     */
    record Response(OptionalInt statusCode, Map<String, String> headers, Optional<String> body)
            implements IntegrationResult {
        public Response {
            Objects.requireNonNull(statusCode, "statusCode");
            Objects.requireNonNull(body, "body");
            headers = Map.copyOf(headers);
        }

        public static Response of(int statusCode, String body) {
            return new Response(OptionalInt.of(statusCode), Map.of(), Optional.ofNullable(body));
        }

        /** The header named {@code name}, matched without regard to case. */
        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst();
        }
    }

    /** The integration did not give a usable answer. */
    record Failed(Failure failure, String detail) implements IntegrationResult {
        public Failed {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Why an integration failed. */
    enum Failure {
        /** The backend threw, refused the connection or answered with a transport error. */
        ERROR,
        /** No answer within {@code timeoutInMillis}. */
        TIMEOUT,
        /** An answer that is not a valid proxy result. */
        MALFORMED
    }
}
