package io.wsgate.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.wsgate.connection.ConnectionRegistry;
import io.wsgate.dispatch.Directory;
import io.wsgate.dispatch.Dispatcher;
import io.wsgate.observe.CounterSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code /ready} of a listener that is bound but whose gateway has not said it started (its other
 * listeners still binding, its state still loading): 503 STARTING while {@code /health} is 200,
 * then READY once told.
 */
class ReadyProbeTest {
    @Test
    void aBoundListenerIsStartingUntilTheGatewaySaysItIsReady() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (var http = HttpClient.newHttpClient()) {
            var counters = new CounterSet();
            var listener = new WebSocketListener(
                    vertx,
                    new Dispatcher(new ConnectionRegistry(), counters, Clock.systemUTC()),
                    () -> new Directory(List.of()),
                    request -> request.response().setStatusCode(404).end(),
                    new HttpServerOptions(),
                    new ConnectionGuard(vertx, counters, Duration.ofSeconds(10), Duration.ofSeconds(60), 64),
                    Optional.empty());
            int port = listener.listen("127.0.0.1", 0, 1)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            URI base = URI.create("http://127.0.0.1:" + port);
            HttpResponse<String> starting = http.send(
                    HttpRequest.newBuilder(base.resolve(WebSocketListener.READY))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.body()).isEqualTo("{\"status\":\"STARTING\"}");
            HttpResponse<String> alive = http.send(
                    HttpRequest.newBuilder(base.resolve(WebSocketListener.HEALTH))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(alive.statusCode()).isEqualTo(200);

            listener.ready();
            HttpResponse<String> ready = http.send(
                    HttpRequest.newBuilder(base.resolve(WebSocketListener.READY))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"status\":\"READY\"}");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
