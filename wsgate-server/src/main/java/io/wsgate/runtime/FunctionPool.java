package io.wsgate.runtime;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.wsgate.integration.FunctionResult;
import io.wsgate.integration.IntegrationResult;
import io.wsgate.integration.Invoker;
import io.wsgate.integration.LambdaFunction;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.model.RuntimeFunction;
import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of one function. An invocation goes to a process waiting in {@code next}; when
 * none waits, it queues for a process that has answered its last invocation and not yet asked for
 * the next (a few hundred microseconds away, where a new process is a hundred milliseconds), one
 * invocation per such process; else a new process is started for it while there are fewer
 * processes than the machine's cores (and than the function's concurrency), else it queues until
 * one is free. So a client that sends one message at a time keeps one process warm, rather than
 * spreading its messages over as many processes as the concurrency allows, which is what Lambda,
 * which cannot see the next poll coming, would do.
 *
 * <p>Beyond the cores, the pool grows only for invocations that would otherwise wait on slow
 * ones: while invocations queue, every {@link #GROW_AFTER_MILLIS} ms it looks whether each
 * process has held the invocation it was handed for at least that long (none is starting) while
 * the cores are not busy ({@link CpuShare}), and if so starts a process for each queued
 * invocation, up to the concurrency. A handler that awaits I/O therefore
 * gets as many processes as on Lambda, a few milliseconds later; quick handlers that only compete
 * for the CPU do not, since on one machine the processes share the cores with the gateway and
 * more of them only add context switches and JIT warm-ups: the S6 echo through Node.js ran at
 * about 2,000 messages/s over 10 processes and 2,900 over one, sharing one core with the gateway.
 * Lambda starts an environment for each concurrent invocation; here a concurrent quick
 * invocation may instead run after another in the same process, as later ones do on Lambda too.
 * A process that times out is killed; one that exits, for whatever reason, fails the invocation
 * it held, and only that one. Processes idle for
 * {@link #IDLE_LIFETIME} are stopped.
 *
 * <p>{@link #submit} runs one invocation of a raw JSON payload and completes with its raw {@link
 * Outcome}, as Lambda's Invoke API serves it; {@link #invoke(WebSocketEvent)}, the integration's
 * view, is that with the event as payload and the outcome read as a Lambda proxy result.
 *
 * <p>Every state change is under this object's lock, held only for bookkeeping and non-blocking
 * writes; processes are started on virtual threads.
 */
final class FunctionPool implements Invoker {
    /** How long an idle process is kept for the next invocation: Lambda keeps them some minutes too. */
    static final java.time.Duration IDLE_LIFETIME = java.time.Duration.ofMinutes(5);

    /**
     * How long an invocation may wait for a process (one starting, or all busy) beyond its timeout,
     * which runs from when a process takes it, as on Lambda: Lambda's limit on the init phase.
     */
    static final long WAIT_ALLOWANCE_MILLIS = 10_000;

    /**
     * How long every process must have held its invocation before queued invocations get more
     * processes than the machine has cores: well under a process's start (100 ms and more), well
     * over a quick handler's turn (under a millisecond).
     */
    static final long GROW_AFTER_MILLIS = 10;

    private static final Logger log = LoggerFactory.getLogger(FunctionPool.class);
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private final CpuShare cpu = CpuShare.ofThisJvm();

    private volatile RuntimeFunction function; // name fixed; the rest may be redefined
    private final Vertx vertx;
    private volatile Launcher launcher;
    private final Metrics metrics;
    private final String arn;
    private final LambdaFunction calls;
    private final Invoker proxy; // calls with the event as payload, as an integration makes them
    private final Deque<Invocation> pending = new ArrayDeque<>();
    private final List<Worker> workers = new ArrayList<>();
    private int started;
    private boolean closed;
    private boolean growthArmed; // a look at whether to grow is due

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
        this.calls = new LambdaFunction() {
            @Override
            public CompletableFuture<FunctionResult> call(byte[] payload) {
                return call(payload, null);
            }

            @Override
            public CompletableFuture<FunctionResult> call(byte[] payload, io.wsgate.observe.TraceContext trace) {
                return submit(payload, Optional.empty(), false, trace).result().thenApply(Outcome::result);
            }
        };
        this.proxy = calls.proxy(function.name());
    }

    String name() {
        return function.name();
    }

    /** An invocation by one of its processes ended: how long it ran, and its process's start if it was cold (else -1). */
    void invoked(long durationNanos, long initNanos) {
        metrics.functionInvoked(function.name(), durationNanos, initNanos);
    }

    int memorySizeMb() {
        return function.memorySize();
    }

    @Override
    public CompletableFuture<IntegrationResult> invoke(WebSocketEvent event) {
        return proxy.invoke(event);
    }

    /** Invocations of any payload, as Lambda's Invoke API makes them, read as a function's result. */
    LambdaFunction calls() {
        return calls;
    }

    /**
     * Starts one invocation with {@code payload} as its event.
     *
     * @param clientContext the JSON handed to the function as its client context, if any
     * @param keepLog whether the invocation's log is wanted ({@link Invocation#log()}) whatever
     *     the log level
     */
    Invocation submit(byte[] payload, Optional<String> clientContext, boolean keepLog) {
        return submit(payload, clientContext, keepLog, null);
    }

    /** As above, in the span {@code trace} (null for none), which the process gets as {@code Lambda-Runtime-Trace-Id}. */
    Invocation submit(
            byte[] payload, Optional<String> clientContext, boolean keepLog, io.wsgate.observe.TraceContext trace) {
        long timeoutMillis = function.timeout().toMillis();
        var invocation =
                new Invocation(UUID.randomUUID().toString(), payload, clientContext, timeoutMillis, keepLog, trace);
        synchronized (this) {
            if (closed) {
                end(invocation, null, Outcome.Failed.stopped(invocation.requestId(), name()), Report.Status.ERROR);
                return invocation;
            }
            Worker idle = null;
            int returning = 0;
            for (Worker w : workers) {
                if (w.parked != null) {
                    idle = w;
                    break;
                }
                if (w.returning()) {
                    returning++;
                }
            }
            if (idle != null) {
                assign(idle, invocation);
            } else if (pending.size() < returning) {
                pending.add(invocation); // a process that has just answered asks for it within microseconds
            } else if (workers.size() < Math.min(CORES, function.concurrency())) {
                spawn(invocation);
            } else {
                pending.add(invocation);
                armGrowth();
            }
        }
        if (!invocation.wasSent()) {
            arm(invocation, timeoutMillis + WAIT_ALLOWANCE_MILLIS, true);
        }
        return invocation;
    }

    /** Under the lock: makes sure {@link #grow} runs in {@link #GROW_AFTER_MILLIS}, if the pool may grow. */
    private void armGrowth() {
        if (!growthArmed && !closed && workers.size() < function.concurrency()) {
            growthArmed = true;
            vertx.setTimer(GROW_AFTER_MILLIS, id -> grow());
        }
    }

    /**
     * Starts a process for each queued invocation, up to the concurrency, if every process has
     * held the invocation it was handed for {@link #GROW_AFTER_MILLIS} and the cores are not
     * busy; looks again later while invocations queue. A process still starting will soon take
     * one: the pool waits for it.
     */
    private synchronized void grow() {
        growthArmed = false;
        if (closed || pending.isEmpty()) {
            return;
        }
        long held = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(GROW_AFTER_MILLIS);
        boolean allSlow = workers.stream()
                .allMatch(w -> w.current != null && w.heldSinceNanos != 0 && w.heldSinceNanos - held <= 0);
        boolean grows = allSlow
                && !cpu.busy(
                        System.nanoTime(),
                        () -> workers.stream().mapToLong(Worker::cpuNanos).sum());
        while (grows && workers.size() < function.concurrency()) {
            Invocation waiting = pollLive();
            if (waiting == null) {
                return;
            }
            spawn(waiting);
        }
        armGrowth();
    }

    /** Times {@code invocation} out after {@code millis}; a wait's timer yields to the one its process starts. */
    private void arm(Invocation invocation, long millis, boolean waiting) {
        long timer = vertx.setTimer(millis, id -> {
            if (!(waiting && invocation.wasSent())) {
                timedOut(invocation);
            }
        });
        invocation.result().whenComplete((outcome, e) -> vertx.cancelTimer(timer));
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
        waiting.forEach(i -> end(i, null, Outcome.Failed.stopped(i.requestId(), name()), Report.Status.ERROR));
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
            for (Worker worker : workers) {
                if (worker.parked != null) {
                    worker.parked = null; // no longer offered work
                    idle.add(worker);
                } else {
                    worker.retired = true;
                }
            }
        }
        idle.forEach(Worker::kill);
    }

    /**
     * The function is now {@code value} (its name unchanged), started by {@code how}: the processes
     * running are retired as for a change of code, and new ones start as {@code value} says.
     */
    void redefine(RuntimeFunction value, Launcher how) {
        if (!value.name().equals(function.name())) {
            throw new IllegalArgumentException("a pool keeps its function's name: " + function.name());
        }
        function = value;
        launcher = how;
        retire();
    }

    /** Under the lock, from {@code next}: stops a retired process once it holds nothing. */
    private boolean stopIfRetired(Worker worker) {
        if (!worker.retired) {
            return false;
        }
        Thread.ofVirtual().name("wsgate-fn-retire-" + name()).start(worker::kill); // its exit frees the slot
        return true;
    }

    // Runtime API, called by workers on their event loop.

    void next(Worker worker, HttpServerResponse response) {
        synchronized (this) {
            if (worker.current != null && !worker.current.done()) {
                send(worker, worker.current, response); // the invocation it was started for
                return;
            }
            worker.current = null;
            if (stopIfRetired(worker)) {
                return;
            }
            Invocation waiting = pollLive();
            if (waiting != null) {
                worker.current = waiting;
                send(worker, waiting, response);
                return;
            }
            worker.parked = response;
            worker.idleSinceNanos = System.nanoTime();
        }
    }

    /** The process answered {@code requestId}: its result, or the error it posted. */
    void answered(Worker worker, String requestId, Outcome outcome, HttpServerResponse response) {
        Invocation invocation = take(worker, requestId, response);
        if (invocation != null) {
            RuntimeAnswers.accepted(response);
            if (end(invocation, worker, outcome, Report.Status.ANSWERED) && outcome instanceof Outcome.Failed f) {
                log.warn("function={} requestId={} failed: {}: {}", name(), requestId, f.errorType(), f.errorMessage());
                metrics.increment(Counter.FUNCTION_ERROR);
            }
        }
    }

    void initError(Worker worker, byte[] body, HttpServerResponse response) {
        RuntimeAnswers.accepted(response);
        Invocation held;
        synchronized (this) {
            held = worker.current;
            worker.current = null;
        }
        Outcome.Failed failed = Outcome.Failed.posted(held == null ? "" : held.requestId(), body);
        log.warn(
                "function={} handler={} code={} failed to start: {}: {}",
                name(),
                function.handler(),
                function.code(),
                failed.errorType(),
                failed.errorMessage());
        if (held != null && end(held, worker, failed, Report.Status.ERROR)) {
            metrics.increment(Counter.FUNCTION_ERROR);
        }
        worker.kill(); // it exits by itself; this makes sure
    }

    /**
     * A POST over {@link Worker#MAX_RESPONSE_BYTES}: refused as Lambda's Runtime API refuses it,
     * and the invocation it answers ({@code requestId}, null for none) fails as on Lambda.
     */
    void tooLarge(Worker worker, String requestId, HttpServerResponse response) {
        metrics.increment(Counter.FUNCTION_RESPONSE_TOO_LARGE);
        RuntimeAnswers.tooLarge(response, Worker.MAX_RESPONSE_BYTES);
        Invocation invocation = requestId == null ? null : held(worker, requestId);
        if (invocation != null
                && end(
                        invocation,
                        worker,
                        Outcome.Failed.tooLarge(requestId, Worker.MAX_RESPONSE_BYTES),
                        Report.Status.ERROR)) {
            log.warn("function={} requestId={} answered over {} bytes", name(), requestId, Worker.MAX_RESPONSE_BYTES);
        }
    }

    void refuse(HttpServerResponse response, int status, String type, String message) {
        metrics.increment(Counter.FUNCTION_BAD_REQUEST);
        RuntimeAnswers.refused(response, status, type, message);
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
        if (held == null) {
            return;
        }
        if (end(held, worker, Outcome.Failed.exited(held.requestId(), status), Report.Status.ERROR)) {
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
        send(worker, invocation, response);
    }

    private Invocation pollLive() {
        Invocation next;
        while ((next = pending.poll()) != null && next.done()) {
            // timed out while queued
        }
        return next;
    }

    private void send(Worker worker, Invocation invocation, HttpServerResponse response) {
        worker.heldSinceNanos = System.nanoTime();
        worker.began(invocation);
        arm(invocation, function.timeout().toMillis(), false);
        RuntimeAnswers.next(response, invocation, arn);
    }

    /** The worker's invocation if {@code requestId} is it; else answers 400 and returns null. */
    private Invocation take(Worker worker, String requestId, HttpServerResponse response) {
        Invocation held = held(worker, requestId);
        if (held == null) {
            refuse(response, 400, "InvalidRequestID", "no invocation " + requestId + " in this process");
        }
        return held;
    }

    /** The worker's invocation, no longer its, if {@code requestId} is it; else null. */
    private synchronized Invocation held(Worker worker, String requestId) {
        Invocation held = worker.current;
        if (held != null && held.requestId().equals(requestId)) {
            worker.current = null;
            return held;
        }
        return null;
    }

    /**
     * Ends {@code invocation} with {@code outcome}, once: later answers are dropped. If {@code
     * worker} held it, the worker writes its END and REPORT.
     *
     * @return whether this ended it
     */
    private static boolean end(Invocation invocation, Worker worker, Outcome outcome, Report.Status status) {
        if (!invocation.finish(outcome)) {
            return false;
        }
        if (worker != null) {
            worker.ended(invocation, outcome, status);
        } else {
            invocation.logClosed();
        }
        return true;
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
        var outcome = Outcome.Failed.timeout(invocation.requestId(), function.timeout());
        if (end(invocation, holder, outcome, Report.Status.TIMEOUT)) {
            log.warn("function={} requestId={} {}", name(), invocation.requestId(), outcome.errorMessage());
            metrics.increment(Counter.FUNCTION_TIMEOUT);
        }
        if (holder != null) {
            holder.kill(); // the next invocation gets a fresh process
        }
    }

    @Override
    public String toString() {
        return "FunctionPool{" + name() + " processes=" + processes() + "}";
    }
}
