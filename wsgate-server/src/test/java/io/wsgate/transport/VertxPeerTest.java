package io.wsgate.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The peer over a real Vert.x socket, where the socket's own rules could leak through. */
class VertxPeerTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A Vert.x server on a free loopback port handing its sockets to {@code onSocket}, and a JDK client on it. */
    private WebSocket serveAndConnect(Handler<ServerWebSocket> onSocket) throws Exception {
        HttpServer server = vertx.createHttpServer()
                .webSocketHandler(onSocket)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        return HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.actualPort() + "/"), new WebSocket.Listener() {})
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSocketThatHasClosedIsNotFullAndTakesWritesWithoutThrowing() throws Exception {
        var upgraded = new CompletableFuture<ServerWebSocket>();
        var closed = new CompletableFuture<Void>();
        var context = new CompletableFuture<Context>();
        WebSocket client = serveAndConnect(ws -> {
            ws.closeHandler(v -> closed.complete(null));
            context.complete(Vertx.currentContext());
            upgraded.complete(ws);
        });
        ServerWebSocket socket = upgraded.get(10, TimeUnit.SECONDS);
        var peer = new VertxPeer(context.get(), 1024);
        var attached = new CompletableFuture<Void>();
        context.get().runOnContext(v -> {
            peer.attach(socket);
            attached.complete(null);
        });
        attached.get(10, TimeUnit.SECONDS);

        client.abort(); // the socket closes on the server's loop; a sender on another thread has not heard yet
        closed.get(10, TimeUnit.SECONDS);

        // Vert.x's own writeQueueFull() throws "WebSocket is closed" here.
        assertThat(peer.writeQueueFull()).isFalse();
        peer.sendText("too late"); // dropped, not thrown
    }

    @Test
    void theClientsCloseFrameMarksThePeerClosedBeforeTheEndIsHeard() throws Exception {
        var peer = new CompletableFuture<VertxPeer>();
        var atCloseFrame = new CompletableFuture<Boolean>();
        WebSocket client = serveAndConnect(ws -> {
            var attached = new VertxPeer(Vertx.currentContext(), 1024);
            attached.attach(ws);
            // Vert.x hands the close frame over before it closes the connection and calls the
            // close handler, which is where the gateway hears of the end.
            ws.frameHandler(frame -> {
                if (frame.isClose()) {
                    atCloseFrame.complete(attached.clientClosed());
                }
            });
            peer.complete(attached);
        });
        assertThat(peer.get(10, TimeUnit.SECONDS).clientClosed()).isFalse();

        client.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);

        assertThat(atCloseFrame.get(10, TimeUnit.SECONDS)).isTrue();
    }
}
