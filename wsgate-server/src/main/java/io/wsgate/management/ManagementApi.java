package io.wsgate.management;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.wsgate.auth.Iam;
import io.wsgate.auth.SigV4;
import io.wsgate.config.AddressRange;
import io.wsgate.connection.Connection;
import io.wsgate.connection.ConnectionIds;
import io.wsgate.connection.ConnectionInfo;
import io.wsgate.connection.LocalConnections;
import io.wsgate.dispatch.Directory;
import io.wsgate.dispatch.StageRuntime;
import io.wsgate.model.Limits;
import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
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
 * <p>Without identities, answers only callers whose address is in {@code allow} (loopback by
 * default): the address is what keeps other people's backends out. With identities ({@link
 * Iam#enforced()}), every call must be SigV4-signed for {@code execute-api} by an identity allowed
 * {@code execute-api:ManageConnections} on {@code
 * arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/@connections/{connectionId}} (the
 * id as the path spells it), as on AWS; {@code allow} then defaults to any address. A refusal is
 * 403 with {@code x-amzn-ErrorType: ForbiddenException}, the type AWS's SDKs raise for it, and
 * AWS's message for what was wrong. The body is part of what is signed, so it is read (within the
 * API's limit) before the signature is checked and before anything about the connection is said.
 *
 * <p>Answers are written on the request's own event loop, which the listener's strict thread mode
 * requires: the local registry completes its futures at once, in line.
 */
public final class ManagementApi implements Handler<HttpServerRequest> {
    private static final Logger log = LoggerFactory.getLogger(ManagementApi.class);
    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    static final String ACTION = "execute-api:ManageConnections";

    private final LocalConnections connections;
    private final Supplier<Directory> directory;
    private final List<AddressRange> allow;
    private final Iam iam;
    private final String arnPrefix;
    private final Metrics metrics;

    /** Unsigned calls from {@code allow}: what a gateway without identities serves. */
    public ManagementApi(
            LocalConnections connections, Supplier<Directory> directory, List<AddressRange> allow, Metrics metrics) {
        this(
                connections,
                directory,
                allow,
                new Iam("us-east-1", "execute-api", List.of(), Clock.systemUTC()),
                "",
                metrics);
    }

    /**
     * @param iam checks signatures for {@code execute-api} when it has identities
     * @param accountId with {@code iam}'s region, what the resource ARNs name
     */
    public ManagementApi(
            LocalConnections connections,
            Supplier<Directory> directory,
            List<AddressRange> allow,
            Iam iam,
            String region,
            String accountId,
            Metrics metrics) {
        this(connections, directory, allow, iam, "arn:aws:execute-api:" + region + ":" + accountId + ":", metrics);
    }

    private ManagementApi(
            LocalConnections connections,
            Supplier<Directory> directory,
            List<AddressRange> allow,
            Iam iam,
            String arnPrefix,
            Metrics metrics) {
        this.connections = connections;
        this.directory = directory;
        this.allow = List.copyOf(allow);
        this.iam = iam;
        this.arnPrefix = arnPrefix;
        this.metrics = metrics;
    }

    private io.wsgate.observe.Tracing tracing = io.wsgate.observe.Tracing.OFF;

    /**
     * Makes a span of each call to a connection in {@code value} (server kind, continuing the
     * caller's {@code traceparent} or {@code X-Amzn-Trace-Id}), so a backend's trace shows its
     * pushes. Call before the listener serves.
     */
    public ManagementApi traced(io.wsgate.observe.Tracing value) {
        this.tracing = value;
        return this;
    }

    /** The call's span; ended, with the status it is answered with, by {@link #handle}'s end handler. */
    private io.wsgate.observe.Tracing.TraceSpan span(
            HttpServerRequest request, Target t, Optional<Connection> connection) {
        var span = tracing.start(
                "@connections " + request.method().name(),
                true,
                io.wsgate.observe.TraceContext.fromHeaders(request::getHeader).orElse(null));
        span.attribute("wsgate.stage", t.stage())
                .attribute("wsgate.connection_id", t.rawConnectionId())
                .attribute("http.request.method", request.method().name());
        connection.ifPresent(c -> span.attribute("wsgate.api_id", c.apiId()));
        return span;
    }

    /** What a push's status says of it, for {@code wsgate_pushes_total{result}}. */
    static String pushResult(int status) {
        return switch (status) {
            case 200 -> "sent";
            case 410 -> "gone";
            case 413 -> "too_large";
            case 429 -> "throttled";
            case 403 -> "forbidden";
            default -> status >= 500 ? "failed" : "refused";
        };
    }

    @Override
    public void handle(HttpServerRequest request) {
        io.wsgate.observe.Tracing.TraceSpan[] span = {null};
        boolean push = request.method().equals(HttpMethod.POST);
        request.response().endHandler(v -> {
            int status = request.response().getStatusCode();
            if (push) {
                metrics.pushed(pushResult(status));
            }
            if (span[0] != null) {
                span[0].attribute("http.response.status_code", status);
                span[0].end(status >= 400 ? "status " + status : null);
            }
        });
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
        Target t = target.get();
        LocalConnections scoped = connections.scopedTo(t::covers);
        Optional<Connection> connection = t.possibleId() ? scoped.find(t.connectionId()) : Optional.empty();
        if (tracing.on()) {
            span[0] = span(request, t, connection);
        }
        if (!iam.enforced()) {
            serve(request, t, scoped, connection, null);
            return;
        }
        int maxBytes = connection.map(c -> c.limits().maxMessageBytes()).orElse(Limits.AWS.maxMessageBytes());
        read(request, maxBytes, body -> {
            Optional<String> refusal = refusal(request, t, connection, body.getBytes());
            if (refusal.isPresent()) {
                metrics.increment(Counter.MANAGEMENT_FORBIDDEN);
                error(request, 403, "ForbiddenException", "{\"message\":" + quoted(refusal.get()) + "}");
            } else {
                serve(request, t, scoped, connection, body);
            }
        });
    }

    /**
     * Why {@code iam} refuses the call, or empty when its signer may manage the connection: on the
     * API the URL names, else the connection's, else any API serving the stage (a connection that is
     * not there is then gone for whoever may manage that stage's connections).
     */
    private Optional<String> refusal(
            HttpServerRequest request, Target t, Optional<Connection> connection, byte[] body) {
        List<String> apiIds = t.apiId()
                .or(() -> connection.map(Connection::apiId))
                .map(List::of)
                .orElseGet(() -> directory.get().stages().stream()
                        .filter(s -> s.stageName().equals(t.stage()))
                        .map(StageRuntime::apiId)
                        .distinct()
                        .toList());
        if (apiIds.isEmpty()) {
            apiIds = List.of("*"); // no API serves the stage: only a policy for any API allows it
        }
        var signed =
                SigV4.Request.of(request.method().name(), request.path(), request.query(), request.headers(), body);
        String first = null;
        for (String apiId : apiIds) {
            String resource = arnPrefix + apiId + "/" + t.stage() + "/"
                    + request.method().name() + "/@connections/" + t.rawConnectionId();
            switch (iam.check(signed, ACTION, resource)) {
                case Iam.Decision.Allowed allowed -> {
                    metrics.increment(Counter.AUTH_SIGNED);
                    return Optional.empty();
                }
                case Iam.Decision.Refused refused -> {
                    if (refused.counter() != Counter.AUTH_DENIED) {
                        metrics.increment(refused.counter()); // the signature itself: no other API helps
                        return Optional.of(refused.message());
                    }
                    first = first == null ? refused.message() : first;
                }
            }
        }
        metrics.increment(Counter.AUTH_DENIED);
        return Optional.of(first);
    }

    /** The call, authorized; {@code body} is what was read before the check, null when nothing was. */
    private void serve(
            HttpServerRequest request,
            Target t,
            LocalConnections scoped,
            Optional<Connection> connection,
            Buffer body) {
        if (!t.possibleId()) {
            // AWS answers a connection id that is not well formed as it answers an unknown one.
            metrics.increment(Counter.MANAGEMENT_GONE);
            drain(request);
            gone(request);
            return;
        }
        String id = t.connectionId();
        if (t.defaultEndpoint()
                && t.apiId()
                        .or(() -> connection.map(Connection::apiId))
                        .map(directory.get()::executeApiDisabled)
                        .orElse(false)) {
            // The API answers on its custom domains only, as AWS does once the default endpoint is off.
            metrics.increment(Counter.MANAGEMENT_FORBIDDEN);
            drain(request);
            error(request, 403, "ForbiddenException", "{\"message\":\"Forbidden\"}");
            return;
        }
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.POST)) {
            if (connection.isEmpty()) {
                metrics.increment(Counter.MANAGEMENT_GONE);
                drain(request);
                gone(request);
            } else {
                // The body limit is the connection's API's, so the connection is found first.
                int maxBytes = connection.get().limits().maxMessageBytes();
                if (body != null) {
                    send(request, scoped, id, body, maxBytes);
                } else {
                    read(request, maxBytes, b -> send(request, scoped, id, b, maxBytes));
                }
            }
        } else if (method.equals(HttpMethod.GET)) {
            drain(request);
            scoped.get(id).thenAccept(info -> info.ifPresentOrElse(i -> ok(request, describe(i)), () -> gone(request)));
        } else {
            drain(request);
            scoped.delete(id).thenAccept(deleted -> {
                if (deleted) {
                    request.response().setStatusCode(204).end();
                } else {
                    gone(request);
                }
            });
        }
    }

    /**
     * Reads the body, then gives it to {@code done}; one over {@code maxBytes} is read to its end (so
     * the connection stays usable) but kept nowhere, and answered 413.
     */
    private void read(HttpServerRequest request, int maxBytes, java.util.function.Consumer<Buffer> done) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        var body = Buffer.buffer();
        boolean[] over = {length != null && length.length() < 12 && Long.parseLong(length) > maxBytes};
        request.handler(chunk -> {
            if (!over[0]) {
                if (body.length() + chunk.length() > maxBytes) {
                    over[0] = true;
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
            } else {
                done.accept(body);
            }
        });
        request.exceptionHandler(e -> log.debug("management request failed: {}", e.toString()));
    }

    private void send(
            HttpServerRequest request, LocalConnections scoped, String connectionId, Buffer body, int maxBytes) {
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
                    error(request, 429, "LimitExceededException", "{\"message\":\"The client's send buffer is full\"}");
            }
        });
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
