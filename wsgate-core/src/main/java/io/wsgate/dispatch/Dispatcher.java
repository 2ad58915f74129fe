package io.wsgate.dispatch;

import io.wsgate.connection.Caller;
import io.wsgate.connection.CloseCode;
import io.wsgate.connection.CloseReason;
import io.wsgate.connection.Connection;
import io.wsgate.connection.ConnectionIds;
import io.wsgate.connection.ConnectionRegistry;
import io.wsgate.connection.Peer;
import io.wsgate.integration.IntegrationResult;
import io.wsgate.integration.IntegrationResult.Failed;
import io.wsgate.integration.IntegrationResult.Failure;
import io.wsgate.integration.IntegrationResult.Response;
import io.wsgate.integration.Invoker;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.model.Route;
import io.wsgate.observe.AccessLog;
import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import io.wsgate.observe.RepeatedWarnings;
import io.wsgate.observe.StageMetrics;
import io.wsgate.observe.TraceContext;
import io.wsgate.observe.Tracing;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: turns a connection's life into integration calls and their results into what the
 * client sees.
 *
 * <pre>
 *  upgrade ──► connect() ── $connect integration ──► Accept(subprotocol) | Reject(status)
 *                                                        │
 *                                                        ▼
 *                                              open() ── registry.add, then the transport upgrades
 *  frame ────► message() ── RouteTable.select ──► integration ──► reply (two-way) | error frame
 *  close ────► closed() ─── exactly once per connection ──► $disconnect integration
 * </pre>
 *
 * <p>Thread-safe; nothing here blocks. Integration results arrive on whatever thread completes
 * them and are written through the thread-safe {@link Peer}.
 *
 * <p>At most {@code maxInFlight} of one connection's messages await their integration at a time:
 * the one that reaches the bound pauses reading from the client ({@link Peer#pauseReading}), and
 * the answer that takes it back below resumes it. So a client that sends faster than its
 * integration answers waits in its own TCP buffers, not in the gateway's memory, and cannot take
 * more than its share of a backend. Warnings a flood would repeat for every message are logged a
 * few times per kind and counted ({@link RepeatedWarnings}).
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** Messages per connection awaiting their integration, unless the gateway is told otherwise. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 16;

    private final ConnectionRegistry registry;
    private final Metrics metrics;
    private final Clock clock;
    private final int maxInFlight;
    private final RepeatedWarnings warnings;
    private final Tracing tracing;
    /** Connects not yet opened or refused, and disconnects not yet answered: what a drain waits for. */
    private final AtomicInteger inFlight = new AtomicInteger();

    private final List<MessageStep> messageSteps;

    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean draining;

    public Dispatcher(ConnectionRegistry registry, Metrics metrics, Clock clock) {
        this(registry, metrics, clock, DEFAULT_MAX_IN_FLIGHT);
    }

    /** @param maxInFlight how many of one connection's messages may await their integration at once */
    public Dispatcher(ConnectionRegistry registry, Metrics metrics, Clock clock, int maxInFlight) {
        this(registry, metrics, clock, maxInFlight, Tracing.OFF);
    }

    /** As above, with a span for each connect, message and disconnect in {@code tracing}. */
    public Dispatcher(ConnectionRegistry registry, Metrics metrics, Clock clock, int maxInFlight, Tracing tracing) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight: " + maxInFlight + " (expected: 1 or more)");
        }
        this.registry = registry;
        this.metrics = metrics;
        this.clock = clock;
        this.maxInFlight = maxInFlight;
        this.warnings = new RepeatedWarnings(log, metrics, clock, Duration.ofSeconds(10), 5);
        this.messageSteps = MessageStep.chain(metrics);
        this.tracing = tracing;
    }

    public Clock clock() {
        return clock;
    }

    public Metrics metrics() {
        return metrics;
    }

    public boolean draining() {
        return draining;
    }

    /**
     * Runs {@code $connect} for an upgrade request. Without a {@code $connect} route the upgrade
     * is accepted without calling anything, as on AWS. On {@link ConnectOutcome.Accept} the caller
     * must go on to {@link #open}.
     */
    public CompletableFuture<ConnectOutcome> connect(StageRuntime stage, ConnectRequest request) {
        inFlight.incrementAndGet(); // until open() registers it, or it is refused
        AccessLog access = stage.accessLog();
        RouteTable table = stage.table();
        ExecutionLog execution =
                table.connect().map(RouteTable.Target::executionLog).orElse(ExecutionLog.OFF);
        AccessFacts facts = access.on() || execution.on() || tracing.on()
                ? AccessFacts.traced(
                        tracing,
                        "WebSocket $connect",
                        true,
                        TraceContext.fromHeaders(request::header).orElse(null))
                : null;
        var exchange = new ConnectExchange(
                stage, table, request, ConnectionIds.requestId(), clock.millis(), Caller.ANONYMOUS, null, facts);
        CompletableFuture<ConnectOutcome> outcome = runConnect(exchange);
        outcome.whenComplete((result, error) -> {
            if (!(result instanceof ConnectOutcome.Accept)) {
                settle();
                metrics.connectRefused(result instanceof ConnectOutcome.Reject r ? r.status() : 500);
            }
            if (facts != null) {
                logConnect(access, execution, exchange, result, facts);
            }
        });
        return outcome;
    }

    /** The log lines of a connect: its status, and the caller the steps found if it was let in. */
    private static void logConnect(
            AccessLog access,
            ExecutionLog execution,
            ConnectExchange exchange,
            ConnectOutcome result,
            AccessFacts facts) {
        Caller caller = Caller.ANONYMOUS;
        switch (result) {
            case ConnectOutcome.Accept accept -> {
                facts.status = 200;
                caller = accept.caller();
            }
            case ConnectOutcome.Reject reject -> facts.rejected(reject.status(), reject.body());
            case null -> facts.error(500, "Internal server error", "DEFAULT_5XX");
        }
        logged(access, execution, facts, Events.connect(exchange, caller).requestContext(), null, null);
    }

    /**
     * The event's line in the stage's access log and its lines in the route's execution log, with
     * the bodies sent to and received from the integration (null where none was).
     */
    private static void logged(
            AccessLog access,
            ExecutionLog execution,
            AccessFacts facts,
            io.wsgate.integration.RequestContext context,
            String request,
            String response) {
        if (access.on()) {
            access.write(facts.values(context));
        }
        execution.write(context, facts, request, response);
        facts.endSpan(context);
    }

    /** What a handshake over the stage's throttle gets, with 429. */
    static final String TOO_MANY_REQUESTS = "{\"message\":\"Too Many Requests\"}";

    /**
     * The connect chain, each step on one {@link ConnectExchange}: the stage's throttle for {@code
     * $connect} if it has one, the route's checks (its authorizer, its API key) if it has them, then
     * the {@code $connect} integration.
     */
    private CompletableFuture<ConnectOutcome> runConnect(ConnectExchange exchange) {
        StageRuntime stage = exchange.stage();
        ConnectRequest request = exchange.request();
        Optional<RouteTable.Target> route = exchange.table().connect();
        if (route.isEmpty()) {
            return CompletableFuture.completedFuture(new ConnectOutcome.Accept(Optional.empty()));
        }
        var steps = new ArrayList<ConnectStep>(3);
        route.get()
                .throttle()
                .ifPresent(bucket -> steps.add((passed, next) -> {
                    if (bucket.tryTake()) {
                        return next.apply(passed);
                    }
                    metrics.increment(Counter.CONNECT_THROTTLED);
                    return CompletableFuture.completedFuture(new ConnectOutcome.Reject(
                            429, TOO_MANY_REQUESTS, "over the stage's throttle for $connect"));
                }));
        steps.addAll(route.get().checks());
        if (steps.isEmpty()) {
            return integrate(route.get(), exchange);
        }
        CompletableFuture<ConnectOutcome> outcome;
        try {
            outcome = proceed(steps, 0, route.get(), exchange);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.completedFuture(
                    new ConnectOutcome.Reject(500, Authorize.ERROR, "a connect step threw " + e));
        }
        return outcome.exceptionally(
                        e -> new ConnectOutcome.Reject(500, Authorize.ERROR, "a connect step failed: " + e))
                .thenApply(decided -> {
                    if (decided instanceof ConnectOutcome.Reject reject
                            && !reject.body().isEmpty()) {
                        // a step's: the integration's are logged where they are decided
                        logRejected(stage, request, reject, reject.status() < 500);
                        if (reject.status() >= 400 && reject.status() < 500) {
                            route.get().metrics(stage).clientError();
                        }
                    }
                    return decided;
                });
    }

    /** Step {@code index} of {@code steps}, passing on to the next, and after the last to the integration. */
    private CompletableFuture<ConnectOutcome> proceed(
            List<ConnectStep> steps, int index, RouteTable.Target route, ConnectExchange exchange) {
        if (index == steps.size()) {
            return integrate(route, exchange);
        }
        return steps.get(index).apply(exchange, next -> proceed(steps, index + 1, route, next));
    }

    /** The last step: the {@code $connect} integration, with what the steps before found. */
    private CompletableFuture<ConnectOutcome> integrate(RouteTable.Target route, ConnectExchange exchange) {
        Optional<Invoker> invoker = route.invoker();
        if (invoker.isEmpty()) {
            metrics.increment(Counter.CONNECT_FAILED);
            return CompletableFuture.completedFuture(
                    new ConnectOutcome.Reject(502, "route $connect has no integration"));
        }
        WebSocketEvent event = Events.connect(exchange, exchange.caller());
        if (exchange.facts() != null) {
            event = exchange.facts().inSpan(event);
        }
        StageMetrics meter = route.metrics(exchange.stage());
        meter.connect();
        long started = System.nanoTime();
        return invoke(invoker.get(), event).thenApply(result -> {
            long nanos = route.timed() ? System.nanoTime() - started : -1;
            if (nanos >= 0) {
                meter.integrationLatency(nanos);
            }
            integrated(meter, result);
            if (exchange.facts() != null) {
                exchange.facts().integrated(result, nanos);
            }
            return decide(exchange.stage(), exchange.request(), result, exchange.caller());
        });
    }

    /** {@code IntegrationError} for an answer of 4XX or 5XX, {@code ExecutionError} for no answer. */
    private static void integrated(StageMetrics meter, IntegrationResult result) {
        switch (result) {
            case Response r
            when r.statusCode().isPresent() && r.statusCode().getAsInt() >= 400 -> meter.integrationError();
            case Failed f -> meter.executionError();
            default -> {}
        }
    }

    /**
     * Logs a refused handshake: at debug when it was {@code refused} (a step or the integration
     * said no), else as a warning a flood repeats only a few times (something failed).
     */
    private void logRejected(
            StageRuntime stage, ConnectRequest request, ConnectOutcome.Reject reject, boolean refused) {
        if (refused) {
            log.debug(
                    "connect refused stage={}/{} connectionId={} status={} reason=\"{}\"",
                    stage.apiId(),
                    stage.stageName(),
                    request.connectionId(),
                    reject.status(),
                    reject.detail());
        } else {
            warnings.warn(
                    "connect " + stage.apiId() + "/" + stage.stageName() + " " + reject.status(),
                    "connect failed stage={}/{} connectionId={} status={} reason=\"{}\"",
                    stage.apiId(),
                    stage.stageName(),
                    request.connectionId(),
                    reject.status(),
                    reject.detail());
        }
    }

    private ConnectOutcome decide(StageRuntime stage, ConnectRequest request, IntegrationResult result, Caller caller) {
        ConnectOutcome outcome = switch (result) {
            case Response r
            when r.statusCode().isEmpty() ->
                new ConnectOutcome.Reject(502, "the $connect integration returned no statusCode");
            case Response r
            when r.statusCode().getAsInt() >= 200 && r.statusCode().getAsInt() < 300 ->
                new ConnectOutcome.Accept(r.header("Sec-WebSocket-Protocol"), caller);
            case Response r
            when r.statusCode().getAsInt() >= 300 && r.statusCode().getAsInt() < 600 ->
                new ConnectOutcome.Reject(r.statusCode().getAsInt(), "refused by the $connect integration");
            case Response r ->
                new ConnectOutcome.Reject(
                        502,
                        "the $connect integration returned statusCode "
                                + r.statusCode().getAsInt());
            case Failed f
            when f.failure() == Failure.TIMEOUT ->
                new ConnectOutcome.Reject(504, "$connect integration: " + f.detail());
            case Failed f -> new ConnectOutcome.Reject(502, "$connect integration: " + f.detail());
        };
        if (outcome instanceof ConnectOutcome.Reject reject) {
            boolean refused = result instanceof Response r
                    && r.statusCode().isPresent()
                    && r.statusCode().getAsInt() == reject.status();
            metrics.increment(refused ? Counter.CONNECT_REJECTED : Counter.CONNECT_FAILED);
            if (result instanceof Failed f && f.failure() == Failure.TIMEOUT) {
                metrics.increment(Counter.INTEGRATION_TIMEOUT);
            }
            logRejected(stage, request, reject, refused);
        }
        return outcome;
    }

    /**
     * Registers a connection {@code $connect} accepted, as the transport starts the upgrade (so a
     * backend can post to it as soon as the client sees the 101; the peer holds writes until the
     * socket is there). From here on {@link #closed} must follow, whatever happens to the upgrade.
     * While the gateway drains, or once the stage is no longer served, the connection is closed
     * again at once.
     */
    public Connection open(StageRuntime stage, ConnectRequest request, Peer peer) {
        return open(stage, request, Caller.ANONYMOUS, peer);
    }

    /**
     * As above, for a connection the connect steps let in: {@code caller}, who they found the
     * client to be, is on every later event of the connection.
     */
    public Connection open(StageRuntime stage, ConnectRequest request, Caller caller, Peer peer) {
        var connection = new Connection(
                request.connectionId(),
                stage.apiId(),
                stage.stageName(),
                request.domainName(),
                request.sourceIp(),
                request.header("User-Agent"),
                request.connectedAt(),
                stage.limits(),
                caller,
                peer);
        connection.meter(stage.metrics());
        peer.opened(metrics);
        registry.add(connection);
        settle(); // the connect is over; the connection itself now holds a drain open
        metrics.increment(Counter.CONNECT_ACCEPTED);
        log.debug(
                "connected stage={}/{} connectionId={} from={}",
                stage.apiId(),
                stage.stageName(),
                connection.connectionId(),
                connection.sourceIp());
        if (draining || stage.retired()) { // read after the add: a retiring stage sees it, or it sees that
            connection.close(CloseCode.GOING_AWAY.asReason());
        }
        return connection;
    }

    /** Routes a text message and sends back what the route says to send back. */
    public void message(StageRuntime stage, Connection connection, String text) {
        RouteTable table = stage.table();
        dispatch(stage, table, connection, table.select(text), text, false);
    }

    /**
     * Routes a binary message, where the API lets them through: to {@code $default}, which is the
     * only route it can reach, base64-encoded.
     */
    public void binary(StageRuntime stage, Connection connection, byte[] data) {
        RouteTable table = stage.table();
        dispatch(
                stage,
                table,
                connection,
                table.defaultRoute(),
                Base64.getEncoder().encodeToString(data),
                true);
    }

    private void dispatch(
            StageRuntime stage,
            RouteTable table,
            Connection connection,
            Optional<RouteTable.Target> target,
            String body,
            boolean base64) {
        long now = clock.millis();
        connection.touch(now);
        metrics.increment(Counter.MESSAGE_RECEIVED);
        target.map(t -> t.metrics(stage)).orElse(stage.metrics()).message();
        var exchange =
                new MessageExchange(stage, table, connection, target, body, base64, ConnectionIds.requestId(), now);
        AccessLog access = stage.accessLog();
        for (MessageStep step : messageSteps) {
            ErrorFrames.Refusal refusal = step.refusal(exchange);
            if (refusal != null) {
                reply(connection, refusal.frame(connection.connectionId(), exchange.requestId()));
                ExecutionLog execution =
                        target.map(RouteTable.Target::executionLog).orElse(ExecutionLog.OFF);
                if (access.on() || execution.on() || tracing.on()) {
                    String routeKey = target.map(t -> t.route().routeKey()).orElse(Route.DEFAULT);
                    var facts = AccessFacts.traced(tracing, "WebSocket " + routeKey, false, null);
                    facts.error(refusal.status(), refusal.message(), refusal.responseType());
                    logged(
                            access,
                            execution,
                            facts,
                            messageEvent(exchange, routeKey).requestContext(),
                            body,
                            null);
                }
                return;
            }
        }
        RouteTable.Target route = target.orElseThrow();
        WebSocketEvent message = messageEvent(exchange, route.route().routeKey());
        Tracing.TraceSpan span =
                tracing.on() ? tracing.start("WebSocket " + route.route().routeKey(), false, null) : null;
        WebSocketEvent event = span == null ? message : message.traced(span.context());
        if (connection.messageStarted() == maxInFlight) {
            metrics.increment(Counter.MESSAGES_IN_FLIGHT_LIMIT);
            connection.peer().pauseReading();
        }
        long started = System.nanoTime();
        CompletableFuture<IntegrationResult> result = invoke(route.invoker().get(), event);
        if (result.isDone()) { // a non-blocking handler answered on this thread: no stage to chain
            measured(exchange, route, event, span, started, result.join());
        } else {
            result.thenAccept(r -> measured(exchange, route, event, span, started, r));
        }
    }

    /** The MESSAGE event of {@code exchange}, on {@code routeKey}. */
    private static WebSocketEvent messageEvent(MessageExchange exchange, String routeKey) {
        return Events.message(
                exchange.stage(),
                exchange.table(),
                exchange.connection(),
                routeKey,
                exchange.body(),
                exchange.base64(),
                ConnectionIds.requestId(),
                exchange.requestId(),
                exchange.receivedMillis());
    }

    /**
     * The integration's answer, measured and counted ({@code started} on {@code System.nanoTime}),
     * then given, and the message's access log line written.
     */
    private void measured(
            MessageExchange exchange,
            RouteTable.Target route,
            WebSocketEvent event,
            Tracing.TraceSpan span,
            long started,
            IntegrationResult result) {
        StageMetrics meter = route.metrics(exchange.stage());
        long nanos = route.timed() ? System.nanoTime() - started : -1;
        if (nanos >= 0) {
            meter.integrationLatency(nanos);
        }
        integrated(meter, result);
        answered(exchange.stage(), route, exchange.connection(), exchange.requestId(), result);
        AccessLog access = exchange.stage().accessLog();
        if (access.on() || route.executionLog().on() || span != null) {
            var facts = new AccessFacts();
            facts.span = span;
            facts.integrated(result, nanos);
            if (result instanceof Failed f) {
                facts.error(
                        500,
                        "Internal server error",
                        f.failure() == Failure.TIMEOUT ? "INTEGRATION_TIMEOUT" : "INTEGRATION_FAILURE");
            }
            logged(
                    access,
                    route.executionLog(),
                    facts,
                    event.requestContext(),
                    event.body(),
                    result instanceof Response r ? r.body().orElse(null) : null);
        }
    }

    /** Answers the client, then lets it send more if it was waiting for this answer. */
    private void answered(
            StageRuntime stage,
            RouteTable.Target route,
            Connection connection,
            String requestId,
            IntegrationResult result) {
        try {
            answer(stage, route, connection, requestId, result);
        } finally {
            if (connection.messageFinished() == maxInFlight - 1) {
                connection.peer().resumeReading();
            }
        }
    }

    private void answer(
            StageRuntime stage,
            RouteTable.Target route,
            Connection connection,
            String requestId,
            IntegrationResult result) {
        switch (result) {
            case Response r -> {
                if (route.twoWay() && r.body().isPresent()) {
                    reply(connection, r.body().get());
                }
            }
            case Failed f -> {
                metrics.increment(Counter.MESSAGE_INTEGRATION_FAILED);
                if (f.failure() == Failure.TIMEOUT) {
                    metrics.increment(Counter.INTEGRATION_TIMEOUT);
                }
                warnings.warn(
                        "message " + stage.apiId() + "/" + stage.stageName() + " "
                                + route.route().routeKey() + " " + f.failure(),
                        "integration failed stage={}/{} route={} connectionId={} requestId={} failure={}"
                                + " reason=\"{}\"",
                        stage.apiId(),
                        stage.stageName(),
                        route.route().routeKey(),
                        connection.connectionId(),
                        requestId,
                        f.failure(),
                        f.detail());
                reply(connection, ErrorFrames.internalServerError(connection.connectionId(), requestId));
            }
        }
    }

    /**
     * The connection has ended, for whatever reason. The first call per connection removes it and
     * runs {@code $disconnect} with the reason (the gateway's own, if it decided the close, else
     * {@code observed}); later calls do nothing.
     *
     * @return completes when {@code $disconnect} has been answered (or at once when there is none)
     */
    public CompletableFuture<Void> closed(StageRuntime stage, Connection connection, CloseReason observed) {
        if (!connection.end(observed)) {
            return CompletableFuture.completedFuture(null);
        }
        inFlight.incrementAndGet(); // before the removal, so a drain never sees neither
        registry.remove(connection);
        metrics.increment(Counter.DISCONNECT);
        CloseReason reason = connection.endReason().orElseThrow();
        metrics.disconnected(reason.code());
        log.debug(
                "disconnected stage={}/{} connectionId={} code={} reason=\"{}\"",
                stage.apiId(),
                stage.stageName(),
                connection.connectionId(),
                reason.code(),
                reason.reason());
        RouteTable table = stage.table();
        Optional<RouteTable.Target> route = table.disconnect();
        Optional<Invoker> invoker = route.flatMap(RouteTable.Target::invoker);
        AccessLog access = stage.accessLog();
        ExecutionLog execution = route.map(RouteTable.Target::executionLog).orElse(ExecutionLog.OFF);
        if (invoker.isEmpty()) {
            settle();
            if (access.on() || execution.on() || tracing.on()) {
                var context = Events.disconnect(
                                stage, table, connection, reason, ConnectionIds.requestId(), clock.millis())
                        .requestContext();
                logged(
                        access,
                        execution,
                        AccessFacts.traced(tracing, "WebSocket $disconnect", false, null),
                        context,
                        null,
                        null);
            }
            return CompletableFuture.completedFuture(null);
        }
        AccessFacts traced = tracing.on() ? AccessFacts.traced(tracing, "WebSocket $disconnect", false, null) : null;
        WebSocketEvent untraced =
                Events.disconnect(stage, table, connection, reason, ConnectionIds.requestId(), clock.millis());
        WebSocketEvent event = traced == null ? untraced : traced.inSpan(untraced);
        long started = System.nanoTime();
        return invoke(invoker.get(), event).thenAccept(result -> {
            if (access.on() || execution.on() || traced != null) {
                var facts = traced != null ? traced : new AccessFacts();
                facts.integrated(result, route.get().timed() ? System.nanoTime() - started : -1);
                logged(access, execution, facts, event.requestContext(), null, null);
            }
            if (result instanceof Failed f) {
                metrics.increment(Counter.DISCONNECT_FAILED);
                if (f.failure() == Failure.TIMEOUT) {
                    metrics.increment(Counter.INTEGRATION_TIMEOUT);
                }
                warnings.warn(
                        "disconnect " + stage.apiId() + "/" + stage.stageName() + " " + f.failure(),
                        "$disconnect integration failed stage={}/{} connectionId={} failure={} reason=\"{}\"",
                        stage.apiId(),
                        stage.stageName(),
                        connection.connectionId(),
                        f.failure(),
                        f.detail());
            }
            settle();
        });
    }

    /**
     * Starts draining: every open connection is closed with 1001 now, and one whose {@code
     * $connect} is still running is closed as soon as it opens.
     *
     * @return completes when no connect is running, every connection has ended, and every {@code
     *     $disconnect} is answered
     */
    public CompletableFuture<Void> drain() {
        draining = true;
        for (Connection connection : registry.all()) {
            connection.close(CloseCode.GOING_AWAY.asReason());
        }
        checkDrained();
        return drained;
    }

    /** One connect or disconnect is over; completes a drain if it was the last thing waited for. */
    private void settle() {
        inFlight.decrementAndGet();
        checkDrained();
    }

    private void checkDrained() {
        if (draining && registry.size() == 0 && inFlight.get() == 0) {
            drained.complete(null);
        }
    }

    private void reply(Connection connection, String text) {
        connection.peer().sendText(text);
        connection.touch(clock.millis());
        metrics.increment(Counter.MESSAGE_SENT);
        connection.metrics().message();
    }

    /** Calls {@code invoker}, turning a broken contract (a thrown or failed future) into a failure. */
    private static CompletableFuture<IntegrationResult> invoke(Invoker invoker, WebSocketEvent event) {
        CompletableFuture<IntegrationResult> future;
        try {
            future = invoker.invoke(event);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Failed(Failure.ERROR, "invoker threw " + e));
        }
        if (future.isDone() && !future.isCompletedExceptionally()) {
            return future;
        }
        return future.exceptionally(e -> new Failed(Failure.ERROR, "invoker failed: " + e));
    }

    @Override
    public String toString() {
        return "Dispatcher{connections=" + registry.size() + " inFlight=" + inFlight.get()
                + (draining ? " draining" : "") + "}";
    }
}
