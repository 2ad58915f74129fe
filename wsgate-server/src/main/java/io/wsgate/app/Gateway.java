package io.wsgate.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.wsgate.auth.Iam;
import io.wsgate.auth.Identity;
import io.wsgate.config.ConfigFile;
import io.wsgate.config.GatewaySettings;
import io.wsgate.connection.ConnectionRegistry;
import io.wsgate.connection.Connections;
import io.wsgate.connection.LocalConnections;
import io.wsgate.console.Console;
import io.wsgate.dispatch.Deployer;
import io.wsgate.dispatch.Dispatcher;
import io.wsgate.dispatch.StageRuntime;
import io.wsgate.dispatch.Sweeper;
import io.wsgate.integration.FunctionInvoker;
import io.wsgate.integration.Functions;
import io.wsgate.integration.InvokerFactory;
import io.wsgate.integration.MockInvoker;
import io.wsgate.integration.http.HttpIntegrations;
import io.wsgate.integration.lambda.LambdaIntegrations;
import io.wsgate.management.ManagementApi;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.IntegrationType;
import io.wsgate.model.InvalidModelException;
import io.wsgate.model.Limits;
import io.wsgate.model.Problem;
import io.wsgate.model.RuntimeFunction;
import io.wsgate.observe.CounterSet;
import io.wsgate.runtime.RuntimeHost;
import io.wsgate.tracing.OpenTelemetryTracing;
import io.wsgate.transport.ConnectionGuard;
import io.wsgate.transport.LoopTimeouts;
import io.wsgate.transport.TlsPolicy;
import io.wsgate.transport.WebSocketListener;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the APIs it serves, on one listener. Build one with {@link #builder()}, or
 * from a file with {@link #fromFile(ConfigFile)}.
 *
 * <pre>{@code
 * try (Gateway gateway = Gateway.builder()
 *         .api(Api.builder("echo").integration(...).route(...).stage("dev").build())
 *         .function("Echo", (event, context) -> Reply.body(event.body()))
 *         .port(0)
 *         .start()) {
 *     URI url = gateway.stageUrl("echo", "dev");
 * }
 * }</pre>
 *
 * <p>Start order: the same check as {@link Builder#check()} (every problem is reported before
 * anything is made), functions, Vert.x, the deployer binding every integration, the dispatcher and sweeper, the listener. {@link #stop()} drains in reverse: upgrades
 * are refused, every connection is closed with 1001 and its {@code $disconnect} awaited for the
 * drain window, then the listener and Vert.x close.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static final int WEBSOCKET_CLOSING_TIMEOUT_SECONDS = 5;

    /**
     * Connections the control plane holds at once: it answers 10 requests a second (AWS's
     * throttle), so a few dozen callers at most have reason to be connected; the rest get 503.
     */
    public static final int CONTROL_MAX_CONNECTIONS = 128;

    private final GatewaySettings settings;
    private final List<Identity> identities;
    private final Iam iam;
    private final int eventLoops;
    private final CounterSet counters = new CounterSet();
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final PrometheusMetrics metrics = new PrometheusMetrics(counters, registry);
    private final AccessLogs accessLogs;
    private final java.util.Optional<OpenTelemetryTracing> otel;
    private final LocalConnections connections;
    private final Vertx vertx;
    private final HttpIntegrations http;
    private final LambdaIntegrations lambda;
    private final RuntimeHost runtimes;
    private final Dispatcher dispatcher;
    private final StageSet stageSet;
    private final ControlPlane control; // null without a control plane
    private final Sweeper sweeper;
    private final WebSocketListener listener;
    private final WebSocketListener tlsListener; // null without TLS
    private final java.util.Optional<DevTls> devTls;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    private Gateway(Builder b) {
        this.settings = b.settings;
        this.eventLoops = b.eventLoops;
        counters.labelledTo(metrics.labelled());
        this.connections = new LocalConnections(registry, b.clock, counters);
        this.accessLogs = new AccessLogs(
                settings.accessLogs(),
                settings.control()
                        .map(GatewaySettings.Control::dataDirectory)
                        .orElse(GatewaySettings.Control.DEFAULT.dataDirectory()),
                b.clock,
                counters);
        b.logRetentions.forEach(accessLogs::retention);
        this.otel = settings.tracing().map(t -> new OpenTelemetryTracing(t, Version.current()));
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(b.eventLoops));
        List<Api> fileApis = List.copyOf(b.apis);
        RuntimeHost made = null;
        java.util.Optional<DevTls> dev = java.util.Optional.empty();
        try {
            this.http = new HttpIntegrations(vertx);
            this.lambda = new LambdaIntegrations(settings.lambda());
            dev = DevTls.start(settings, counters);
            this.devTls = dev;
            String region = settings.control()
                    .map(GatewaySettings.Control::region)
                    .orElse(GatewaySettings.Control.DEFAULT_REGION);
            String accountId = settings.control()
                    .map(GatewaySettings.Control::accountId)
                    .orElse(GatewaySettings.Control.DEFAULT_ACCOUNT);
            this.identities = List.copyOf(b.identities);
            this.iam = new Iam(region, "execute-api", identities, b.clock);
            var usagePlans = new io.wsgate.dispatch.UsagePlans(b.clock);
            usagePlans.fix(b.apiKeys, b.usagePlans);
            // Read when a process starts: the port bound by then, the APIs deployed by then.
            var callbacks = DevTls.callbacks(dev, () -> hostForUrl() + ":" + port(), this::apiIds)
                    .withRoles(iam::byArn);
            var timeouts = new LoopTimeouts(vertx);
            made = new RuntimeHost(
                    vertx,
                    b.runtimeFunctions,
                    settings.runtimes(),
                    counters,
                    settings.hotReload(),
                    callbacks,
                    timeouts);
            this.runtimes = made;
            Functions functions = b.functions.build();
            InvokerFactory invokers = InvokerFactory.byType(Map.of(
                    IntegrationType.AWS_PROXY,
                    FunctionInvoker.factory(functions, connections, runtimes.factory(lambda.factory())),
                    IntegrationType.HTTP_PROXY,
                    http.factory(),
                    IntegrationType.MOCK,
                    MockInvoker.factory()));
            var authorizing = new Deployer.Authorizing(
                    FunctionInvoker.binder(
                            functions, connections, Integration.MAX_TIMEOUT_MILLIS, runtimes.binder(lambda.binder())),
                    region,
                    accountId,
                    iam,
                    usagePlans,
                    b.jwt,
                    counters);
            var deployer = new Deployer(invokers, timeouts, authorizing);
            List<StageRuntime> stages;
            try {
                stages = deployer.deploy(b.apis);
            } catch (InvalidModelException e) {
                var all = new ArrayList<>(b.problems);
                all.addAll(e.problems());
                throw new InvalidModelException(all);
            }
            if (!b.problems.isEmpty()) {
                throw new InvalidModelException(b.problems);
            }
            this.stageSet = new StageSet(deployer, registry, b.apis, stages, metrics::forStage, accessLogs::forStage);
            this.dispatcher = new Dispatcher(
                    registry, counters, b.clock, settings.limits().maxInFlight(), tracing());
            // The largest frame any API allows: AWS's for the control plane's APIs.
            int maxFrame = Math.max(
                    Limits.AWS.maxFrameBytes(),
                    b.apis.stream()
                            .mapToInt(a -> a.limits().maxFrameBytes())
                            .max()
                            .orElse(0));
            int maxMessage = Math.max(
                    Limits.AWS.maxMessageBytes(),
                    b.apis.stream()
                            .mapToInt(a -> a.limits().maxMessageBytes())
                            .max()
                            .orElse(0));
            var options = new HttpServerOptions()
                    .setMaxWebSocketFrameSize(maxFrame)
                    .setMaxWebSocketMessageSize(maxMessage)
                    .setTcpNoDelay(true)
                    .setReuseAddress(true)
                    // HTTP/1.1 only: WebSocket upgrades and the management API need nothing else.
                    .setHttp2ClearTextEnabled(false)
                    // Every HTTP answer is written on the request's event loop (upgrades return to it
                    // after $connect; the management API answers in line). In this mode Vert.x 5.1
                    // builds no write queue for the HTTP connection, which outlives the upgrade:
                    // 4.2 KB less per WebSocket (S1 in BENCHMARKS.md, 15.4 KB to 10.7 KB).
                    .setStrictThreadMode(true)
                    // No permessage-deflate nor deflate-frame (Vert.x offers both by default): Vert.x
                    // inflates a compressed message whole before its size is checked, so 32 KB could
                    // take 32 MB. Declining is allowed by RFC 7692; clients then send uncompressed,
                    // and a frame with RSV1 set is a protocol error (1002).
                    .setPerMessageWebSocketCompressionSupported(false)
                    .setPerFrameWebSocketCompressionSupported(false)
                    // After a 1000 or 1001 close frame, how long the client has to answer before TCP
                    // is closed; within drain-timeout's default, so $disconnect runs during a drain.
                    .setWebSocketClosingTimeout(WEBSOCKET_CLOSING_TIMEOUT_SECONDS);
            var management = new ManagementApi(
                            connections,
                            stageSet::directory,
                            settings.managementCallers(iam.enforced()),
                            iam,
                            region,
                            accountId,
                            counters)
                    .traced(tracing());
            this.listener = new WebSocketListener(
                    vertx, dispatcher, stageSet::directory, management, options, guard(), dev.map(DevTls::tls));
            this.tlsListener = settings.tls()
                    .map(tls -> new WebSocketListener(
                            vertx,
                            dispatcher,
                            stageSet::directory,
                            management,
                            TlsPolicy.apply(new HttpServerOptions(options))
                                    .setSsl(true)
                                    .setSni(true)
                                    .setKeyCertOptions(keys(tls)),
                            guard(),
                            java.util.Optional.empty()))
                    .orElse(null);
            this.control = settings.control()
                    .map(c -> new ControlPlane(
                            vertx,
                            c,
                            b.checker(),
                            stageSet,
                            this::dataPlaneBase,
                            b.clock,
                            counters,
                            controlGuard(),
                            runtimes,
                            iam,
                            usagePlans,
                            metrics.handler(),
                            new Console(
                                    vertx,
                                    iam.forService("apigateway"),
                                    region,
                                    accountId,
                                    () -> servedApis(fileApis),
                                    this::stageUrl,
                                    registry,
                                    connections,
                                    counters,
                                    accessLogs::files,
                                    b.clock)))
                    .orElse(null);
            // Last: it starts a thread, and nothing after it can fail.
            this.sweeper = new Sweeper(
                    registry,
                    b.clock,
                    counters,
                    Sweeper.intervalFor(b.apis.stream().map(Api::limits).toList()));
        } catch (RuntimeException e) {
            if (made != null) {
                made.stop();
            }
            dev.ifPresent(DevTls::close);
            accessLogs.close();
            otel.ifPresent(OpenTelemetryTracing::close);
            vertx.close();
            throw e;
        }
    }

    /** The default certificate first (used when no other names the host), then one per domain. */
    private static PemKeyCertOptions keys(GatewaySettings.Tls tls) {
        var keys = new PemKeyCertOptions()
                .addCertPath(tls.certificate().toString())
                .addKeyPath(tls.key().toString());
        for (GatewaySettings.Certificate more : tls.certificates()) {
            keys.addCertPath(more.certificate().toString())
                    .addKeyPath(more.key().toString());
        }
        return keys;
    }

    /** The APIs the console shows: the file's, then the control plane's. */
    private List<Console.ServedApi> servedApis(List<Api> fileApis) {
        var served = new java.util.ArrayList<Console.ServedApi>();
        fileApis.forEach(api -> served.add(new Console.ServedApi(api, "file")));
        if (control != null) {
            io.wsgate.control.Snapshots.apis(control.store().state())
                    .forEach(api -> served.add(new Console.ServedApi(api, "control plane")));
        }
        return served;
    }

    private java.util.Set<String> apiIds() {
        return stageSet.directory().stages().stream()
                .map(StageRuntime::apiId)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** {@code ws://host:port}, what the control plane's {@code apiEndpoint} starts with. */
    private String dataPlaneBase() {
        return "ws://" + hostForUrl() + ":" + port();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with the file's APIs, functions and settings. The file's problems, and those of
     * functions that cannot be made, are kept: {@link Builder#check()} lists them with the rest,
     * and {@link Builder#start()} refuses to start with them.
     */
    public static Builder fromFile(ConfigFile file) {
        return fromFile(file, List.of());
    }

    /**
     * As {@link #fromFile(ConfigFile)}, with the classes {@code functions} names looked for on
     * wsgate's class path, then in {@code classpath} (directories and jars), then in the file's
     * {@code gateway.classpath}.
     */
    public static Builder fromFile(ConfigFile file, List<java.nio.file.Path> classpath) {
        var entries = new ArrayList<>(classpath);
        entries.addAll(file.classpath());
        ClassLoader loader = UserClasses.loader(entries);
        var b = builder().settings(file.settings()).apis(file.apis());
        b.problems.addAll(file.problems());
        b.incomplete.addAll(file.incompleteApis());
        b.runtimeFunctions.addAll(file.runtimeFunctions());
        b.identities.addAll(file.identities());
        b.apiKeys.addAll(file.apiKeys());
        b.usagePlans.addAll(file.usagePlans());
        file.functions().forEach((name, className) -> {
            try {
                b.functions.className(name, className, loader);
            } catch (IllegalArgumentException e) {
                var problem = new Problem("functions." + name, e.getMessage());
                if (!b.problems.contains(problem)) { // the file may have found it already
                    b.problems.add(problem);
                }
                // Stands in, so that integrations naming it are not reported as well.
                b.functions.handler(name, (event, context) -> {
                    throw new IllegalStateException("function " + name + " could not be made");
                });
            }
        });
        return b;
    }

    /** Listens; returns once every listener is bound. A listener that cannot bind is named. */
    private Gateway listen() {
        int instances = eventLoops;
        bind(
                "WebSocket",
                settings.host(),
                settings.port(),
                () -> listener.listen(settings.host(), settings.port(), instances));
        if (tlsListener != null) {
            int tls = settings.tls().orElseThrow().port();
            bind("TLS", settings.host(), tls, () -> tlsListener.listen(settings.host(), tls, instances));
        }
        if (control != null) {
            bind("control plane", control.host(), control.requestedPort(), control::listen);
        }
        log.info(
                "wsgate {} listening on {}:{}{}",
                Version.current(),
                settings.host(),
                port(),
                tlsListener == null ? "" : " and (TLS) " + settings.host() + ":" + tlsPort());
        devTls.ifPresent(d -> log.info("{}", d.describe(hostForUrl(), port())));
        settings.tracing()
                .ifPresent(t -> log.info(
                        "tracing: spans of service {} to {} over OTLP/HTTP, {}% of new traces",
                        t.serviceName(), t.endpoint(), Math.round(t.sampleRatio() * 100)));
        if (control != null) {
            log.info(
                    "control plane (apigatewayv2) on {} with state in {}",
                    control.boundUrl(),
                    control.store().path());
            if (iam.enforced()) {
                log.info(
                        "request signatures are checked: the control plane, the Lambda Invoke API and @connections"
                                + " answer calls signed by one of {} identities, as their policies allow",
                        identities.size());
            } else if (!isLoopback(control.host())) {
                log.warn(
                        "control plane host={} is reachable beyond loopback and is unauthenticated: anyone who"
                                + " can reach {} can create, change and delete APIs (request signatures are checked"
                                + " only once identities: are configured). Keep control-host at 127.0.0.1, or allow"
                                + " only trusted hosts to reach the port.",
                        control.host(),
                        control.boundUrl());
            }
        }
        listener.ready();
        if (tlsListener != null) {
            tlsListener.ready();
        }
        stageSet.onAdded(this::logStage); // stages the control plane deploys from now on
        stageSet.directory().stages().forEach(this::logStage);
        return this;
    }

    /** One line per stage: where clients connect (and, with a TLS listener, its wss:// URL) and where backends push. */
    private void logStage(StageRuntime stage) {
        log.info(
                "  api={} ({}) stage={}  connect: {}{}  @connections: {}/@connections/{connectionId}",
                stage.apiId(),
                stage.apiName(),
                stage.stageName(),
                stageUrl(stage.apiId(), stage.stageName()),
                tlsListener == null
                        ? ""
                        : "  tls: wss://" + hostForUrl() + ":" + tlsPort() + "/" + stage.apiId() + "/"
                                + stage.stageName(),
                managementUrl(stage.apiId(), stage.stageName()));
    }

    /** Binds one listener, or stops everything and says which listener, address and port failed. */
    private void bind(String what, String host, int port, java.util.function.Supplier<Future<Integer>> listen) {
        try {
            listen.get().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            close();
            Throwable cause =
                    e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(
                    "cannot listen on " + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + " (the " + what
                            + " listener): " + cause.getMessage(),
                    e);
        }
    }

    /** Whether {@code host} names only this machine; a name that does not resolve is taken as not. */
    static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    public int port() {
        return listener.port();
    }

    /** The TLS listener's port, or 0 when there is none. */
    public int tlsPort() {
        return tlsListener == null ? 0 : tlsListener.port();
    }

    /**
     * The PEM file of the CA that signed the data-plane port's development certificate, what a
     * client trusts for {@code https://}/{@code wss://} there; empty when {@code dev-tls} is off.
     */
    public java.util.Optional<java.nio.file.Path> devTlsCa() {
        return devTls.map(DevTls::ca);
    }

    /** The control plane's port, or 0 when there is none. */
    public int controlPort() {
        return control == null ? 0 : control.url().getPort();
    }

    /** The endpoint to give an {@code ApiGatewayV2} client, or empty without a control plane. */
    public java.util.Optional<URI> controlUrl() {
        return control == null ? java.util.Optional.empty() : java.util.Optional.of(control.url());
    }

    public String host() {
        return settings.host();
    }

    /** The URL clients connect to for {@code apiId}'s stage {@code stage}. */
    public URI stageUrl(String apiId, String stage) {
        return URI.create("ws://" + hostForUrl() + ":" + port() + "/" + apiId + "/" + stage);
    }

    /** The endpoint to give an {@code ApiGatewayManagementApi} client for that stage. */
    public URI managementUrl(String apiId, String stage) {
        return URI.create("http://" + hostForUrl() + ":" + port() + "/" + apiId + "/" + stage);
    }

    private String hostForUrl() {
        return urlHost(settings.host());
    }

    /** How a URL names a listener bound to {@code host}: loopback for a wildcard address. */
    static String urlHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** The in-process management client, for every API and stage of this gateway. */
    public Connections connections() {
        return connections;
    }

    public CounterSet counters() {
        return counters;
    }

    /** How many connections are open. */
    public int connectionCount() {
        return registry.size();
    }

    public List<StageRuntime> stages() {
        return stageSet.directory().stages();
    }

    /** Where spans go: OpenTelemetry's exporter when {@code gateway.tracing} is set, else none made. */
    io.wsgate.observe.Tracing tracing() {
        return otel.<io.wsgate.observe.Tracing>map(t -> t).orElse(io.wsgate.observe.Tracing.OFF);
    }

    /** Sends the spans ended so far (for tests). */
    void flushSpans() {
        otel.ifPresent(t -> t.flush(java.time.Duration.ofSeconds(10)));
    }

    /** The stages' access logs: where their lines go, and the retention of each log group. */
    AccessLogs accessLogs() {
        return accessLogs;
    }

    /**
     * Drains and stops: refuses new upgrades, closes every connection with 1001, waits up to the
     * drain window for {@code $disconnect} to be answered, then closes the listener. Idempotent.
     */
    public CompletableFuture<Void> stop() {
        if (!stopping.compareAndSet(false, true)) {
            return stopped;
        }
        long drainMillis = settings.drainTimeout().toMillis();
        log.info("draining connections={} window={}ms", registry.size(), drainMillis);
        runtimes.draining(settings.drainTimeout()); // $disconnect still reaches local functions
        dispatcher
                .drain()
                .completeOnTimeout(null, drainMillis, TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> {
                    if (registry.size() > 0) {
                        log.warn("drain window over with connections={} still open", registry.size());
                    }
                    sweeper.close();
                    listener.close()
                            .eventually(() -> tlsListener == null ? Future.succeededFuture() : tlsListener.close())
                            .eventually(() -> control == null ? Future.succeededFuture() : control.close())
                            .eventually(() -> Future.fromCompletionStage(runtimes.stop()))
                            .eventually(() -> {
                                http.close();
                                lambda.close();
                                devTls.ifPresent(DevTls::close);
                                metrics.close();
                                accessLogs.close(); // after the drain: the $disconnect lines are in
                                otel.ifPresent(OpenTelemetryTracing::close); // and their spans
                                return vertx.close();
                            })
                            .onComplete(ar -> {
                                log.info("stopped");
                                stopped.complete(null);
                            });
                });
        return stopped;
    }

    /**
     * The local functions are now {@code functions} ({@link RuntimeHost#redefine}): changed ones
     * start again as defined, new ones are added. Returns the names redefined or added.
     */
    List<String> redefine(List<RuntimeFunction> functions) {
        return runtimes.redefine(functions);
    }

    /** What runs the local functions' processes. */
    io.wsgate.config.RuntimeSettings runtimeSettings() {
        return settings.runtimes();
    }

    /** The control plane's operations, in process, on the state this gateway serves; as its REST API answers them. */
    io.wsgate.control.ControlService controlService() {
        if (control == null) {
            throw new IllegalStateException("this gateway runs without a control plane");
        }
        return control.service();
    }

    /** How many processes the local function {@code name} runs now (0 for any other name). */
    public int processes(String name) {
        return runtimes.processes(name);
    }

    /** Completes once the gateway has stopped, however the stop began. */
    public CompletableFuture<Void> terminated() {
        return stopped;
    }

    /** {@link #stop()} and wait for it. */
    @Override
    public void close() {
        try {
            stop().get(settings.drainTimeout().toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("stop did not finish cleanly: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "Gateway{" + settings.host() + ":" + port() + " " + stageSet.directory() + " " + dispatcher + "}";
    }

    /** A data-plane listener's own cap and timers; the cap shares the descriptors among the listeners. */
    private ConnectionGuard guard() {
        var limits = settings.limits();
        int listeners = settings.tls().isPresent() ? 2 : 1;
        int max = limits.maxConnections()
                .orElseGet(() -> ConnectionGuard.defaultMaxConnections(ConnectionGuard.descriptorLimit(), listeners));
        return new ConnectionGuard(vertx, counters, limits.headerTimeout(), limits.keepAliveTimeout(), max);
    }

    /**
     * The control plane listener's cap and timers: the data plane's timers, and at most {@value
     * #CONTROL_MAX_CONNECTIONS} connections, out of the descriptors the data plane's cap leaves over.
     */
    private ConnectionGuard controlGuard() {
        var limits = settings.limits();
        return new ConnectionGuard(
                vertx, counters, limits.headerTimeout(), limits.keepAliveTimeout(), CONTROL_MAX_CONNECTIONS);
    }

    /** Builds a {@link Gateway}; every part has a default except the APIs. */
    public static final class Builder {
        private GatewaySettings settings = GatewaySettings.DEFAULT;
        private final List<Api> apis = new ArrayList<>();
        private final Functions.Builder functions = Functions.builder();
        private final List<RuntimeFunction> runtimeFunctions = new ArrayList<>();
        private final Map<String, java.util.OptionalInt> logRetentions = new java.util.HashMap<>();

        /** The local functions given so far. */
        List<RuntimeFunction> functions() {
            return List.copyOf(runtimeFunctions);
        }

        private final List<Identity> identities = new ArrayList<>();
        private final List<io.wsgate.model.ApiKey> apiKeys = new ArrayList<>();
        private io.wsgate.auth.JwtVerifiers jwt = new io.wsgate.auth.JwtVerifiers();
        private final List<io.wsgate.model.UsagePlan> usagePlans = new ArrayList<>();
        private final List<Problem> problems = new ArrayList<>();
        private final List<Api> incomplete = new ArrayList<>(); // only checked, never served
        private Clock clock = Clock.systemUTC();
        private int eventLoops = Runtime.getRuntime().availableProcessors();

        private Builder() {}

        public Builder api(Api api) {
            apis.add(api);
            return this;
        }

        public Builder apis(List<Api> list) {
            apis.addAll(list);
            return this;
        }

        /** Registers an in-process function (a handler object) under a Lambda function name. */
        public Builder function(String name, Object handler) {
            functions.add(name, handler);
            return this;
        }

        /**
         * Registers a function that runs in a child process (Node.js or Python) as Lambda runs it;
         * integrations whose URI names it invoke it.
         */
        /** How long the log group {@code name} keeps its access logs (a template's {@code RetentionInDays}). */
        public Builder logRetention(String name, java.util.OptionalInt days) {
            logRetentions.put(name, days);
            return this;
        }

        public Builder function(RuntimeFunction function) {
            runtimeFunctions.removeIf(f -> f.name().equals(function.name()));
            runtimeFunctions.add(function);
            return this;
        }

        /**
         * Adds a caller SigV4 signatures are checked against: on {@code AWS_IAM} routes, and on the
         * management API and the control plane, which then require signed requests.
         */
        public Builder identity(Identity identity) {
            identities.removeIf(i -> i.accessKeyId().equals(identity.accessKeyId()));
            identities.add(identity);
            return this;
        }

        /**
         * How JWT authorizers verify tokens: what their key fetches trust, how often an unknown key
         * id may fetch keys again (the JVM's trust and 30 s unless set).
         */
        public Builder jwt(io.wsgate.auth.JwtVerifiers verifiers) {
            this.jwt = verifiers;
            return this;
        }

        /** An API key, served beside the control plane's; a usage plan must hold it to let it in. */
        public Builder apiKey(io.wsgate.model.ApiKey key) {
            apiKeys.removeIf(k -> k.id().equals(key.id()));
            apiKeys.add(key);
            return this;
        }

        /** A usage plan: the stages its keys open, with its throttle and quota. */
        public Builder usagePlan(io.wsgate.model.UsagePlan plan) {
            usagePlans.removeIf(p -> p.id().equals(plan.id()));
            usagePlans.add(plan);
            return this;
        }

        public GatewaySettings settings() {
            return settings;
        }

        public Builder settings(GatewaySettings value) {
            this.settings = value;
            return this;
        }

        public Builder host(String host) {
            settings = settings.withHost(host);
            return this;
        }

        public Builder port(int port) {
            settings = settings.withPort(port);
            return this;
        }

        public Builder drainTimeout(java.time.Duration timeout) {
            settings = settings.withDrainTimeout(timeout);
            return this;
        }

        /** Adds a TLS listener on {@code port} with a PEM certificate chain and key. */
        public Builder tls(int port, java.nio.file.Path certificate, java.nio.file.Path key) {
            settings = settings.withTls(new GatewaySettings.Tls(port, certificate, key, java.util.List.of()));
            return this;
        }

        /**
         * Whether the data-plane port speaks TLS too, with a development certificate (on unless
         * turned off), for backends that build {@code https://{domainName}/{stage}}.
         */
        public Builder devTls(boolean on) {
            settings = settings.withDevTls(on);
            return this;
        }

        /** Runs the control plane on {@code port} (0 for any), keeping its state in {@code dataDirectory}. */
        public Builder control(int port, java.nio.file.Path dataDirectory) {
            settings = settings.withControl(java.util.Optional.of(
                    GatewaySettings.Control.DEFAULT.withPort(port).withDataDirectory(dataDirectory)));
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Event-loop threads; one listener per loop. The number of cores unless set. */
        public Builder eventLoops(int count) {
            this.eventLoops = Math.max(1, count);
            return this;
        }

        /**
         * Checks everything a start would, and nothing more: no Vert.x, no listener, no client, no
         * data directory or lock, so that a file can be checked while a gateway serves it. The
         * integrations are checked by the same {@link Deployer} that binds them, with factories
         * that only check ({@link #checker()}).
         *
         * @return every problem; empty when the gateway would start
         */
        public List<Problem> check() {
            var all = new java.util.LinkedHashSet<>(problems);
            all.addAll(RuntimeHost.problems(runtimeFunctions, settings.runtimes()));
            for (RuntimeFunction f : runtimeFunctions) {
                f.role()
                        .filter(arn ->
                                identities.stream().noneMatch(i -> i.arn().equals(arn)))
                        .ifPresent(arn -> all.add(new Problem(
                                "functions." + f.name() + ".role",
                                "'" + arn + "' is no identity's arn (expected: the arn of one of identities:)")));
            }
            var checked = new ArrayList<>(apis);
            checked.addAll(incomplete);
            try {
                checker().deploy(checked);
            } catch (InvalidModelException e) {
                all.addAll(e.problems());
            }
            settings.tls().ifPresent(tls -> {
                readable(tls.certificate(), "gateway.tls-certificate", all);
                readable(tls.key(), "gateway.tls-key", all);
                for (GatewaySettings.Certificate more : tls.certificates()) {
                    readable(more.certificate(), "gateway.tls-certificates", all);
                    readable(more.key(), "gateway.tls-certificates", all);
                }
            });
            return List.copyOf(all);
        }

        /** A file the TLS listener reads when it binds, checked before: validate is to find it too. */
        private static void readable(java.nio.file.Path file, String path, java.util.Set<Problem> problems) {
            if (!java.nio.file.Files.isReadable(file)) {
                problems.add(new Problem(
                        path, "cannot read " + file.toAbsolutePath() + " (expected: a PEM file wsgate can read)"));
            }
        }

        /** A deployer that checks as serving would, binding nothing: for {@link #check()} and the control plane. */
        Deployer checker() {
            return CheckingInvokers.deployer(
                    functions.build(),
                    runtimeFunctions.stream().map(RuntimeFunction::name).collect(java.util.stream.Collectors.toSet()));
        }

        /**
         * Starts the gateway and returns once it listens.
         *
         * @throws InvalidModelException with every problem that stops the APIs from being served
         * @throws IllegalStateException when a listener cannot bind
         */
        public Gateway start() {
            List<Problem> found = check(); // before anything is made: the same problems validate reports
            if (!found.isEmpty()) {
                throw new InvalidModelException(found);
            }
            return new Gateway(this).listen();
        }
    }
}
