package io.wsgate.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child process of a function and the Runtime API endpoint it alone talks to. The endpoint is
 * the process's own (not shared with the function's other processes) so that an invocation is
 * always known to be in one process: the one to kill when it times out, and whose exit fails it.
 *
 * <p>State (guarded by the pool's lock): {@link #current}, the invocation the process holds or is
 * being started for; {@link #parked}, its {@code next} request waiting for work, never both;
 * {@link #asked}, whether it has asked for work yet (until then it is in its init phase).
 */
final class Worker {
    static final String PREFIX = "/2018-06-01/runtime/";
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Logger output = LoggerFactory.getLogger("io.wsgate.runtime.FunctionOutput");

    private final FunctionPool pool;
    private final int serial;
    private HttpServer server;
    private Process process;

    Invocation current;
    HttpServerResponse parked;
    long idleSinceNanos = System.nanoTime();
    boolean asked; // has called next at least once: its init is over
    boolean killed;

    Worker(FunctionPool pool, int serial, Invocation first) {
        this.pool = pool;
        this.serial = serial;
        this.current = first;
    }

    /** Binds the endpoint; the port it is on. */
    Future<Integer> listen(Vertx vertx) {
        server = vertx.createHttpServer().requestHandler(this::handle);
        return server.listen(0, "127.0.0.1").map(HttpServer::actualPort);
    }

    /** Starts the process (blocking: call off the event loop) and its output readers. */
    void start(ProcessBuilder builder) throws IOException {
        Process started = builder.start();
        synchronized (this) {
            process = started;
            if (killed) { // stopped while it was starting
                started.destroyForcibly();
            }
        }
        String name = pool.name() + "#" + serial;
        read(started.getInputStream(), name, "stdout");
        read(started.getErrorStream(), name, "stderr");
        started.onExit().thenAccept(p -> pool.exited(this, p.exitValue()));
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

    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    int serial() {
        return serial;
    }

    private static void read(InputStream stream, String name, String which) {
        Thread.ofVirtual().name("wsgate-fn-" + which + "-" + name).start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.info("[{}] {}", name, line);
                }
            } catch (IOException e) {
                log.debug("function={} {} closed: {}", name, which, e.toString());
            }
        });
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (!path.startsWith(PREFIX)) {
            pool.refuse(request.response(), 404, "UnknownPath", "no such path: " + path);
            return;
        }
        String rest = path.substring(PREFIX.length());
        if (request.method() == HttpMethod.GET && rest.equals("invocation/next")) {
            pool.next(this, request.response());
            return;
        }
        if (request.method() != HttpMethod.POST) {
            pool.refuse(request.response(), 405, "MethodNotAllowed", request.method() + " " + path);
            return;
        }
        request.body().onComplete(ar -> {
            if (ar.failed()) {
                return; // the process went away mid-request; its exit fails what it held
            }
            Buffer body = ar.result();
            if (rest.equals("init/error")) {
                pool.initError(this, body.getBytes(), request.response());
            } else if (rest.startsWith("invocation/") && rest.endsWith("/response")) {
                pool.response(this, id(rest, "/response"), body.getBytes(), request.response());
            } else if (rest.startsWith("invocation/") && rest.endsWith("/error")) {
                pool.error(this, id(rest, "/error"), body.getBytes(), request.response());
            } else {
                pool.refuse(request.response(), 404, "UnknownPath", "no such path: " + path);
            }
        });
    }

    private static String id(String rest, String suffix) {
        return rest.substring("invocation/".length(), rest.length() - suffix.length());
    }

    @Override
    public String toString() {
        return "Worker{" + pool.name() + "#" + serial + (current == null ? "" : " " + current.requestId()) + "}";
    }
}
