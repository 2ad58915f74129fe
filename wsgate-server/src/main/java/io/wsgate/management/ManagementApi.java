package io.wsgate.management;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.wsgate.config.AddressRange;
import io.wsgate.connection.Connection;
import io.wsgate.connection.ConnectionIds;
import io.wsgate.connection.ConnectionInfo;
import io.wsgate.connection.LocalConnections;
import io.wsgate.dispatch.Directory;
import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code POST|GET|DELETE /{stage}/@connections/{connectionId}} (also under {@code
 * /{apiId}/{stage}} and on {@code {apiId}.execute-api.*} hosts; {@code @} may be sent as {@code
 * %40}). A connection is found by its id, which is unique in the gateway, and must belong to the
 * stage (and API, where the URL names one) the URL names; otherwise it is gone (410), as it would
 * be on AWS. An id that no connection can have (empty, {@code .}, {@code ..}, '/' once decoded)
 * is gone too, as AWS answers an id that is not well formed (410, not 404); a path that names no
 * route is 403 with AWS's "No method found matching route" message. Paths are never normalized.
 *
 * <p>Answers only callers whose address is in {@code allow} (loopback by default): until request
 * signing is checked, the address is what keeps other people's backends out.
 *
 * <p>Answers are written on the request's own event loop, which the listener's strict thread mode
 * requires: the local registry completes its futures at once, in line.
 */
public final class ManagementApi implements Handler<HttpServerRequest> {
    private static final Logger log = LoggerFactory.getLogger(ManagementApi.class);
    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final LocalConnections connections;
    private final Supplier<Directory> directory;
    private final List<AddressRange> allow;
    private final Metrics metrics;

    public ManagementApi(
            LocalConnections connections, Supplier<Directory> directory, List<AddressRange> allow, Metrics metrics) {
        this.connections = connections;
        this.directory = directory;
        this.allow = List.copyOf(allow);
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpServerRequest request) {
        String requestId = ConnectionIds.uuid();
        request.response().putHeader("x-amzn-RequestId", requestId);
        if (!allowed(request)) {
            metrics.increment(Counter.MANAGEMENT_FORBIDDEN);
            error(request, 403, "ForbiddenException", "{\"message\":\"Forbidden\"}");
            return;
        }
        Optional<Target> target = Target.parse(directory.get(), request.getHeader(HttpHeaders.HOST), request.path());
        HttpMethod method = request.method();
        if (target.isEmpty()
                || !(method.equals(HttpMethod.POST)
                        || method.equals(HttpMethod.GET)
                        || method.equals(HttpMethod.DELETE))) {
            metrics.increment(Counter.MANAGEMENT_FORBIDDEN);
            // AWS's wording, the path without its leading '/'; the path is the caller's, so quoted.
            String route = request.path().startsWith("/") ? request.path().substring(1) : request.path();
            error(
                    request,
                    403,
                    "ForbiddenException",
                    "{\"message\":"
                            + quoted("No method found matching route " + route + " for http method " + method.name()
                                    + ".")
                            + "}");
            return;
        }
        if (!target.get().possibleId()) {
            // AWS answers a connection id that is not well formed as it answers an unknown one.
            metrics.increment(Counter.MANAGEMENT_GONE);
            drain(request);
            gone(request);
            return;
        }
        String id = target.get().connectionId();
        LocalConnections scoped = connections.scopedTo(target.get()::covers);
        if (target.get().defaultEndpoint()
                && target.get()
                        .apiId()
                        .or(() -> scoped.find(id).map(Connection::apiId))
                        .map(directory.get()::executeApiDisabled)
                        .orElse(false)) {
            // The API answers on its custom domains only, as AWS does once the default endpoint is off.
            metrics.increment(Counter.MANAGEMENT_FORBIDDEN);
            drain(request);
            error(request, 403, "ForbiddenException", "{\"message\":\"Forbidden\"}");
            return;
        }
        if (method.equals(HttpMethod.POST)) {
            // The body limit is the connection's API's, so the connection is found first.
            scoped.find(id)
                    .ifPresentOrElse(c -> post(request, scoped, id, c.limits().maxMessageBytes()), () -> {
                        metrics.increment(Counter.MANAGEMENT_GONE);
                        drain(request);
                        gone(request);
                    });
        } else if (method.equals(HttpMethod.GET)) {
            scoped.get(id).thenAccept(info -> info.ifPresentOrElse(i -> ok(request, describe(i)), () -> gone(request)));
        } else {
            scoped.delete(id).thenAccept(deleted -> {
                if (deleted) {
                    request.response().setStatusCode(204).end();
                } else {
                    gone(request);
                }
            });
        }
    }

    private void post(HttpServerRequest request, LocalConnections scoped, String connectionId, int maxBytes) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        var body = Buffer.buffer();
        boolean[] over = {length != null && length.length() < 12 && Long.parseLong(length) > maxBytes};
        request.handler(chunk -> {
            if (!over[0]) {
                if (body.length() + chunk.length() > maxBytes) {
                    over[0] = true; // keep reading, so the connection stays usable, but keep nothing
                } else {
                    body.appendBuffer(chunk);
                }
            }
        });
        request.endHandler(v -> {
            if (over[0]) {
                metrics.increment(Counter.MANAGEMENT_TOO_LARGE);
                error(
                        request,
                        413,
                        "PayloadTooLargeException",
                        "{\"message\":\"Request must be smaller than " + maxBytes + " bytes for the PostToConnection"
                                + " operation\"}");
                return;
            }
            scoped.send(connectionId, body.getBytes()).thenAccept(result -> {
                switch (result) {
                    case SENT -> request.response().setStatusCode(200).end();
                    case GONE -> gone(request);
                    case PAYLOAD_TOO_LARGE ->
                        error(
                                request,
                                413,
                                "PayloadTooLargeException",
                                "{\"message\":\"Request must be smaller than " + maxBytes + " bytes\"}");
                    case THROTTLED ->
                        error(
                                request,
                                429,
                                "LimitExceededException",
                                "{\"message\":\"The client's send buffer is full\"}");
                }
            });
        });
        request.exceptionHandler(e -> log.debug("management request failed: {}", e.toString()));
    }

    private boolean allowed(HttpServerRequest request) {
        InetAddress address;
        try {
            address = InetAddress.getByName(request.remoteAddress().hostAddress());
        } catch (UnknownHostException | RuntimeException e) {
            return false;
        }
        return allow.stream().anyMatch(range -> range.contains(address));
    }

    private static String describe(ConnectionInfo info) {
        var json = new StringBuilder(192);
        json.append("{\"connectedAt\":\"").append(timestamp(info.connectedAt())).append('"');
        json.append(",\"identity\":{\"sourceIp\":").append(quoted(info.sourceIp()));
        info.userAgent().ifPresent(ua -> json.append(",\"userAgent\":").append(quoted(ua)));
        json.append("},\"lastActiveAt\":\"")
                .append(timestamp(info.lastActiveAt()))
                .append("\"}");
        return json.toString();
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** {@code text} as a JSON string, quotes included: every body that carries the caller's text uses it. */
    private static String quoted(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }

    /** Reads and drops a body nobody will use, so that a keep-alive connection stays in step. */
    private static void drain(HttpServerRequest request) {
        if (!request.isEnded()) {
            request.handler(chunk -> {});
        }
    }

    /** 410: AWS's SDKs read the error type from the header; the body carries nothing more. */
    private static void gone(HttpServerRequest request) {
        error(request, 410, "GoneException", "{}");
    }

    private static void ok(HttpServerRequest request, String json) {
        request.response()
                .setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(json);
    }

    private static void error(HttpServerRequest request, int status, String type, String json) {
        HttpServerResponse response = request.response();
        if (response.ended()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("x-amzn-ErrorType", type)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(json);
    }

    @Override
    public String toString() {
        return "ManagementApi{allow=" + allow + "}";
    }
}
