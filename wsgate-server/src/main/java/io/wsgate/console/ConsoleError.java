package io.wsgate.console;

import io.vertx.core.http.HttpServerRequest;

/** A console call refused: its status, its {@code x-amzn-ErrorType}, and the body's message. */
final class ConsoleError extends RuntimeException {
    private final int status;
    private final String type;

    ConsoleError(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    static ConsoleError badRequest(String message) {
        return new ConsoleError(400, "BadRequestException", message);
    }

    static ConsoleError notFound(String message) {
        return new ConsoleError(404, "NotFoundException", message);
    }

    static ConsoleError gone(String connectionId) {
        return new ConsoleError(410, "GoneException", "No open connection " + Views.shortened(connectionId));
    }

    static ConsoleError methodNotAllowed(HttpServerRequest request) {
        return new ConsoleError(
                405, "MethodNotAllowedException", request.method().name() + " is not served at " + request.path());
    }

    static ConsoleError unmarked() {
        return new ConsoleError(
                403,
                "ForbiddenException",
                "This call must carry the header " + Console.HEADER + " (any value): changes, and calls made with the"
                        + " console's sign-in, do");
    }
}
