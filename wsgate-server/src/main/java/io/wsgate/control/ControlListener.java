package io.wsgate.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.wsgate.auth.Iam;
import io.wsgate.auth.SigV4;
import io.wsgate.connection.ConnectionIds;
import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's own listener: the apigatewayv2 operations under {@code /v2}, each run on a
 * virtual thread (a change writes the state file and waits for the disk), answered in AWS's wire
 * format: JSON bodies, the model's status codes, errors as {@code {"message": ...}} with {@code
 * x-amzn-ErrorType}. Operations are found by matching each template against the raw path's
 * segments ({@link PathTemplate}), not the router's normalized path, in which {@code ..} removes a
 * segment and an id could name its parent.
 */
public final class ControlListener {
    private static final Logger log = LoggerFactory.getLogger(ControlListener.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    private static final String SENT_CONTENT_TYPE = "wsgate.content-type";
    private static final String OPERATION = "wsgate.operation";

    private final Metrics metrics;
    private final Vertx vertx;
    private final ControlService service;
    private final RateLimit limit;
    private final Iam iam;
    private final String arnPrefix;
    private final Map<java.util.regex.Pattern, Handler<HttpServerRequest>> mounted = new java.util.LinkedHashMap<>();
    private final Map<java.util.regex.Pattern, Handler<HttpServerRequest>> reads = new java.util.LinkedHashMap<>();
    private final Map<java.util.regex.Pattern, Handler<HttpServerRequest>> own = new java.util.LinkedHashMap<>();
    private HttpServer server;

    /**
     * @param requestsPerSecond and {@code burst}: the throttle, as AWS's (10 and 40); 0 for none
     */
    public ControlListener(Vertx vertx, ControlContext context, double requestsPerSecond, int burst, Metrics metrics) {
        this(
                vertx,
                context,
                requestsPerSecond,
                burst,
                new Iam(context.region(), "apigateway", List.of(), java.time.Clock.systemUTC()),
                metrics);
    }

    /**
     * As above; with {@code iam}'s identities (for the signing name {@code apigateway}), every
     * operation must be SigV4-signed by one whose policy allows {@code apigateway:{METHOD}} on
     * {@code arn:aws:apigateway:{region}::{path}} (the path without {@code /v2}, as IAM names
     * apigatewayv2 resources: {@code /apis/{apiId}/routes/{routeId}}); refused with 403 and the
     * error type and message IAM gives, before the path is looked at.
     */
    public ControlListener(
            Vertx vertx, ControlContext context, double requestsPerSecond, int burst, Iam iam, Metrics metrics) {
        this.iam = iam;
        this.arnPrefix = "arn:aws:apigateway:" + context.region() + "::";
        this.vertx = vertx;
        this.metrics = metrics;
        this.service = new ControlService(context);
        this.limit = requestsPerSecond > 0 ? new RateLimit(requestsPerSecond, burst) : null;
    }

    /**
     * Serves POSTs to paths matching {@code pathRegex} with {@code handler}, before the apigatewayv2
     * operations and their body handling: the handler reads the body itself. Call before {@link
     * #listen}.
     */
    public ControlListener mount(String pathRegex, Handler<HttpServerRequest> handler) {
        mounted.put(java.util.regex.Pattern.compile(pathRegex), handler);
        return this;
    }

    /**
     * Serves {@code GET} and {@code HEAD} requests (and, to say 405, any other method) whose path
     * matches {@code pathRegex} with {@code handler}, before and without the operations' checks:
     * for what is read without a signature, as a Prometheus scrape.
     */
    public ControlListener mountRead(String pathRegex, Handler<HttpServerRequest> handler) {
        reads.put(java.util.regex.Pattern.compile(pathRegex), handler);
        return this;
    }

    /**
     * Serves every request whose path matches {@code pathRegex} with {@code handler}, whatever its
     * method, before and without the operations' checks: for what checks its callers itself, as the
     * console. Call before {@link #listen}.
     */
    public ControlListener mountAny(String pathRegex, Handler<HttpServerRequest> handler) {
        own.put(java.util.regex.Pattern.compile(pathRegex), handler);
        return this;
    }

    /** The handler of the first pattern in {@code handlers} that matches all of {@code path}; null for none. */
    private static Handler<HttpServerRequest> matching(
            Map<java.util.regex.Pattern, Handler<HttpServerRequest>> handlers, String path) {
        for (var entry : handlers.entrySet()) {
            if (entry.getKey().matcher(path).matches()) {
                return entry.getValue();
            }
        }
        return null;
    }

    /**
     * Listens on {@code host:port} (0 for any free port); completes with the port.
     *
     * @param connections sees each TCP connection as it is accepted (the gateway's cap and timers)
     * @param requests wraps the request handler (the same guard's view of each request)
     */
    public Future<Integer> listen(
            String host,
            int port,
            Handler<HttpConnection> connections,
            UnaryOperator<Handler<HttpServerRequest>> requests) {
        Router router = Router.router(vertx);
        // Every body is JSON, whatever its Content-Type says (curl -d sends a form type): nothing
        // is parsed as a form or stored as an upload.
        router.route().handler(rc -> {
            String sent = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (sent != null) {
                rc.put(SENT_CONTENT_TYPE, sent); // signed as sent
            }
            rc.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
            rc.next();
        });
        // Matched on the raw path, as the operations are (a route's path would be matched on the
        // normalized one, which a malformed escape makes the router refuse with a bare 400).
        router.route().handler(rc -> {
            HttpServerRequest request = rc.request();
            var handler = matching(reads, request.path());
            if (handler == null) {
                handler = matching(own, request.path());
            }
            if (handler == null && request.method() == io.vertx.core.http.HttpMethod.POST) {
                handler = matching(mounted, request.path());
            }
            if (handler == null) {
                rc.next();
            } else {
                // as sent: a mounted handler may check a signature over it
                String sent = rc.get(SENT_CONTENT_TYPE);
                if (sent == null) {
                    request.headers().remove(HttpHeaders.CONTENT_TYPE);
                } else {
                    request.headers().set(HttpHeaders.CONTENT_TYPE, sent);
                }
                handler.handle(request);
            }
        });
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.route()
                .failureHandler(rc -> respondError(
                        rc,
                        rc.statusCode() == 413
                                ? ControlError.tooLarge("Request body too large (limit: " + MAX_BODY_BYTES + " bytes)")
                                : ControlError.badRequest("Unreadable request: " + rc.failure())));
        router.route().handler(this::dispatch);
        return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
                .connectionHandler(connections)
                .requestHandler(requests.apply(router))
                .listen(port, host)
                .map(s -> {
                    server = s;
                    return s.actualPort();
                });
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /**
     * Finds the operation for the raw path (see {@link PathTemplate}). A segment that no id can be
     * ({@code .}, {@code ..}, empty, holding '/' once decoded, or not decodable) at a parameter's
     * place is a NotFoundException for that parameter's resource, whatever the method: it names
     * nothing, so nothing is read or changed.
     */
    private void dispatch(RoutingContext rc) {
        rc.put(
                OPERATION,
                service.operationOf(rc.request().method().name(), rc.request().path()));
        if (iam.enforced()) {
            Optional<ControlError> refused = refusal(rc);
            if (refused.isPresent()) {
                respondError(rc, refused.get());
                return;
            }
        }
        handle(rc);
    }

    /** Why the request's signature or its signer's policy refuses the call; empty when it may be made. */
    private Optional<ControlError> refusal(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        var headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
        String sent = rc.get(SENT_CONTENT_TYPE);
        if (sent == null) {
            headers.remove(HttpHeaders.CONTENT_TYPE);
        } else {
            headers.set(HttpHeaders.CONTENT_TYPE, sent);
        }
        byte[] body = rc.body() == null || rc.body().buffer() == null
                ? new byte[0]
                : rc.body().buffer().getBytes();
        String path = request.path().startsWith("/v2/") ? request.path().substring(3) : request.path();
        String method = request.method().name();
        return switch (iam.check(
                SigV4.Request.of(request.method().name(), request.path(), request.query(), headers, body),
                "apigateway:" + method,
                arnPrefix + path)) {
            case Iam.Decision.Allowed allowed -> {
                metrics.increment(Counter.AUTH_SIGNED);
                yield Optional.empty();
            }
            case Iam.Decision.Refused r -> {
                metrics.increment(r.counter());
                yield Optional.of(ControlError.forbidden(r.errorType(), r.message()));
            }
        };
    }

    private void handle(RoutingContext rc) {
        if (limit != null && !limit.tryAcquire()) {
            respondError(rc, ControlError.tooManyRequests("Too Many Requests"));
            return;
        }
        var query = new HashMap<String, List<String>>();
        rc.queryParams()
                .names()
                .forEach(name -> query.put(name, rc.queryParams().getAll(name)));
        String method = rc.request().method().name();
        String path = rc.request().path();
        Context context = vertx.getOrCreateContext();
        Thread.ofVirtual().name("wsgate-control").start(() -> {
            Runnable reply;
            try {
                Answer answer = service.call(method, path, query, () -> body(rc));
                reply = () -> respond(rc, answer);
            } catch (ControlError e) {
                reply = () -> respondError(rc, e);
            } catch (RuntimeException e) { // a StoreException, or a bug: nothing was acknowledged
                log.error("control operation failed {} {}", method, path, e);
                reply = () -> respondInternal(rc);
            }
            Runnable send = reply;
            context.runOnContext(v -> send.run());
        });
    }

    private static JsonNode body(RoutingContext rc) {
        var buffer = rc.body() == null ? null : rc.body().buffer();
        if (buffer == null || buffer.length() == 0) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(buffer.getBytes());
        } catch (JsonProcessingException e) {
            throw ControlError.badRequest("Invalid JSON in the request body: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ControlError.badRequest("Unreadable request body: " + e);
        }
    }

    private void respond(RoutingContext rc, Answer answer) {
        metrics.increment(Counter.CONTROL_REQUEST);
        metrics.controlCall(operation(rc), answer.status());
        var response = rc.response().setStatusCode(answer.status()).putHeader("x-amzn-RequestId", ConnectionIds.uuid());
        if (answer.body() == null) {
            response.end();
        } else {
            response.putHeader("Content-Type", "application/json")
                    .end(answer.body().toString());
        }
    }

    /** The operation the call was found to be to; {@code unknown} before (or without) one. */
    private static String operation(RoutingContext rc) {
        String operation = rc.get(OPERATION);
        return operation == null ? "unknown" : operation;
    }

    private void respondError(RoutingContext rc, ControlError error) {
        metrics.increment(Counter.CONTROL_REQUEST);
        metrics.controlCall(operation(rc), error.status());
        boolean throttled = error.type().equals("TooManyRequestsException");
        metrics.increment(throttled ? Counter.CONTROL_THROTTLED : Counter.CONTROL_REFUSED);
        ObjectNode body = JSON.createObjectNode().put("message", error.getMessage());
        if (error.resourceType() != null) {
            body.put("resourceType", error.resourceType());
        }
        if (throttled) {
            body.put("limitType", "requests");
        }
        rc.response()
                .setStatusCode(error.status())
                .putHeader("x-amzn-ErrorType", error.type())
                .putHeader("x-amzn-RequestId", ConnectionIds.uuid())
                .putHeader("Content-Type", "application/json")
                .end(body.toString());
    }

    private void respondInternal(RoutingContext rc) {
        metrics.increment(Counter.CONTROL_REQUEST);
        metrics.controlCall(operation(rc), 500);
        metrics.increment(Counter.CONTROL_FAILED);
        rc.response()
                .setStatusCode(500)
                .putHeader("x-amzn-ErrorType", "InternalServerErrorException")
                .putHeader("x-amzn-RequestId", ConnectionIds.uuid())
                .putHeader("Content-Type", "application/json")
                .end("{\"message\":\"Internal server error: the change was not made; see the gateway's log\"}");
    }
}
