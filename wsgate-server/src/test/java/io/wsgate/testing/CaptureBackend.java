package io.wsgate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A minimal HTTP backend on a real loopback socket: records every request and answers what the
 * test says, as an HTTP_PROXY integration's backend would.
 */
public final class CaptureBackend implements AutoCloseable {
    /** A request as received. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body, int remotePort) {}

    /** What to answer. */
    public record Response(int status, Map<String, String> headers, String body, Duration delay) {
        public static Response of(int status, String body) {
            return new Response(status, Map.of(), body, Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private volatile Function<Request, Response> answer = r -> Response.of(200, "");

    /** Starts a backend on a free loopback port. */
    public static CaptureBackend start() {
        try {
            return new CaptureBackend();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private CaptureBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void answer(Function<Request, Response> function) {
        this.answer = function;
    }

    /** The next request, waiting up to {@link TestClient#WAIT}. */
    public Request awaitRequest() {
        return Await.next(requests, "request");
    }

    /** The next request that {@code wanted} accepts, skipping others. */
    public Request awaitRequest(Predicate<Request> wanted) {
        while (true) {
            Request request = awaitRequest();
            if (wanted.test(request)) {
                return request;
            }
        }
    }

    /**
     * One request for each of {@code wanted}, in that order whatever order they arrived in (requests
     * from different connections race), skipping requests none of them accepts.
     */
    @SafeVarargs
    public final List<Request> awaitEach(Predicate<Request>... wanted) {
        var found = new Request[wanted.length];
        for (int missing = wanted.length; missing > 0; ) {
            Request request = awaitRequest();
            for (int i = 0; i < wanted.length; i++) {
                if (found[i] == null && wanted[i].test(request)) {
                    found[i] = request;
                    missing--;
                    break;
                }
            }
        }
        return List.of(found);
    }

    public int pending() {
        return requests.size();
    }

    public void clear() {
        requests.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var request = new Request(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders(),
                body,
                exchange.getRemoteAddress().getPort());
        requests.add(request);
        Response response = answer.apply(request);
        if (!response.delay().isZero()) {
            try {
                Thread.sleep(response.delay()); // the backend's own slowness, not a wait for an event
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
