package io.wsgate.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The other end of a bootstrap: AWS's Lambda Runtime API (2018-06-01) as documented, on loopback
 * port 0. {@code next} long-polls until the test offers an invocation; every POST the bootstrap
 * makes is answered 202 and kept for the test to read, in order.
 */
final class RuntimeApiPeer implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime";
    static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:echo";

    /** An invocation handed out by {@code next}. */
    record Invocation(String id, long deadlineMs, String event) {}

    /** A POST from the bootstrap: the path after the API prefix, its error-type header, the body. */
    record Post(String path, String errorTypeHeader, String body) {}

    private final HttpServer server;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final BlockingQueue<Post> posts = new LinkedBlockingQueue<>();
    private volatile boolean stopped;

    RuntimeApiPeer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(PREFIX + "/", this::handle);
        server.start();
    }

    /** What AWS_LAMBDA_RUNTIME_API is set to. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an invocation whose deadline is {@code timeout} from now. */
    Invocation offer(String id, String event, Duration timeout) {
        var invocation = new Invocation(id, System.currentTimeMillis() + timeout.toMillis(), event);
        pending.add(invocation);
        return invocation;
    }

    /** The next POST the bootstrap makes; fails after 20 s. */
    Post awaitPost() throws InterruptedException {
        Post post = posts.poll(20, TimeUnit.SECONDS);
        if (post == null) {
            throw new AssertionError("the bootstrap posted nothing within 20 s");
        }
        return post;
    }

    /** Stops answering: open polls are dropped and new connections refused. */
    @Override
    public void close() {
        stopped = true;
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestMethod().equals("GET") && path.equals("/invocation/next")) {
                next(exchange);
            } else if (exchange.getRequestMethod().equals("POST")) {
                posts.add(new Post(
                        path,
                        exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"),
                        new String(body, StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(202, -1);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Invocation invocation = null;
        try {
            // Bounded by the peer's life: each wait is short so that close() ends the poll.
            while (invocation == null && !stopped) {
                invocation = pending.poll(50, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (invocation == null) {
            return; // stopping: the connection is dropped unanswered, as when the host dies
        }
        var headers = exchange.getResponseHeaders();
        Map.of(
                        "Lambda-Runtime-Aws-Request-Id",
                        invocation.id(),
                        "Lambda-Runtime-Deadline-Ms",
                        Long.toString(invocation.deadlineMs()),
                        "Lambda-Runtime-Invoked-Function-Arn",
                        ARN,
                        "Lambda-Runtime-Trace-Id",
                        "Root=1-5e1b4151-43a0913a12345678901234567;Sampled=0",
                        "Content-Type",
                        "application/json")
                .forEach(headers::add);
        byte[] event = invocation.event().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, event.length);
        exchange.getResponseBody().write(event);
    }
}
