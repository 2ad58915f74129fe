package io.wsgate.runtime;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.wsgate.config.RuntimeSettings;
import io.wsgate.integration.FunctionBinder;
import io.wsgate.integration.FunctionName;
import io.wsgate.integration.InvokerFactory;
import io.wsgate.integration.LambdaFunction;
import io.wsgate.integration.Timeouts;
import io.wsgate.model.InvalidModelException;
import io.wsgate.model.Problem;
import io.wsgate.model.RuntimeFunction;
import io.wsgate.observe.Metrics;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local functions of one gateway: one {@link FunctionPool} each, the bootstraps copied to a
 * directory of this run's (where {@code .zip} code is unpacked too), a JVM shutdown hook that kills
 * every child should the gateway not be stopped, and, with hot reload, one {@link CodeWatcher} for
 * the code of them all. {@link #stop()} kills every child and removes the directory.
 *
 * <p>With hot reload an invocation waits for {@link CodeWatcher#settled()} before it is handed to
 * a process, so that a change written just before it reloads the function first.
 */
public final class RuntimeHost {
    /** How often idle processes are looked for: a fraction of {@link FunctionPool#IDLE_LIFETIME}. */
    private static final long REAP_INTERVAL_MILLIS = 30_000;

    /** How long the JVM exit hook waits for a gateway's drain to begin, and for its stop beyond the window. */
    private static final long HOOK_WAIT_MILLIS = 500;

    private static final Logger log = LoggerFactory.getLogger(RuntimeHost.class);

    private final Map<String, FunctionPool> pools = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, RuntimeFunction> defined = new java.util.concurrent.ConcurrentHashMap<>();
    private Launch launch; // null without functions
    private final Vertx vertx;
    private final Metrics metrics;
    private final String region;
    private final Path bootstraps; // this run's directory; null without functions
    private final CodeWatcher watcher; // null without hot reload or without functions
    private final Thread hook;
    private final java.util.concurrent.CountDownLatch draining = new java.util.concurrent.CountDownLatch(1);
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile java.time.Duration drainWindow = java.time.Duration.ZERO;
    private final long reaper;
    private final Timeouts timeouts;

    /**
     * Copies the bootstraps out and unpacks {@code .zip} code (when there are functions), makes the
     * pools and, if {@code hotReload}, starts watching their code; starts no process. The
     * interpreters are those found on the PATH.
     *
     * @throws InvalidModelException when a {@code .zip} cannot be unpacked
     */
    public RuntimeHost(Vertx vertx, List<RuntimeFunction> functions, Metrics metrics, boolean hotReload) {
        this(vertx, functions, RuntimeSettings.DEFAULT, metrics, hotReload, Callbacks.NONE, Timeouts.JDK);
    }

    /**
     * As above, with the interpreters {@code runtimes} names (one may be run once to see that it
     * starts), processes that can call the gateway back as {@code callbacks} says, and hot
     * reload's wait bounded by a timer of {@code timeouts}.
     */
    public RuntimeHost(
            Vertx vertx,
            List<RuntimeFunction> functions,
            RuntimeSettings runtimes,
            Metrics metrics,
            boolean hotReload,
            Callbacks callbacks,
            Timeouts timeouts) {
        this.timeouts = timeouts;
        this.vertx = vertx;
        this.metrics = metrics;
        this.region = Launch.region(System.getenv());
        if (functions.isEmpty()) {
            bootstraps = null;
            watcher = null;
            hook = null;
            reaper = -1;
            return;
        }
        bootstraps = Bootstraps.copy();
        try {
            watcher = makePools(functions, runtimes, metrics, hotReload, callbacks);
        } catch (RuntimeException e) {
            Bootstraps.delete(bootstraps);
            throw e;
        }
        hook = new Thread(this::onJvmExit, "wsgate-runtime-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        reaper = vertx.setPeriodic(REAP_INTERVAL_MILLIS, id -> pools.values().forEach(FunctionPool::reap));
    }

    /** One pool per function, one {@link FunctionCode} per code they name; the watcher, if wanted. */
    private CodeWatcher makePools(
            List<RuntimeFunction> functions,
            RuntimeSettings runtimes,
            Metrics metrics,
            boolean hotReload,
            Callbacks callbacks) {
        this.launch = new Launch(bootstraps, System.getenv(), runtimes, callbacks);
        for (RuntimeFunction function : functions) {
            FunctionCode code = codes.computeIfAbsent(function.code(), path -> code(function));
            var pool = new FunctionPool(function, vertx, launcher(code), metrics, region);
            code.add(pool);
            pools.put(function.name(), pool);
            defined.put(function.name(), function);
            log.info(
                    "function={} runtime={} interpreter={} handler={} code={} timeout={}s concurrency={}",
                    function.name(),
                    function.runtime().id(),
                    launch.binary(function.runtime()), // chosen here, not on an event loop
                    function.handler(),
                    function.code(),
                    function.timeout().toSeconds(),
                    function.concurrency());
        }
        if (!hotReload) {
            log.info("hot-reload=false: a change to a function's code needs a restart");
            return null;
        }
        var watching = new CodeWatcher(bootstraps.resolve("marks"), timeouts);
        codes.values().forEach(code -> watching.watch(code.path(), code::changed));
        watching.start();
        log.info(
                "hot-reload=true: watching {} directories of {} functions' code",
                watching.directories(),
                functions.size());
        return watching;
    }

    /** One per code directory or {@code .zip} the functions name, in the order first named. */
    private final Map<Path, FunctionCode> codes = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    private final java.util.concurrent.atomic.AtomicInteger unpacked = new java.util.concurrent.atomic.AtomicInteger();

    /** {@code function}'s code, unpacked (if a {@code .zip}) in a directory of its own. */
    private FunctionCode code(RuntimeFunction function) {
        return new FunctionCode(
                function, bootstraps.resolve("code").resolve(Integer.toString(unpacked.getAndIncrement())), metrics);
    }

    private FunctionPool.Launcher launcher(FunctionCode code) {
        Launch how = launch;
        return (f, port) -> how.builder(code.run(f), port);
    }

    /**
     * The functions are now {@code functions}, as a changed template defines them: a function whose
     * definition changed has its processes retired and starts again as defined (its code's
     * watching, if any, stays on the directory it had); a new one gets its pool; one no longer
     * defined keeps running, for integrations that still name it. Returns the names redefined or
     * added.
     *
     * @throws IllegalStateException when functions are added to a host started without any (a
     *     restart is needed), or an added function's {@code .zip} cannot be unpacked
     */
    public synchronized List<String> redefine(List<RuntimeFunction> functions) {
        var changed = new ArrayList<String>();
        for (RuntimeFunction function : functions) {
            RuntimeFunction before = defined.get(function.name());
            if (function.equals(before)) {
                continue;
            }
            if (bootstraps == null) {
                throw new IllegalStateException("function " + function.name()
                        + " is new, and this gateway started without functions: restart it");
            }
            // A directory's code is shared with the functions already on it; a .zip is unpacked
            // again, so that the function starts on what the archive holds now.
            FunctionCode code =
                    function.zipped() ? code(function) : codes.computeIfAbsent(function.code(), path -> code(function));
            FunctionPool pool = pools.get(function.name());
            if (pool == null) {
                pool = new FunctionPool(function, vertx, launcher(code), metrics, region);
                pools.put(function.name(), pool);
                log.info(
                        "function={} added runtime={} handler={} code={}",
                        function.name(),
                        function.runtime().id(),
                        function.handler(),
                        function.code());
            } else {
                pool.redefine(function, launcher(code));
                log.info(
                        "function={} redefined, reloading runtime={} handler={} code={}",
                        function.name(),
                        function.runtime().id(),
                        function.handler(),
                        function.code());
            }
            code.add(pool);
            defined.put(function.name(), function);
            changed.add(function.name());
        }
        return changed;
    }

    /** Completes once every change to the functions' code made before the call has reached their pools. */
    private CompletableFuture<Void> settled() {
        return watcher == null ? CompletableFuture.completedFuture(null) : watcher.settled();
    }

    /**
     * Serves {@code AWS_PROXY} integrations whose URI names one of these functions, in any form
     * {@link FunctionName} reads; hands the others to {@code otherwise}.
     */
    public InvokerFactory factory(InvokerFactory otherwise) {
        return (api, stage, integration) -> {
            FunctionPool pool = pools.get(FunctionName.of(integration).name());
            if (pool == null) {
                return otherwise.create(api, stage, integration);
            }
            return watcher == null ? pool : event -> settled().thenCompose(v -> pool.invoke(event));
        };
    }

    /**
     * Calls these functions with any JSON payload (an authorizer's event), as Lambda's Invoke API
     * does; hands the other names to {@code otherwise}.
     */
    public FunctionBinder binder(FunctionBinder otherwise) {
        return (api, stage, name) -> {
            FunctionPool pool = pools.get(name.name());
            if (pool == null) {
                return otherwise.bind(api, stage, name);
            }
            LambdaFunction calls = pool.calls();
            return payload -> settled().thenCompose(v -> calls.call(payload));
        };
    }

    /** The path {@link #invokeApi()} serves, as a regular expression: Lambda's Invoke operation. */
    public static final String INVOKE_PATH = InvokeApi.PATH;

    /**
     * Lambda's Invoke API for these functions ({@code POST /2015-03-31/functions/NAME/invocations},
     * {@link #INVOKE_PATH}), to be served where the caller mounts it; every other name is answered
     * {@code ResourceNotFoundException}. It reads the request's body itself. With {@code iam}'s
     * identities, calls must be signed for {@code lambda} by one allowed {@code lambda:InvokeFunction}.
     *
     * @param accountId what the functions' ARNs name
     */
    public Handler<HttpServerRequest> invokeApi(String accountId, io.wsgate.auth.Iam iam) {
        return new InvokeApi(vertx, pools::get, this::settled, metrics, region, accountId, iam);
    }

    /** As {@link #binder(FunctionBinder)}, binding nothing: for checks. */
    public static FunctionBinder checkingBinder(Set<String> names, FunctionBinder otherwise) {
        return (api, stage, name) ->
                names.contains(name.name()) ? FunctionBinder.UNBOUND : otherwise.bind(api, stage, name);
    }

    /** As {@link #factory(InvokerFactory)}, binding nothing: for checks. */
    public static InvokerFactory checker(Set<String> names, InvokerFactory otherwise) {
        return (api, stage, integration) ->
                names.contains(FunctionName.of(integration).name())
                        ? InvokerFactory.UNBOUND
                        : otherwise.create(api, stage, integration);
    }

    /**
     * What stops {@code functions} from running that can be known before a request: a code
     * directory or {@code .zip} that is not there, a {@code .zip} that cannot be unpacked, a
     * handler file the code directory does not hold ({@link HandlerFiles}), an interpreter that
     * is neither named in {@code runtimes} nor on the PATH, or named and not there (see {@link
     * Interpreters}).
     */
    public static List<Problem> problems(List<RuntimeFunction> functions, RuntimeSettings runtimes) {
        return problems(functions, runtimes, System.getenv("PATH"));
    }

    /** As {@link #problems(List, RuntimeSettings)}, with the interpreters found on the PATH. */
    public static List<Problem> problems(List<RuntimeFunction> functions) {
        return problems(functions, RuntimeSettings.DEFAULT);
    }

    /** As {@link #problems(List)}, with the binaries looked for on {@code pathVariable}. */
    static List<Problem> problems(List<RuntimeFunction> functions, String pathVariable) {
        return problems(functions, RuntimeSettings.DEFAULT, pathVariable);
    }

    /** As {@link #problems(List, RuntimeSettings)}, with the binaries looked for on {@code pathVariable}. */
    static List<Problem> problems(List<RuntimeFunction> functions, RuntimeSettings runtimes, String pathVariable) {
        var problems = new ArrayList<Problem>();
        for (RuntimeFunction function : functions) {
            String at = "functions." + function.name();
            List<Problem> missing = function.missing();
            missing.forEach(p -> problems.add(p.under(at)));
            if (missing.isEmpty() && function.zipped()) {
                ZippedCode.problems(function.code()).forEach(p -> problems.add(p.under(at)));
            }
            HandlerFiles.problem(function).ifPresent(p -> problems.add(p.under(at)));
        }
        problems.addAll(Interpreters.problems(functions, runtimes, pathVariable));
        return problems;
    }

    /** How many processes {@code function} runs now. */
    public int processes(String function) {
        FunctionPool pool = pools.get(function);
        return pool == null ? 0 : pool.processes();
    }

    /**
     * The gateway has begun to drain for up to {@code window} and will {@link #stop()} this host
     * after it: until then the JVM's exit leaves the children running, so that {@code $disconnect}
     * reaches them during the drain a signal starts.
     */
    public void draining(java.time.Duration window) {
        drainWindow = window;
        draining.countDown();
    }

    /** Kills every child; completes when all have exited. */
    public CompletableFuture<Void> stop() {
        draining.countDown();
        if (bootstraps == null) {
            return CompletableFuture.completedFuture(null);
        }
        vertx.cancelTimer(reaper);
        if (watcher != null) {
            watcher.close();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
        return CompletableFuture.allOf(
                        pools.values().stream().map(FunctionPool::stop).toArray(CompletableFuture[]::new))
                .whenComplete((v, e) -> {
                    Bootstraps.delete(bootstraps);
                    stopped.complete(null);
                });
    }

    /**
     * The JVM exits without this host stopped yet. Shutdown hooks run at once, so a signal's hook
     * that drains the gateway ({@link #draining}) may not have begun: wait a moment for it, then,
     * if it has, for the drain and this host's stop; kill what is left either way.
     */
    private void onJvmExit() {
        try {
            if (draining.await(HOOK_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                stopped.get(drainWindow.toMillis() + HOOK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the stop failed or is late: kill below
        }
        pools.values().forEach(FunctionPool::stop);
    }

    @Override
    public String toString() {
        return "RuntimeHost" + pools.values();
    }

    /** Whether {@code path} names an executable file. */
    static boolean executable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }

    /** The first {@code binary} on {@code pathVariable}. */
    static Optional<Path> find(String binary, String pathVariable) {
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (!dir.isEmpty() && executable(Path.of(dir, binary))) {
                return Optional.of(Path.of(dir, binary));
            }
        }
        return Optional.empty();
    }
}
