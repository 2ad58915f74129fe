package io.wsgate.transport;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import io.wsgate.connection.CloseCode;
import io.wsgate.connection.CloseReason;
import io.wsgate.connection.Connection;
import io.wsgate.connection.ConnectionIds;
import io.wsgate.dispatch.ConnectOutcome;
import io.wsgate.dispatch.ConnectRequest;
import io.wsgate.dispatch.Directory;
import io.wsgate.dispatch.Dispatcher;
import io.wsgate.dispatch.StageRuntime;
import io.wsgate.observe.Counter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-plane listener: one HTTP server per event loop on one port. Upgrades to a stage URL go
 * through {@code $connect}; {@code @connections} requests go to the management handler; anything
 * else gets 426 (a stage URL without upgrade) or 403 (no such stage), as on AWS. An upgrade that
 * RFC 6455 does not allow is refused before {@code $connect} runs ({@link HandshakeCheck}), so the
 * integration never sees a handshake that cannot succeed. No extension is negotiated: the options
 * turn off Vert.x's permessage-deflate, which would inflate a whole message before its size is
 * checked, so a frame with a reserved bit set is a protocol error ({@link FrameReader#refused}).
 * The plain listener may speak TLS on the same port ({@link OptionalTls}); a request Vert.x cannot
 * read as HTTP gets Vert.x's 400 and is counted ({@code connection.bad_request}).
 *
 * <pre>
 *  GET /{apiId}/{stage} + Upgrade ─► Directory.resolve ─► HandshakeCheck ─► Dispatcher.connect ($connect)
 *      Accept ─► Dispatcher.open ─► 101 (+ Sec-WebSocket-Protocol) ─► FrameReader / closeHandler
 *      Reject ─► HTTP status, no upgrade
 *  * /…/@connections/{id} ─► management handler
 * </pre>
 */
public final class WebSocketListener {
    private static final Logger log = LoggerFactory.getLogger(WebSocketListener.class);
    /** The name Vert.x gives its own handler in a connection's pipeline. */
    private static final String VERTX_HANDLER = "handler";

    private final Vertx vertx;
    private final Dispatcher dispatcher;
    private final Supplier<Directory> directory;
    private final Handler<HttpServerRequest> management;
    private final HttpServerOptions options;
    private final ConnectionGuard guard;
    private final Optional<OptionalTls> optionalTls;
    private final java.util.List<String> deployments = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile int port;
    private volatile boolean ready; // every listener bound and the state loaded: the gateway says so

    /**
     * @param options the server's options; the frame size Vert.x enforces should be the largest any
     *     API allows, since each API's own limit is checked here
     * @param guard this listener's own: its cap on connections and its timers before the upgrade
     * @param optionalTls TLS on the same port, for connections whose first bytes are a TLS record
     */
    public WebSocketListener(
            Vertx vertx,
            Dispatcher dispatcher,
            Supplier<Directory> directory,
            Handler<HttpServerRequest> management,
            HttpServerOptions options,
            ConnectionGuard guard,
            Optional<OptionalTls> optionalTls) {
        this.guard = guard;
        this.optionalTls = optionalTls;
        this.vertx = vertx;
        this.dispatcher = dispatcher;
        this.directory = directory;
        this.management = management;
        this.options = options;
    }

    /**
     * Listens on {@code host:port} with {@code instances} servers, one per event loop.
     *
     * @return the port listened on (useful with port 0)
     */
    public Future<Integer> listen(String host, int requestedPort, int instances) {
        int listenPort;
        try {
            // Vert.x shares one socket among servers asking for the same port; with 0 each would
            // get its own, so a free port is chosen first.
            listenPort = requestedPort != 0 ? requestedPort : freePort(host);
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        Supplier<Deployable> server = () -> context -> startServer(host, listenPort);
        return vertx.deployVerticle(server, new DeploymentOptions().setInstances(instances))
                .map(id -> {
                    deployments.add(id);
                    port = listenPort;
                    return port;
                });
    }

    private static int freePort(String host) throws IOException {
        try (var probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, 0));
            return probe.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** The gateway has started (every listener bound, its state loaded): {@code /ready} may say so. */
    public void ready() {
        ready = true;
    }

    /** Stops listening and closes whatever connections remain. */
    public Future<Void> close() {
        var undeploys = deployments.stream().map(vertx::undeploy).toList();
        deployments.clear();
        return Future.all(undeploys).mapEmpty();
    }

    private Future<HttpServer> startServer(String host, int listenPort) {
        return vertx.createHttpServer(options)
                .connectionHandler(connection -> {
                    guard.accepted(connection);
                    optionalTls.ifPresent(tls -> tls.install(connection));
                })
                .invalidRequestHandler(request -> {
                    dispatcher.metrics().increment(Counter.BAD_REQUEST);
                    HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
                })
                .requestHandler(guard.requests(this::handle))
                .listen(listenPort, host);
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if ((path.equals(HEALTH) || path.equals(READY)) && !isUpgrade(request)) {
            probe(request, path.equals(READY));
            return;
        }
        if (path.contains("@connections") || path.contains("%40connections")) {
            management.handle(request);
            return;
        }
        String host = request.getHeader(HttpHeaders.HOST);
        Optional<StageRuntime> stage = directory.get().resolve(host, path);
        if (stage.isEmpty()) {
            dispatcher.metrics().increment(Counter.CONNECT_UNKNOWN_STAGE);
            respond(request, 403, "{\"message\":\"Forbidden\"}");
            return;
        }
        if (!isUpgrade(request)) {
            dispatcher.metrics().increment(Counter.CONNECT_NOT_UPGRADE);
            request.response().putHeader(HttpHeaders.UPGRADE, "websocket");
            respond(request, 426, "{\"message\":\"Upgrade Required\"}");
            return;
        }
        Optional<HandshakeCheck> refusal = HandshakeCheck.refusal(request);
        if (refusal.isPresent()) {
            refuse(request, refusal.get());
            return;
        }
        if (dispatcher.draining()) {
            dispatcher.metrics().increment(Counter.CONNECT_DRAINING);
            respond(request, 503, "{\"message\":\"Service Unavailable\"}");
            return;
        }
        upgrade(request, stage.get(), host);
    }

    private void upgrade(HttpServerRequest request, StageRuntime stage, String host) {
        Context context = vertx.getOrCreateContext();
        request.pause();
        var headers = new ArrayList<Map.Entry<String, String>>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.add(Map.entry(header.getKey(), header.getValue()));
        }
        var connect = new ConnectRequest(
                ConnectionIds.connectionId(),
                dispatcher.clock().millis(),
                host == null ? "" : host,
                request.remoteAddress().hostAddress(),
                headers,
                request.path(),
                request.query(),
                request.localAddress().port(),
                request.isSSL());
        dispatcher
                .connect(stage, connect)
                .whenComplete((outcome, error) -> context.runOnContext(v -> {
                    if (error != null) {
                        log.error("connect failed connectionId={}", connect.connectionId(), error);
                        respond(request, 500, "");
                    } else {
                        switch (outcome) {
                            case ConnectOutcome.Reject reject -> respond(request, reject.status(), reject.body());
                            case ConnectOutcome.Accept accept -> {
                                accept.subprotocol()
                                        .ifPresent(p ->
                                                request.response().headers().set("Sec-WebSocket-Protocol", p));
                                var peer = new VertxPeer(context, stage.limits().maxFrameBytes());
                                Connection connection = dispatcher.open(stage, connect, accept.caller(), peer);
                                request.toWebSocket()
                                        .onSuccess(socket -> attach(socket, peer, stage, connection))
                                        .onFailure(e -> {
                                            log.debug(
                                                    "upgrade failed after $connect connectionId={} reason=\"{}\"",
                                                    connect.connectionId(),
                                                    e.toString());
                                            dispatcher.closed(stage, connection, CloseCode.ABNORMAL.asReason());
                                        });
                            }
                        }
                    }
                }));
    }

    private void attach(ServerWebSocket socket, VertxPeer peer, StageRuntime stage, Connection connection) {
        var reader = new FrameReader(dispatcher, stage, connection);
        if (socket instanceof WebSocketInternal internal) {
            // Between Netty's decoder and Vert.x, so that Vert.x never echoes an invalid close code.
            internal.channelHandlerContext().pipeline().addBefore(VERTX_HANDLER, "wsgate-frames", new FrameValidator());
        }
        socket.frameHandler(reader);
        socket.exceptionHandler(e -> {
            if (e instanceof CorruptedWebSocketFrameException corrupted) {
                reader.refused(corrupted);
            } else {
                log.debug("socket error connectionId={} error=\"{}\"", connection.connectionId(), e.toString());
            }
        });
        Handler<Void> onClose = v -> dispatcher.closed(stage, connection, observed(socket, reader));
        socket.closeHandler(onClose);
        peer.attach(socket);
        if (socket.isClosed()) {
            onClose.handle(null); // closed before the handler was set; closed() runs once either way
        }
    }

    /** How the close looked from here: the client's close frame, else an abnormal end. */
    private static CloseReason observed(ServerWebSocket socket, FrameReader reader) {
        if (reader.clientClose() != null) {
            return reader.clientClose();
        }
        Short code = socket.closeStatusCode();
        return code != null
                ? CloseReason.fromClient(Short.toUnsignedInt(code), socket.closeReason())
                : CloseCode.ABNORMAL.asReason();
    }

    private void refuse(HttpServerRequest request, HandshakeCheck refusal) {
        dispatcher.metrics().increment(refusal.counter());
        log.debug("upgrade refused check={} status={}", refusal, refusal.status());
        switch (refusal) {
            case NOT_GET -> request.response().putHeader(HttpHeaders.ALLOW, "GET");
            case UNSUPPORTED_VERSION -> request.response().putHeader(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
            default -> {}
        }
        respond(request, refusal.status(), refusal.body());
    }

    /** Liveness: the process serves requests. Load balancers and Kubernetes' livenessProbe. */
    public static final String HEALTH = "/health";

    /** Readiness: started and not draining, else 503, so that a load balancer sends no new clients. */
    public static final String READY = "/ready";

    /**
     * {@code GET /health}: 200 {@code {"status":"UP"}} while the process serves. {@code GET /ready}:
     * 200 {@code {"status":"READY"}} once the gateway has started, 503 {@code {"status":"STARTING"}}
     * before and {@code {"status":"DRAINING"}} once a shutdown has begun. Other methods get 405.
     */
    private void probe(HttpServerRequest request, boolean readiness) {
        if (request.method() != io.vertx.core.http.HttpMethod.GET
                && request.method() != io.vertx.core.http.HttpMethod.HEAD) {
            request.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            respond(request, 405, "{\"message\":\"Method Not Allowed\"}");
            return;
        }
        request.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (!readiness) {
            respond(request, 200, "{\"status\":\"UP\"}");
        } else if (dispatcher.draining()) {
            respond(request, 503, "{\"status\":\"DRAINING\"}");
        } else if (!ready) {
            respond(request, 503, "{\"status\":\"STARTING\"}");
        } else {
            respond(request, 200, "{\"status\":\"READY\"}");
        }
    }

    private static boolean isUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    private static void respond(HttpServerRequest request, int status, String body) {
        var response = request.response().setStatusCode(status);
        if (!body.isEmpty()) {
            response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        response.end(body);
    }

    @Override
    public String toString() {
        return "WebSocketListener{port=" + port + " " + guard + "}";
    }
}
