package io.wsgate.bench.ceiling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The second ceiling: the least a Vert.x server does for what wsgate does, on one HTTP server per
 * event loop as wsgate runs. Echoes text messages on any path; answers {@code {"action":"whoami"}}
 * with the connection's id; {@code POST /push/{id}} sends the body to that connection (200, or
 * 410 when it is gone). {@code VertxEchoServer PORT}.
 */
public final class VertxEchoServer {
    private static final String WHOAMI = "{\"action\":\"whoami\"}";

    private VertxEchoServer() {}

    public static void main(String[] args) {
        start(Integer.parseInt(args[0]));
    }

    /** Starts the server on 127.0.0.1:{@code port}; closing the returned Vert.x stops it. */
    public static Vertx start(int port) {
        Map<String, ServerWebSocket> sockets = new ConcurrentHashMap<>();
        AtomicLong ids = new AtomicLong();
        return onEveryLoop(
                port,
                server -> server.webSocketHandler(ws -> {
                            String id = Long.toString(ids.incrementAndGet());
                            sockets.put(id, ws);
                            ws.closeHandler(v -> sockets.remove(id));
                            ws.textMessageHandler(text -> ws.writeTextMessage(WHOAMI.equals(text) ? id : text));
                        })
                        .requestHandler(request -> push(request, sockets)));
    }

    /**
     * How the bench's Vert.x servers listen, as wsgate does: an event loop per processor and an HTTP
     * server on each, in strict thread mode, on 127.0.0.1:{@code port}, each given its handlers by
     * {@code handlers}. Returns once all listen; closing the returned Vert.x stops them.
     */
    public static Vertx onEveryLoop(int port, Consumer<HttpServer> handlers) {
        int loops = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        var servers = new ArrayList<Future<?>>();
        for (int i = 0; i < loops; i++) {
            HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                    .setTcpNoDelay(true)
                    .setAcceptBacklog(4096)
                    .setStrictThreadMode(true));
            handlers.accept(server);
            servers.add(server.listen(port, "127.0.0.1"));
        }
        Future.all(servers).await();
        return vertx;
    }

    private static void push(HttpServerRequest request, Map<String, ServerWebSocket> sockets) {
        String path = request.path();
        if (!path.startsWith("/push/")) {
            request.response().setStatusCode(404).end();
            return;
        }
        ServerWebSocket ws = sockets.get(path.substring("/push/".length()));
        request.body().onSuccess(body -> {
            if (ws == null) {
                request.response().setStatusCode(410).end();
            } else {
                ws.writeTextMessage(body.toString());
                request.response().end();
            }
        });
    }
}
