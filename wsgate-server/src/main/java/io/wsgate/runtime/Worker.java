package io.wsgate.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child process of a function and the Runtime API endpoint it alone talks to. The endpoint is
 * the process's own (not shared with the function's other processes) so that an invocation is
 * always known to be in one process: the one to kill when it times out, and whose exit fails it.
 *
 * <p>It writes the process's log as Lambda does, to the logger {@code
 * io.wsgate.runtime.FunctionOutput}, each line prefixed with {@code [FUNCTION#SERIAL]}: START when
 * an invocation is handed to the process, every line the process prints, then END and REPORT
 * once what the process printed before it answered has been read: both streams have passed the
 * bootstrap's end mark for it ({@link OutputReader#MARK}) or ended, or the answer says no mark
 * follows ({@value #NO_END_MARK}: wsgate's bootstraps mark only an invocation that printed), or
 * the process asks for its next invocation, or {@value #UNMARKED_MILLIS} ms have passed (a
 * runtime that marks nothing).
 *
 * <p>State (guarded by the pool's lock): {@link #current}, the invocation the process holds or is
 * being started for; {@link #parked}, its {@code next} request waiting for work; never both.
 */
final class Worker {
    static final String PREFIX = "/2018-06-01/runtime/";

    /** Lambda's limit on a synchronous response: 6 MB and 100 bytes, as its error message says. */
    static final int MAX_RESPONSE_BYTES = 6_291_556;

    /**
     * The header of an answer after which no end mark comes, since nothing was printed since the
     * last one: {@code Wsgate-End-Mark: none}.
     */
    static final String NO_END_MARK = "Wsgate-End-Mark";

    /** How long END and REPORT wait for the end marks of a runtime that writes none. */
    static final long UNMARKED_MILLIS = 200;

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Logger output = LoggerFactory.getLogger("io.wsgate.runtime.FunctionOutput");

    private final FunctionPool pool;
    private final int serial;
    private final String prefix;
    private volatile Vertx vertx;
    private HttpServer server;
    private Process process;
    private volatile OutputReader stdout;
    private volatile OutputReader stderr;
    private volatile PeakMemory memory;
    private volatile long startNanos;
    private volatile long initNanos;
    private boolean initReported;
    private volatile Invocation logging; // whose log the process's lines go to
    private final String[] marks = new String[2]; // the request id each stream marked last
    private String quiet; // the request id whose answer said no mark follows, last
    private Unwritten unwritten; // the END and REPORT of an ended invocation, until written

    /** What is written once {@code requestId}'s output has been read. */
    private record Unwritten(String requestId, Runnable write) {}

    Invocation current;
    HttpServerResponse parked;
    long idleSinceNanos = System.nanoTime();
    long heldSinceNanos; // when it was handed its invocation; 0 until it has been handed one
    volatile boolean killed;
    boolean retired; // its code changed: stopped once it holds nothing

    /** Under the pool's lock: it answered its last invocation and will ask for the next. */
    boolean returning() {
        return current == null && parked == null && !killed && !retired;
    }

    Worker(FunctionPool pool, int serial, Invocation first) {
        this.pool = pool;
        this.serial = serial;
        this.prefix = "[" + pool.name() + "#" + serial + "] ";
        this.current = first;
    }

    /** Binds the endpoint; the port it is on. */
    Future<Integer> listen(Vertx vertx) {
        this.vertx = vertx;
        server = vertx.createHttpServer().requestHandler(this::handle);
        return server.listen(0, "127.0.0.1").map(HttpServer::actualPort);
    }

    /** Starts the process (blocking: call off the event loop) and its output readers. */
    void start(ProcessBuilder builder) throws IOException {
        startNanos = System.nanoTime();
        Process started = builder.start();
        synchronized (this) {
            process = started;
            if (killed) { // stopped while it was starting
                started.destroyForcibly();
            }
        }
        String name = pool.name() + "#" + serial;
        stdout = new OutputReader(started.getInputStream(), this::printed, id -> marked(0, id), this::caughtUp)
                .start("wsgate-fn-stdout-" + name);
        stderr = new OutputReader(started.getErrorStream(), this::printed, id -> marked(1, id), this::caughtUp)
                .start("wsgate-fn-stderr-" + name);
        memory = PeakMemory.of(started.pid());
        started.onExit().thenAccept(p -> {
            memory.close();
            pool.exited(this, p.exitValue());
        });
        log.debug("function={} process={} pid={} started", pool.name(), serial, started.pid());
    }

    /** Kills the process and whatever it started; its exit is reported to the pool as any exit. */
    synchronized void kill() {
        killed = true;
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Completes when the process has exited (at once if it never started). */
    synchronized java.util.concurrent.CompletableFuture<?> exit() {
        return process == null ? java.util.concurrent.CompletableFuture.completedFuture(null) : process.onExit();
    }

    /** The CPU time the process has used, in nanoseconds; 0 before it starts, or where the system does not tell. */
    synchronized long cpuNanos() {
        return process == null
                ? 0
                : process.info()
                        .totalCpuDuration()
                        .map(java.time.Duration::toNanos)
                        .orElse(0L);
    }

    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    int serial() {
        return serial;
    }

    /** {@code invocation} is handed to the process now: its START line, and its log from here. */
    void began(Invocation invocation) {
        Unwritten previous;
        synchronized (this) {
            previous = unwritten; // the process asks for more: what it printed before is written
            unwritten = null;
        }
        if (previous != null) {
            previous.write().run();
        }
        invocation.sent();
        logging = invocation;
        write(invocation, Report.start(invocation.requestId()));
    }

    /**
     * {@code invocation}, which this process held, has ended with {@code outcome}, as {@code
     * status} says; its REPORT is measured now (before a timeout's kill), and written with END
     * once the output before it is read, or when the process is handed its next invocation,
     * whichever comes first.
     */
    void ended(Invocation invocation, Outcome outcome, Report.Status status) {
        OptionalLong init = OptionalLong.empty();
        synchronized (this) {
            if (!initReported && initNanos != 0) {
                initReported = true;
                init = OptionalLong.of(initNanos - startNanos);
            }
        }
        pool.invoked(invocation.durationNanos(), init.orElse(-1));
        if (!output.isInfoEnabled() && !invocation.keepsLog()) {
            if (logging == invocation) {
                logging = null;
            }
            invocation.logClosed();
            return;
        }
        if (!invocation.wasSent()) { // it failed before the process asked for it
            write(invocation, Report.start(invocation.requestId()));
        }
        Optional<String> errorType = outcome instanceof Outcome.Failed f && status == Report.Status.ERROR
                ? Optional.of(f.errorType())
                : Optional.empty();
        Optional<String> note =
                outcome instanceof Outcome.Failed f && f.timedOut() ? Optional.of(f.errorMessage()) : Optional.empty();
        var report = new Report(
                invocation.requestId(),
                invocation.durationNanos(),
                init,
                pool.memorySizeMb(),
                peakMemory(), // empty once the process has exited
                status,
                errorType);
        Runnable write = () -> {
            note.ifPresent(line -> write(invocation, line));
            write(invocation, Report.end(invocation.requestId()));
            write(invocation, report.line());
            if (logging == invocation) {
                logging = null;
            }
            invocation.logClosed();
        };
        synchronized (this) {
            unwritten = new Unwritten(invocation.requestId(), write);
        }
        if (writeEnd(invocation.requestId(), false)) {
            return;
        }
        try {
            vertx.setTimer(UNMARKED_MILLIS, id -> writeEnd(invocation.requestId(), true));
        } catch (RuntimeException e) { // Vert.x is closing: the log is written as it stands
            writeEnd(invocation.requestId(), true);
        }
    }

    /**
     * Writes {@code requestId}'s END and REPORT if its output has been read, or {@code anyway};
     * whether they are written, now or before.
     */
    private boolean writeEnd(String requestId, boolean anyway) {
        Unwritten due;
        synchronized (this) {
            boolean waiting = unwritten != null && unwritten.requestId().equals(requestId);
            if (waiting && !anyway && !(read(0, stdout) && read(1, stderr))) {
                return false;
            }
            due = waiting ? unwritten : null;
            unwritten = waiting ? null : unwritten;
        }
        if (due != null) {
            due.write().run();
        }
        return true;
    }

    /** Under the lock: whether stream {@code index} has passed the pending invocation's end. */
    private boolean read(int index, OutputReader reader) {
        return reader == null
                || reader.ended()
                || unwritten.requestId().equals(marks[index])
                || unwritten.requestId().equals(quiet);
    }

    private void marked(int index, String requestId) {
        synchronized (this) {
            marks[index] = requestId;
        }
        writeEnd(requestId, false);
    }

    /** Both streams count as past {@code requestId}'s end: it printed nothing, so nothing can follow. */
    private synchronized void passed(String requestId) {
        quiet = requestId;
    }

    /** A stream has ended: what waited for it may be written. */
    private void caughtUp() {
        String waiting;
        synchronized (this) {
            waiting = unwritten == null ? null : unwritten.requestId();
        }
        if (waiting != null) {
            writeEnd(waiting, false);
        }
    }

    private OptionalLong peakMemory() {
        PeakMemory m = memory;
        return m == null ? OptionalLong.empty() : m.megabytes();
    }

    private void printed(String line) {
        output.info("{}{}", prefix, line);
        Invocation to = logging;
        if (to != null) {
            to.logged(line);
        }
    }

    private void write(Invocation invocation, String line) {
        output.info("{}{}", prefix, line);
        invocation.logged(line);
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (!path.startsWith(PREFIX)) {
            pool.refuse(request.response(), 404, "UnknownPath", "no such path: " + path);
            return;
        }
        String rest = path.substring(PREFIX.length());
        if (request.method() == HttpMethod.GET && rest.equals("invocation/next")) {
            initDone();
            pool.next(this, request.response());
            return;
        }
        if (request.method() != HttpMethod.POST) {
            pool.refuse(request.response(), 405, "MethodNotAllowed", request.method() + " " + path);
            return;
        }
        if (rest.equals("init/error")) {
            initDone();
        }
        readBody(request, rest);
    }

    /** The end of init: the process's first {@code next}, or its {@code init/error}. */
    private void initDone() {
        if (initNanos == 0) {
            initNanos = System.nanoTime();
        }
    }

    /**
     * Reads a POST's body up to {@link #MAX_RESPONSE_BYTES} and hands it to the pool; one over it
     * is refused with 413 as soon as that is known, and fails the invocation it answers, as
     * Lambda fails it.
     */
    private void readBody(HttpServerRequest request, String rest) {
        HttpServerResponse response = request.response();
        boolean answer = rest.startsWith("invocation/") && (rest.endsWith("/response") || rest.endsWith("/error"));
        String requestId = answer ? id(rest, rest.endsWith("/response") ? "/response" : "/error") : null;
        boolean unmarked = answer && "none".equals(request.getHeader(NO_END_MARK));
        BoundedBody.read(
                request,
                MAX_RESPONSE_BYTES,
                body -> {
                    if (unmarked) {
                        passed(requestId); // before the answer ends the invocation and asks
                    }
                    if (rest.equals("init/error")) {
                        pool.initError(this, body, response);
                    } else if (answer && rest.endsWith("/response")) {
                        pool.answered(this, requestId, new Outcome.Returned(requestId, body), response);
                    } else if (answer) {
                        pool.answered(this, requestId, Outcome.Failed.posted(requestId, body), response);
                    } else {
                        pool.refuse(response, 404, "UnknownPath", "no such path: " + request.path());
                    }
                },
                () -> pool.tooLarge(this, requestId, response));
    }

    private static String id(String rest, String suffix) {
        return rest.substring("invocation/".length(), rest.length() - suffix.length());
    }

    @Override
    public String toString() {
        return "Worker{" + pool.name() + "#" + serial + (current == null ? "" : " " + current.requestId()) + "}";
    }
}
