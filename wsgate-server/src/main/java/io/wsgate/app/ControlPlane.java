package io.wsgate.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.wsgate.auth.Iam;
import io.wsgate.config.GatewaySettings;
import io.wsgate.control.ControlListener;
import io.wsgate.control.Snapshots;
import io.wsgate.dispatch.Deployer;
import io.wsgate.dispatch.UsagePlans;
import io.wsgate.model.Api;
import io.wsgate.model.InvalidModelException;
import io.wsgate.model.Problem;
import io.wsgate.observe.Metrics;
import io.wsgate.runtime.RuntimeHost;
import io.wsgate.store.StateStore;
import io.wsgate.transport.ConnectionGuard;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/** The control plane's parts: its store in the data directory, and its listener. */
final class ControlPlane {
    private final StateStore store;
    private final ControlListener listener;
    private final GatewaySettings.Control settings;
    private final ConnectionGuard guard;
    private final io.wsgate.control.ControlContext context;
    private final UsagePlans usagePlans;
    private final java.nio.file.Path usage;
    private final Vertx vertx;
    private final long saver;
    private int port;

    /** Where what API keys used is kept, beside the state file. */
    static final String USAGE_FILE = "usage.json";

    /** How often what API keys used is written, when it changed: a crash loses at most this much. */
    static final long USAGE_SAVE_MILLIS = 5_000;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ControlPlane.class);

    /**
     * @param endpoint the base URL of the data plane, such as {@code ws://127.0.0.1:8080}
     * @param guard the listener's cap and its header and keep-alive timers, as the data plane's
     * @param runtimes the local functions, whose Lambda Invoke API the listener serves too
     * @param iam the identities whose signatures the listener checks, if any: for {@code apigateway}
     *     on the apigatewayv2 operations, for {@code lambda} on the Invoke API
     * @param usagePlans what serves the stored API keys and usage plans to connects; what they used
     *     is kept in {@code usage.json} beside the state
     * @param scrape what answers {@code GET /metrics}, unsigned, as Prometheus scrapes it
     * @param console what answers the console's page and its endpoints ({@link io.wsgate.console.Console#PATHS})
     * @throws io.wsgate.store.StoreException when the data directory cannot be used
     */
    ControlPlane(
            Vertx vertx,
            GatewaySettings.Control settings,
            Deployer deployer,
            StageSet stages,
            Supplier<String> endpoint,
            Clock clock,
            Metrics metrics,
            ConnectionGuard guard,
            RuntimeHost runtimes,
            Iam iam,
            UsagePlans usagePlans,
            io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> scrape,
            io.wsgate.console.Console console) {
        this.settings = settings;
        this.guard = guard;
        this.store = StateStore.open(settings.dataDirectory());
        this.context = new io.wsgate.control.ControlContext(
                store,
                settings.region(),
                settings.accountId(),
                apiId -> endpoint.get() + "/" + apiId,
                api -> check(deployer, api),
                clock,
                usagePlans);
        this.listener = new ControlListener(
                        vertx,
                        context,
                        settings.requestsPerSecond(),
                        settings.burst(),
                        iam.forService("apigateway"),
                        metrics)
                .mount(RuntimeHost.INVOKE_PATH, runtimes.invokeApi(settings.accountId(), iam.forService("lambda")))
                .mountRead(java.util.regex.Pattern.quote(PrometheusMetrics.PATH), scrape)
                .mountAny(io.wsgate.console.Console.PATHS, console);
        stages.apply(store.state());
        store.subscribe(stages::apply);
        this.usagePlans = usagePlans;
        this.usage = store.path().resolveSibling(USAGE_FILE);
        usagePlans.load(usage);
        usagePlans.replace(Snapshots.apiKeys(store.state()), Snapshots.usagePlans(store.state()));
        store.subscribe(state -> usagePlans.replace(Snapshots.apiKeys(state), Snapshots.usagePlans(state)));
        this.vertx = vertx;
        this.saver = vertx.setPeriodic(
                USAGE_SAVE_MILLIS,
                id -> vertx.executeBlocking(() -> {
                    saveUsage();
                    return null;
                }));
    }

    /** Writes what API keys used, if it changed; a failure is logged, and tried again at the next save. */
    private void saveUsage() {
        try {
            usagePlans.save(usage);
        } catch (RuntimeException e) {
            log.warn("cannot save API key usage: {}", e.getMessage());
        }
    }

    private static List<Problem> check(Deployer deployer, Api api) {
        try {
            deployer.deploy(List.of(api));
            return List.of();
        } catch (InvalidModelException e) {
            return e.problems();
        }
    }

    Future<Integer> listen() {
        return listener.listen(settings.host(), settings.port(), guard::accepted, guard::requests)
                .map(p -> {
                    port = p;
                    return p;
                });
    }

    /** The address it binds, as configured. */
    String host() {
        return settings.host();
    }

    /** The port it was asked to bind; 0 for any. */
    int requestedPort() {
        return settings.port();
    }

    /** The address and port it is bound to, as a URL: {@code http://0.0.0.0:8081} for a wildcard. */
    URI boundUrl() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return URI.create("http://" + host + ":" + port);
    }

    /** The control plane's base URL, with loopback for a wildcard address. */
    URI url() {
        return URI.create("http://" + Gateway.urlHost(settings.host()) + ":" + port);
    }

    /** The operations the listener serves, called in process. */
    io.wsgate.control.ControlService service() {
        return new io.wsgate.control.ControlService(context);
    }

    StateStore store() {
        return store;
    }

    Future<Void> close() {
        vertx.cancelTimer(saver);
        return listener.close().eventually(() -> {
            saveUsage();
            store.close();
            return Future.succeededFuture();
        });
    }
}
