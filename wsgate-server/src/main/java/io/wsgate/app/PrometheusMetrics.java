package io.wsgate.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.wsgate.connection.Connection;
import io.wsgate.connection.ConnectionRegistry;
import io.wsgate.observe.Counter;
import io.wsgate.observe.CounterSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /metrics} in Prometheus's text format (Micrometer's registry): every {@link Counter}
 * as {@code wsgate_<name>_total} (read from the counters when scraped, so counting stays what it
 * was on the hot path: one {@code LongAdder} increment), the connections open now in all and per
 * API and stage ({@code wsgate_connections}, {@code wsgate_stage_connections{api_id,stage}}), and
 * the JVM's and the process's own (memory, GC, threads, classes, CPU, uptime, file descriptors).
 */
final class PrometheusMetrics {
    /** Where it is served, on the control-plane listener. */
    static final String PATH = "/metrics";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConnectionRegistry connections;
    private final MultiGauge perStage;

    PrometheusMetrics(CounterSet counters, ConnectionRegistry connections) {
        this.connections = connections;
        for (Counter counter : Counter.values()) {
            FunctionCounter.builder("wsgate." + counter.metricName(), counters, c -> c.count(counter))
                    .register(registry);
        }
        Gauge.builder("wsgate.connections", connections, ConnectionRegistry::size)
                .description("connections open now")
                .register(registry);
        perStage = MultiGauge.builder("wsgate.stage.connections")
                .description("connections open now, by API and stage")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /**
     * The reports with labels, as meters: {@code wsgate_disconnects_total{code}} (close codes 1000 to
     * 1015 as they are, {@code 3xxx} and {@code 4xxx} for the ranges applications use, {@code other}
     * beyond, so a client cannot make a series per code), {@code
     * wsgate_connects_refused_total{status}}, {@code wsgate_function_duration_seconds{function,start}}
     * ({@code cold} or {@code warm}, a histogram), {@code wsgate_function_cold_starts_total{function}}
     * and {@code wsgate_function_init_seconds{function}} (a cold process's start), {@code
     * wsgate_pushes_total{result}}, and {@code wsgate_control_calls_total{operation,status}} (an operation as its method and path template).
     */
    io.wsgate.observe.Metrics labelled() {
        var byCode = new java.util.concurrent.ConcurrentHashMap<String, io.micrometer.core.instrument.Counter>();
        var byStatus = new java.util.concurrent.ConcurrentHashMap<String, io.micrometer.core.instrument.Counter>();
        return new io.wsgate.observe.Metrics() {
            @Override
            public void increment(Counter counter) {
                // counted by the counters themselves
            }

            @Override
            public void disconnected(int code) {
                String label = code >= 1000 && code <= 1015
                        ? Integer.toString(code)
                        : code >= 3000 && code <= 3999 ? "3xxx" : code >= 4000 && code <= 4999 ? "4xxx" : "other";
                byCode.computeIfAbsent(
                                label,
                                l -> counter(
                                        "wsgate.disconnects", "connections ended, by close code", Tags.of("code", l)))
                        .increment();
            }

            @Override
            public void connectRefused(int status) {
                String label = status >= 100 && status <= 599 ? Integer.toString(status) : "other";
                byStatus.computeIfAbsent(
                                label,
                                l -> counter(
                                        "wsgate.connects.refused",
                                        "handshakes refused after they reached a stage, by status",
                                        Tags.of("status", l)))
                        .increment();
            }

            @Override
            public void functionInvoked(String function, long durationNanos, long initNanos) {
                boolean cold = initNanos >= 0;
                io.micrometer.core.instrument.Timer.builder("wsgate.function.duration")
                        .description("local functions' invocations, from the event sent to the answer")
                        .serviceLevelObjectives(LATENCY_BUCKETS)
                        .tags("function", function, "start", cold ? "cold" : "warm")
                        .register(registry)
                        .record(durationNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
                if (cold) {
                    counter(
                                    "wsgate.function.cold_starts",
                                    "local functions' processes started for an invocation",
                                    Tags.of("function", function))
                            .increment();
                    io.micrometer.core.instrument.Timer.builder("wsgate.function.init")
                            .description("from a cold process's start to its first request for work")
                            .tags("function", function)
                            .register(registry)
                            .record(initNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
                }
            }

            @Override
            public void pushed(String result) {
                counter("wsgate.pushes", "@connections posts, by what became of them", Tags.of("result", result))
                        .increment();
            }

            @Override
            public void controlCall(String operation, int status) {
                counter(
                                "wsgate.control.calls",
                                "control-plane calls, by operation and the status answered",
                                Tags.of("operation", operation, "status", Integer.toString(status)))
                        .increment();
            }
        };
    }

    /** IntegrationLatency's buckets: from a quick in-process handler to API Gateway's 29 s limit. */
    private static final java.time.Duration[] LATENCY_BUCKETS = java.util.stream.LongStream.of(
                    1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 29_000)
            .mapToObj(java.time.Duration::ofMillis)
            .toArray(java.time.Duration[]::new);

    /**
     * What {@code stage} reports, under CloudWatch's names and dimensions for WebSocket APIs
     * ({@code ApiId}, {@code Stage}): {@code ConnectCount}, {@code MessageCount}, {@code
     * ClientError}, {@code IntegrationError} and {@code ExecutionError} as counters, {@code
     * IntegrationLatency} as a histogram. A stage served again after it was removed reports to the
     * same meters.
     */
    io.wsgate.observe.StageMetrics forStage(io.wsgate.dispatch.StageRuntime stage) {
        Meters stageMeters = new Meters("", Tags.of("ApiId", stage.apiId(), "Stage", stage.stageName()));
        var routes = new java.util.concurrent.ConcurrentHashMap<String, io.wsgate.observe.StageMetrics>();
        return new Reported(List.of(stageMeters)) {
            @Override
            public io.wsgate.observe.StageMetrics route(String routeKey) {
                return routes.computeIfAbsent(
                        routeKey,
                        key -> new Reported(List.of(
                                stageMeters,
                                new Meters(
                                        "ByRoute",
                                        Tags.of("ApiId", stage.apiId(), "Stage", stage.stageName(), "Route", key)))));
            }
        };
    }

    /**
     * CloudWatch's meters under one set of dimensions. Prometheus wants one set of labels per name,
     * so the {@code ApiId}+{@code Stage}+{@code Route} set that {@code detailedMetricsEnabled}
     * adds is its own family, each name ending in {@code ByRoute} ({@code ConnectCountByRoute}).
     */
    private final class Meters {
        final io.micrometer.core.instrument.Counter connect;
        final io.micrometer.core.instrument.Counter message;
        final io.micrometer.core.instrument.Counter client;
        final io.micrometer.core.instrument.Counter integration;
        final io.micrometer.core.instrument.Counter execution;
        final io.micrometer.core.instrument.Timer latency;

        Meters(String suffix, Tags tags) {
            connect = counter(
                    "ConnectCount" + suffix, "$connect requests sent to the $connect route's integration", tags);
            message = counter("MessageCount" + suffix, "messages from and to clients", tags);
            client =
                    counter("ClientError" + suffix, "4XX answers the gateway gave before calling an integration", tags);
            integration = counter("IntegrationError" + suffix, "4XX and 5XX answers from integrations", tags);
            execution = counter(
                    "ExecutionError" + suffix, "integrations that could not be called, failed or timed out", tags);
            latency = io.micrometer.core.instrument.Timer.builder("IntegrationLatency" + suffix)
                    .description("from the call to an integration to its answer")
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .tags(tags)
                    .register(registry);
        }
    }

    /** Reports each event to every one of {@code meters} (a loop: no lambda is made per event). */
    private static class Reported implements io.wsgate.observe.StageMetrics {
        private final List<Meters> meters;

        Reported(List<Meters> meters) {
            this.meters = meters;
        }

        @Override
        public void connect() {
            for (Meters each : meters) {
                each.connect.increment();
            }
        }

        @Override
        public void message() {
            for (Meters each : meters) {
                each.message.increment();
            }
        }

        @Override
        public void clientError() {
            for (Meters each : meters) {
                each.client.increment();
            }
        }

        @Override
        public void integrationError() {
            for (Meters each : meters) {
                each.integration.increment();
            }
        }

        @Override
        public void executionError() {
            for (Meters each : meters) {
                each.execution.increment();
            }
        }

        @Override
        public void integrationLatency(long nanos) {
            for (Meters each : meters) {
                each.latency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        }
    }

    private io.micrometer.core.instrument.Counter counter(String name, String description, Tags tags) {
        return io.micrometer.core.instrument.Counter.builder(name)
                .description(description)
                .tags(tags)
                .register(registry);
    }

    /** The text a scrape gets: the per-stage counts taken now. */
    String scrape() {
        var counts = new HashMap<Map.Entry<String, String>, Integer>();
        for (Connection c : connections.all()) {
            counts.merge(Map.entry(c.apiId(), c.stage()), 1, Integer::sum);
        }
        var rows = new ArrayList<MultiGauge.Row<?>>();
        counts.forEach((stage, n) ->
                rows.add(MultiGauge.Row.of(Tags.of("api_id", stage.getKey(), "stage", stage.getValue()), n)));
        perStage.register(rows, true); // stages without connections drop out
        return registry.scrape();
    }

    /** Answers {@code GET} (and {@code HEAD}) with {@link #scrape()}; other methods get 405. */
    Handler<HttpServerRequest> handler() {
        return request -> {
            if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
                request.response()
                        .setStatusCode(405)
                        .putHeader(HttpHeaders.ALLOW, "GET, HEAD")
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end("{\"message\":\"Method Not Allowed\"}");
                return;
            }
            request.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(scrape());
        };
    }

    void close() {
        registry.close();
    }
}
