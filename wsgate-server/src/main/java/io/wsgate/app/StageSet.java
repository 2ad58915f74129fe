package io.wsgate.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.connection.CloseCode;
import io.wsgate.connection.Connection;
import io.wsgate.connection.ConnectionRegistry;
import io.wsgate.control.Snapshots;
import io.wsgate.dispatch.Deployer;
import io.wsgate.dispatch.Directory;
import io.wsgate.dispatch.DomainMapping;
import io.wsgate.dispatch.StageRuntime;
import io.wsgate.model.AccessLogSettings;
import io.wsgate.model.Api;
import io.wsgate.model.Stage;
import io.wsgate.observe.AccessLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages the gateway serves: the file's, fixed at start, and the control plane's, following
 * its state. A stage whose deployment or variables change gets a new route table, swapped in under
 * its live connections; a stage that goes away closes its connections with 1001; everything else
 * is left alone, so an undeployed change never reaches clients.
 */
final class StageSet {
    private static final Logger log = LoggerFactory.getLogger(StageSet.class);

    /** A served control-plane stage, with what its table was made from. */
    private record Served(
            StageRuntime runtime,
            String deploymentId,
            Map<String, String> stageVariables,
            io.wsgate.model.RouteSettings defaults,
            Map<String, io.wsgate.model.RouteSettings> routeSettings,
            Optional<AccessLogSettings> accessLog) {
        /** Whether {@code stage} is served by this as it is: same deployment, variables and throttles. */
        boolean serves(String deploymentId, Stage stage) {
            return this.deploymentId.equals(deploymentId)
                    && stageVariables.equals(stage.stageVariables())
                    && defaults.equals(stage.defaultRouteSettings())
                    && routeSettings.equals(stage.routeSettings());
        }
    }

    private final Deployer deployer;
    private final ConnectionRegistry registry;
    private final List<StageRuntime> fileStages;
    private final Set<String> fileApiIds = new HashSet<>();
    private final Set<String> fileDisabled = new HashSet<>();
    private final AtomicReference<Directory> directory = new AtomicReference<>();
    private final ReentrantLock lock = new ReentrantLock(); // not synchronized: callers may be virtual threads
    private Map<String, Served> served = new HashMap<>(); // guarded by lock

    private volatile java.util.function.Consumer<StageRuntime> added = stage -> {};

    /** {@code listener} is told of each stage served from now on that was not served before. */
    void onAdded(java.util.function.Consumer<StageRuntime> listener) {
        added = listener;
    }

    private final java.util.function.Function<StageRuntime, io.wsgate.observe.StageMetrics> meters;
    private final Function<Optional<AccessLogSettings>, AccessLog> accessLogs;

    /** As below, with nothing reported per stage. */
    StageSet(Deployer deployer, ConnectionRegistry registry, List<Api> fileApis, List<StageRuntime> fileStages) {
        this(
                deployer,
                registry,
                fileApis,
                fileStages,
                stage -> io.wsgate.observe.StageMetrics.NONE,
                settings -> AccessLog.OFF);
    }

    /**
     * @param meters what each stage served reports to, the file's included
     * @param accessLogs the access log of a stage with these settings, the file's included
     */
    StageSet(
            Deployer deployer,
            ConnectionRegistry registry,
            List<Api> fileApis,
            List<StageRuntime> fileStages,
            java.util.function.Function<StageRuntime, io.wsgate.observe.StageMetrics> meters,
            Function<Optional<AccessLogSettings>, AccessLog> accessLogs) {
        this.meters = meters;
        this.accessLogs = accessLogs;
        fileStages.forEach(stage -> stage.meter(meters.apply(stage)));
        for (StageRuntime stage : fileStages) {
            fileApis.stream()
                    .filter(api -> api.apiId().equals(stage.apiId()))
                    .flatMap(api -> api.stages().stream())
                    .filter(s -> s.stageName().equals(stage.stageName()))
                    .findFirst()
                    .ifPresent(s -> stage.accessLog(accessLogs.apply(s.accessLogSettings())));
        }
        this.deployer = deployer;
        this.registry = registry;
        this.fileStages = List.copyOf(fileStages);
        for (Api api : fileApis) {
            fileApiIds.add(api.apiId());
            if (api.disableExecuteApiEndpoint()) {
                fileDisabled.add(api.apiId());
            }
        }
        directory.set(new Directory(fileStages, List.of(), fileDisabled));
    }

    Directory directory() {
        return directory.get();
    }

    /** Serves what {@code state} says is deployed. */
    void apply(ObjectNode state) {
        lock.lock();
        try {
            applyLocked(state);
        } finally {
            lock.unlock();
        }
    }

    private void applyLocked(ObjectNode state) {
        var next = new HashMap<String, Served>();
        List<Api> deployed = Snapshots.deployedStages(
                state, (stage, e) -> log.error("cannot serve stage={}: {}", stage, e.getMessage()));
        for (Api api : deployed) {
            if (fileApiIds.contains(api.apiId())) {
                log.error("control-plane API {} has the id of an API in the file; the file's is served", api.apiId());
                continue;
            }
            Stage stage = api.stages().get(0);
            String key = api.apiId() + "/" + stage.stageName();
            String deploymentId = stage.deploymentId().orElseThrow();
            Served current = served.get(key);
            if (current != null && current.serves(deploymentId, stage)) {
                next.put(key, logged(current, stage));
                continue;
            }
            try {
                var table = deployer.table(api, stage);
                StageRuntime runtime = current != null ? current.runtime() : new StageRuntime(api, stage, table);
                if (current == null) {
                    runtime.meter(meters.apply(runtime));
                    runtime.accessLog(accessLogs.apply(stage.accessLogSettings()));
                } else if (!current.accessLog().equals(stage.accessLogSettings())) {
                    runtime.accessLog(accessLogs.apply(stage.accessLogSettings()));
                }
                if (current != null) {
                    runtime.swap(table); // live connections stay, and see the new routes from now on
                }
                next.put(
                        key,
                        new Served(
                                runtime,
                                deploymentId,
                                stage.stageVariables(),
                                stage.defaultRouteSettings(),
                                stage.routeSettings(),
                                stage.accessLogSettings()));
                log.info("serving api={} stage={} deployment={}", api.apiId(), stage.stageName(), deploymentId);
                if (current == null) {
                    added.accept(runtime);
                }
            } catch (RuntimeException e) { // InvalidModelException, or a bug: one stage, not all
                log.error("cannot serve api={} stage={}: {}", api.apiId(), stage.stageName(), e.getMessage());
                if (current != null) {
                    next.put(key, current);
                }
            }
        }
        for (var gone : served.keySet()) {
            if (!next.containsKey(gone)) {
                closeStage(served.get(gone).runtime());
            }
        }
        served = next;
        var stages = new ArrayList<>(fileStages);
        next.values().forEach(s -> stages.add(s.runtime()));
        List<DomainMapping> mappings = Snapshots.mappings(state);
        var disabled = new HashSet<>(fileDisabled);
        disabled.addAll(Snapshots.executeApiDisabled(state));
        directory.set(new Directory(stages, mappings, disabled));
    }

    /**
     * A served stage whose table stays: its access log follows its settings, which apply without a
     * deployment, as on AWS.
     */
    private Served logged(Served current, Stage stage) {
        if (current.accessLog().equals(stage.accessLogSettings())) {
            return current;
        }
        current.runtime().accessLog(accessLogs.apply(stage.accessLogSettings()));
        return new Served(
                current.runtime(),
                current.deploymentId(),
                current.stageVariables(),
                current.defaults(),
                current.routeSettings(),
                stage.accessLogSettings());
    }

    /**
     * A stage no longer served: its clients are told it is going away, and a {@code $connect}
     * still running for it ends the same way once accepted.
     */
    private void closeStage(StageRuntime stage) {
        log.info("stage removed api={} stage={}", stage.apiId(), stage.stageName());
        stage.retire();
        for (Connection connection : registry.all()) {
            if (connection.apiId().equals(stage.apiId()) && connection.stage().equals(stage.stageName())) {
                connection.close(CloseCode.GOING_AWAY.asReason());
            }
        }
    }
}
