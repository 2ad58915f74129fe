package io.wsgate.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.wsgate.integration.EventJson;
import io.wsgate.integration.IntegrationResult;
import io.wsgate.integration.Invoker;
import io.wsgate.integration.ProxyResults;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.model.RuntimeFunction;
import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of one function. An invocation goes to a process waiting in {@code next}; when
 * none waits, a new process is started for it while there are fewer than the function's
 * concurrency, else it queues until one is free. A process that times out is killed; one that
 * exits, for whatever reason, fails the invocation it held, and only that one. Processes idle for
 * {@link #IDLE_LIFETIME} are stopped.
 *
 * <p>Every state change is under this object's lock, held only for bookkeeping and non-blocking
 * writes; processes are started on virtual threads.
 */
final class FunctionPool implements Invoker {
    /** How long an idle process is kept for the next invocation: Lambda keeps them some minutes too. */
    static final java.time.Duration IDLE_LIFETIME = java.time.Duration.ofMinutes(5);

    /**
     * How long a new process may take to ask for its first event, as Lambda limits its init phase
     * to 10 seconds; past it, the process is killed and the invocation it was started for fails.
     */
    static final java.time.Duration INIT_TIMEOUT = java.time.Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(FunctionPool.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RuntimeFunction function;
    private final Vertx vertx;
    private final Launcher launcher;
    private final Metrics metrics;
    private final String arn;
    private final Deque<Invocation> pending = new ArrayDeque<>();
    private final List<Worker> workers = new ArrayList<>();
    private final java.util.Set<Worker> retired = new java.util.HashSet<>(); // busy on code that changed
    private int started;
    private boolean closed;

    /** Makes the process for a worker whose endpoint is on {@code port}. */
    interface Launcher {
        ProcessBuilder builder(RuntimeFunction function, int port);
    }

    FunctionPool(RuntimeFunction function, Vertx vertx, Launcher launcher, Metrics metrics, String region) {
        this.function = function;
        this.vertx = vertx;
        this.launcher = launcher;
        this.metrics = metrics;
        this.arn = "arn:aws:lambda:" + region + ":000000000000:function:" + function.name();
    }

    String name() {
        return function.name();
    }

    @Override
    public CompletableFuture<IntegrationResult> invoke(WebSocketEvent event) {
        var invocation = new Invocation(UUID.randomUUID().toString(), EventJson.write(event));
        synchronized (this) {
            if (closed) {
                return CompletableFuture.completedFuture(failed("function " + name() + " is stopped"));
            }
            Worker idle =
                    workers.stream().filter(w -> w.parked != null).findFirst().orElse(null);
            if (idle != null) {
                assign(idle, invocation);
            } else if (workers.size() < function.concurrency()) {
                spawn(invocation);
            } else {
                pending.add(invocation);
            }
        }
        return invocation.result();
    }

    /** How many processes run now (starting, busy or idle). */
    synchronized int processes() {
        return workers.size();
    }

    /** Stops every process and fails what waits; completes when every process has exited. */
    CompletableFuture<Void> stop() {
        List<Worker> all;
        List<Invocation> waiting;
        synchronized (this) {
            closed = true;
            all = List.copyOf(workers);
            waiting = List.copyOf(pending);
            pending.clear();
        }
        waiting.forEach(i -> i.finish(failed("function " + name() + " stopped")));
        all.forEach(Worker::kill);
        return CompletableFuture.allOf(all.stream().map(Worker::exit).toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, 10, TimeUnit.SECONDS);
    }

    /** Stops processes idle for longer than {@link #IDLE_LIFETIME}. */
    void reap() {
        long now = System.nanoTime();
        List<Worker> idle;
        synchronized (this) {
            idle = workers.stream()
                    .filter(w -> w.parked != null && now - w.idleSinceNanos > IDLE_LIFETIME.toNanos())
                    .toList();
            idle.forEach(w -> w.parked = null); // no longer offered work
        }
        idle.forEach(w -> {
            log.info("function={} process={} idle for {}, stopped", name(), w.serial(), IDLE_LIFETIME);
            w.kill();
        });
    }

    /**
     * Retires every process running now, because the function's code changed: idle ones are
     * stopped at once; the others, busy or starting, answer the invocation they hold on the code
     * they loaded and are then stopped instead of being given more. Invocations after this call
     * go to new processes.
     */
    void retire() {
        List<Worker> idle = new ArrayList<>();
        synchronized (this) {
            retired.retainAll(workers); // those that have exited since the last reload
            for (Worker worker : workers) {
                if (worker.parked != null) {
                    worker.parked = null; // no longer offered work
                    idle.add(worker);
                } else {
                    retired.add(worker);
                }
            }
        }
        idle.forEach(Worker::kill);
    }

    /** Under the lock, from {@code next}: stops a retired process once it holds nothing. */
    private boolean stopIfRetired(Worker worker) {
        if (!retired.remove(worker)) {
            return false;
        }
        Thread.ofVirtual().name("wsgate-fn-retire-" + name()).start(worker::kill); // its exit frees the slot
        return true;
    }

    // Runtime API, called by workers on their event loop.

    void next(Worker worker, HttpServerResponse response) {
        synchronized (this) {
            worker.asked = true;
            if (worker.current != null && !worker.current.done()) {
                send(worker.current, response); // the invocation it was started for
                return;
            }
            worker.current = null;
            if (stopIfRetired(worker)) {
                return;
            }
            Invocation waiting = pollLive();
            if (waiting != null) {
                worker.current = waiting;
                send(waiting, response);
                return;
            }
            worker.parked = response;
            worker.idleSinceNanos = System.nanoTime();
        }
    }

    /** A process that has not asked for work {@link #INIT_TIMEOUT} after it was started is killed. */
    private void initTimedOut(Worker worker) {
        Invocation held;
        synchronized (this) {
            if (worker.asked || !workers.contains(worker)) {
                return;
            }
            held = worker.current;
            worker.current = null;
        }
        String message = "function " + name() + " did not finish its init within " + INIT_TIMEOUT.toSeconds() + " s";
        log.warn("function={} process={} {}", name(), worker.serial(), message);
        if (held != null && held.finish(failed(message))) {
            metrics.increment(Counter.FUNCTION_TIMEOUT);
        }
        worker.kill();
    }

    void response(Worker worker, String requestId, byte[] body, HttpServerResponse response) {
        Invocation invocation = take(worker, requestId, response);
        if (invocation != null) {
            accepted(response);
            invocation.finish(ProxyResults.readPayload(name(), body));
        }
    }

    void error(Worker worker, String requestId, byte[] body, HttpServerResponse response) {
        Invocation invocation = take(worker, requestId, response);
        if (invocation != null) {
            accepted(response);
            String what = describe(body);
            log.warn("function={} requestId={} failed: {}", name(), requestId, what);
            metrics.increment(Counter.FUNCTION_ERROR);
            invocation.finish(failed("function " + name() + " failed: " + what));
        }
    }

    void initError(Worker worker, byte[] body, HttpServerResponse response) {
        accepted(response);
        String what = describe(body);
        log.warn(
                "function={} handler={} code={} failed to start: {}",
                name(),
                function.handler(),
                function.code(),
                what);
        Invocation held;
        synchronized (this) {
            held = worker.current;
            worker.current = null;
        }
        if (held != null && held.finish(failed("function " + name() + " failed to start: " + what))) {
            metrics.increment(Counter.FUNCTION_ERROR);
        }
        worker.kill(); // it exits by itself; this makes sure
    }

    void refuse(HttpServerResponse response, int status, String type, String message) {
        metrics.increment(Counter.FUNCTION_BAD_REQUEST);
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(JSON.createObjectNode()
                        .put("errorMessage", message)
                        .put("errorType", type)
                        .toString());
    }

    /** A process ended: what it held fails; a queued invocation may now get a process. */
    void exited(Worker worker, int status) {
        Invocation held;
        synchronized (this) {
            workers.remove(worker);
            held = worker.current;
            worker.current = null;
            worker.parked = null;
            if (!closed && workers.size() < function.concurrency()) {
                Invocation waiting = pollLive();
                if (waiting != null) {
                    spawn(waiting);
                }
            }
        }
        worker.closeServer();
        log.debug("function={} process={} exited status={}", name(), worker.serial(), status);
        if (held != null
                && held.finish(failed("function " + name() + " process exited (status " + status + ")"
                        + " before answering request " + held.requestId()))) {
            log.warn(
                    "function={} requestId={} process exited status={} mid-invocation",
                    name(),
                    held.requestId(),
                    status);
            metrics.increment(Counter.FUNCTION_ERROR);
        }
    }

    // Under the lock.

    private void spawn(Invocation first) {
        var worker = new Worker(this, ++started, first);
        workers.add(worker);
        vertx.setTimer(INIT_TIMEOUT.toMillis(), id -> initTimedOut(worker));
        worker.listen(vertx).onComplete(ar -> {
            if (ar.failed()) {
                exited(worker, -1);
                return;
            }
            Thread.ofVirtual().name("wsgate-fn-start-" + name()).start(() -> {
                try {
                    worker.start(launcher.builder(function, ar.result()));
                } catch (Exception e) {
                    log.warn("function={} cannot start its process: {}", name(), e.toString());
                    exited(worker, -1);
                }
            });
        });
    }

    private void assign(Worker worker, Invocation invocation) {
        HttpServerResponse response = worker.parked;
        worker.parked = null;
        worker.current = invocation;
        send(invocation, response);
    }

    private Invocation pollLive() {
        Invocation next;
        while ((next = pending.poll()) != null && next.done()) {
            // timed out while queued
        }
        return next;
    }

    private void send(Invocation invocation, HttpServerResponse response) {
        long timeoutMillis = function.timeout().toMillis();
        if (invocation.start(timeoutMillis)) {
            vertx.setTimer(timeoutMillis, id -> timedOut(invocation));
        }
        response.putHeader("Content-Type", "application/json")
                .putHeader("Lambda-Runtime-Aws-Request-Id", invocation.requestId())
                .putHeader("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineMillis()))
                .putHeader("Lambda-Runtime-Invoked-Function-Arn", arn)
                .putHeader("Lambda-Runtime-Trace-Id", traceId())
                .end(io.vertx.core.buffer.Buffer.buffer(invocation.event()));
    }

    /** The worker's invocation if {@code requestId} is it; else answers 400 and returns null. */
    private Invocation take(Worker worker, String requestId, HttpServerResponse response) {
        synchronized (this) {
            Invocation held = worker.current;
            if (held != null && held.requestId().equals(requestId)) {
                worker.current = null;
                return held;
            }
        }
        refuse(response, 400, "InvalidRequestID", "no invocation " + requestId + " in this process");
        return null;
    }

    private void timedOut(Invocation invocation) {
        Worker holder;
        synchronized (this) {
            if (invocation.done()) {
                return;
            }
            pending.remove(invocation);
            holder = workers.stream()
                    .filter(w -> w.current == invocation)
                    .findFirst()
                    .orElse(null);
        }
        String message = String.format(
                Locale.ROOT,
                "Task timed out after %.2f seconds",
                function.timeout().toMillis() / 1000.0);
        if (invocation.finish(new IntegrationResult.Failed(IntegrationResult.Failure.TIMEOUT, message))) {
            log.warn("function={} requestId={} {}", name(), invocation.requestId(), message);
            metrics.increment(Counter.FUNCTION_TIMEOUT);
        }
        if (holder != null) {
            holder.kill(); // the next invocation gets a fresh process
        }
    }

    private static void accepted(HttpServerResponse response) {
        response.setStatusCode(202)
                .putHeader("Content-Type", "application/json")
                .end("{\"status\":\"OK\"}");
    }

    /** {@code errorType: errorMessage} from an error body, or the body itself when it is not one. */
    private static String describe(byte[] body) {
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.isObject()) {
                return error.path("errorType").asText("Error") + ": "
                        + error.path("errorMessage").asText("");
            }
        } catch (java.io.IOException e) {
            // not JSON: shown as sent
        }
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }

    private static String traceId() {
        String hex = UUID.randomUUID().toString().replace("-", "");
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex.substring(0, 24) + ";Parent="
                + hex.substring(16) + ";Sampled=0";
    }

    private static IntegrationResult failed(String detail) {
        return new IntegrationResult.Failed(IntegrationResult.Failure.ERROR, detail);
    }

    @Override
    public String toString() {
        return "FunctionPool{" + name() + " processes=" + processes() + "}";
    }
}
