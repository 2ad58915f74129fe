package io.wsgate.integration.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.wsgate.integration.EventJson;
import io.wsgate.integration.EventType;
import io.wsgate.integration.IntegrationResult;
import io.wsgate.integration.Invoker;
import io.wsgate.integration.InvokerFactory;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.model.Integration;
import io.wsgate.model.InvalidModelException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * Serves {@code HTTP_PROXY} integrations with one pooled keep-alive client for the gateway. The
 * request carries the event as JSON ({@code Content-Type: application/json}); the result is the
 * backend's status, headers and body, whatever the status (on a message route the status does not
 * matter, on {@code $connect} it decides). A refused connection or a broken response is an
 * integration error.
 *
 * <p>{@code $connect} and {@code $disconnect} have a pool of their own per backend, besides the
 * messages' pool: clients flooding a message route can fill the messages' pool and its queue,
 * but other clients still connect, and every {@code $disconnect} still reaches the backend,
 * without waiting behind the flood.
 */
public final class HttpIntegrations implements AutoCloseable {
    /** Connections kept per backend host for messages; enough for a busy backend, bounded for a slow one. */
    static final int POOL_SIZE_PER_HOST = 64;

    /** Connections kept per backend host for {@code $connect} and {@code $disconnect}. */
    static final int LIFECYCLE_POOL_SIZE_PER_HOST = 16;

    private final HttpClient messages;
    private final HttpClient lifecycle;

    public HttpIntegrations(Vertx vertx) {
        this.messages = client(vertx, POOL_SIZE_PER_HOST);
        this.lifecycle = client(vertx, LIFECYCLE_POOL_SIZE_PER_HOST);
    }

    private static HttpClient client(Vertx vertx, int poolSize) {
        return vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(poolSize));
    }

    public InvokerFactory factory() {
        return (api, stage, integration) -> new ProxyInvoker(messages, lifecycle, integration);
    }

    @Override
    public void close() {
        messages.close();
        lifecycle.close();
    }

    /**
     * Checks an HTTP_PROXY integration as binding it would, without a client: for {@code validate}
     * and deployment checks.
     */
    public static InvokerFactory checker() {
        return (api, stage, integration) -> {
            checkedUri(integration);
            return InvokerFactory.UNBOUND;
        };
    }

    /** The integration's URI, if the client can call it: it must parse and name a host. */
    private static String checkedUri(Integration integration) {
        String uri = integration.integrationUri().orElseThrow();
        try {
            if (URI.create(uri).getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("integrationUri", "'" + uri + "' is not a usable URL: " + e.getMessage());
        }
        return uri;
    }

    /** One integration's calls. */
    private static final class ProxyInvoker implements Invoker {
        private final HttpClient messages;
        private final HttpClient lifecycle;
        private final RequestOptions template;
        private final String uri;

        ProxyInvoker(HttpClient messages, HttpClient lifecycle, Integration integration) {
            this.messages = messages;
            this.lifecycle = lifecycle;
            this.uri = checkedUri(integration);
            this.template = new RequestOptions()
                    .setMethod(HttpMethod.valueOf(integration.integrationMethod()))
                    .setAbsoluteURI(uri)
                    // The gateway's own timer decides; this one only frees the pooled connection.
                    .setIdleTimeout(integration.timeoutInMillis() + 1_000L)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        }

        @Override
        public CompletableFuture<IntegrationResult> invoke(WebSocketEvent event) {
            Buffer body = Buffer.buffer(EventJson.write(event));
            var result = new CompletableFuture<IntegrationResult>();
            HttpClient client = event.eventType() == EventType.MESSAGE ? messages : lifecycle;
            var options = new RequestOptions(template);
            if (event.trace() != null) { // the backend continues the event's span
                options.putHeader("traceparent", event.trace().traceparent())
                        .putHeader("X-Amzn-Trace-Id", event.trace().amznTraceId());
            }
            Future<HttpClientRequest> request = client.request(options);
            request.compose(r -> {
                        if (result.isDone()) { // timed out while waiting for a pooled connection
                            r.reset();
                            return Future.failedFuture("abandoned: the integration timed out");
                        }
                        return r.send(body);
                    })
                    .compose(response -> response.body().map(b -> read(response, b)))
                    .onComplete(ar -> result.complete(ar.succeeded() ? ar.result() : failure(ar.cause())));
            // When the gateway's timer completes the future first, drop the request under way.
            result.whenComplete((r, e) -> {
                if (request.succeeded() && !request.result().response().isComplete()) {
                    request.result().reset();
                }
            });
            return result;
        }

        private static IntegrationResult read(HttpClientResponse response, Buffer body) {
            Map<String, String> headers = new HashMap<>();
            response.headers().forEach((name, value) -> headers.put(name, value));
            return new IntegrationResult.Response(
                    OptionalInt.of(response.statusCode()),
                    headers,
                    body.length() == 0 ? Optional.empty() : Optional.of(body.toString()));
        }

        /** A transport failure; timeouts are the gateway's timer's to report, as it fires first. */
        private IntegrationResult failure(Throwable cause) {
            return new IntegrationResult.Failed(
                    IntegrationResult.Failure.ERROR, template.getMethod() + " " + uri + ": " + cause);
        }

        @Override
        public String toString() {
            return "HttpProxy{" + template.getMethod() + " " + uri + "}";
        }
    }
}
