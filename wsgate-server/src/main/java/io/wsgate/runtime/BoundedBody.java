package io.wsgate.runtime;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/**
 * Reads a request's body up to a limit, keeping nothing past it. A body over the limit is known
 * as such as soon as its {@code Content-Length} says so, or its bytes pass the limit: the caller
 * answers then, and the rest is read and dropped, so that a client that sends its whole body
 * before it reads (most do) gets that answer; past {@value #DRAIN_BYTES} bytes dropped, the
 * connection is closed instead.
 */
final class BoundedBody {
    /** How much of a body over the limit is read, and dropped, before its connection is closed. */
    static final long DRAIN_BYTES = 64L * 1024 * 1024;

    private BoundedBody() {}

    /**
     * @param whole gets the body when it has ended within {@code limit}
     * @param over runs once, when the body is known to be over {@code limit}; it answers the request
     */
    static void read(HttpServerRequest request, int limit, Consumer<byte[]> whole, Runnable over) {
        String length = request.getHeader("Content-Length");
        boolean declaredOver = length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > limit;
        Buffer[] body = {declaredOver ? null : Buffer.buffer()}; // null once refused: nothing is kept
        long[] dropped = {0};
        request.handler(chunk -> {
            if (body[0] != null && body[0].length() + chunk.length() > limit) {
                dropped[0] = body[0].length();
                body[0] = null;
                over.run();
            }
            if (body[0] != null) {
                body[0].appendBuffer(chunk);
            } else if ((dropped[0] += chunk.length()) > DRAIN_BYTES) {
                request.connection().close();
            }
        });
        request.exceptionHandler(e -> {
            // the sender went away mid-body; whoever waits for it hears of that elsewhere
        });
        request.endHandler(v -> {
            if (body[0] != null) {
                whole.accept(body[0].getBytes());
            }
        });
        if (declaredOver) {
            over.run();
        }
    }
}
