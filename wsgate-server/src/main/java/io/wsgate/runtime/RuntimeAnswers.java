package io.wsgate.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.UUID;

/**
 * The answers of the Lambda Runtime API (2018-06-01) that a worker's endpoint gives its process,
 * as Lambda gives them: the event with its {@code Lambda-Runtime-*} headers for {@code next},
 * 202 for a post it takes, {@code {"errorMessage", "errorType"}} with a 4xx for one it refuses.
 */
final class RuntimeAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RuntimeAnswers() {}

    /** Answers a {@code next} with {@code invocation}, invoked as {@code arn}. */
    static void next(HttpServerResponse response, Invocation invocation, String arn) {
        invocation.clientContext().ifPresent(c -> response.putHeader("Lambda-Runtime-Client-Context", c));
        response.putHeader("Content-Type", "application/json")
                .putHeader("Lambda-Runtime-Aws-Request-Id", invocation.requestId())
                .putHeader("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineMillis()))
                .putHeader("Lambda-Runtime-Invoked-Function-Arn", arn)
                .putHeader(
                        "Lambda-Runtime-Trace-Id",
                        invocation.trace() == null
                                ? traceId()
                                : invocation.trace().amznTraceId())
                .end(Buffer.buffer(invocation.event()));
    }

    static void accepted(HttpServerResponse response) {
        response.setStatusCode(202)
                .putHeader("Content-Type", "application/json")
                .end("{\"status\":\"OK\"}");
    }

    static void refused(HttpServerResponse response, int status, String type, String message) {
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(JSON.createObjectNode()
                        .put("errorMessage", message)
                        .put("errorType", type)
                        .toString());
    }

    /** A response or error over {@code limit} bytes: 413, as Lambda's Runtime API answers it. */
    static void tooLarge(HttpServerResponse response, int limit) {
        refused(response, 413, "RequestEntityTooLarge", "Exceeded maximum allowed payload size (" + limit + " bytes).");
    }

    /** An X-Ray trace header of the form Lambda passes, sampled out. */
    private static String traceId() {
        String hex = UUID.randomUUID().toString().replace("-", "");
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex.substring(0, 24) + ";Parent="
                + hex.substring(16) + ";Sampled=0";
    }
}
