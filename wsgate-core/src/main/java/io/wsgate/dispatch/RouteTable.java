package io.wsgate.dispatch;

import io.wsgate.integration.Invoker;
import io.wsgate.model.Route;
import io.wsgate.route.RouteSelector;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The routes of one deployment on one stage, each bound to its invoker, with the stage variables
 * they were bound with. Immutable: a new deployment makes a new table, swapped in whole.
 */
public final class RouteTable {
    /**
     * A route ready to take events.
     *
     * @param invoker empty when the route has no integration
     * @param twoWay whether the integration's result goes back to the client, worked out once
     * @param authorize the authorize step of a {@code $connect} route with an authorizer
     * @param throttle the bucket of a route the stage throttles ({@code $disconnect} never is)
     * @param executionLog what the route's events write to the execution log
     * @param detailedMetrics whether the route's metrics are also reported with its {@code Route}
     *     dimension ({@code detailedMetricsEnabled})
     */
    public record Target(
            Route route,
            Optional<Invoker> invoker,
            boolean twoWay,
            List<ConnectStep> checks,
            Optional<TokenBucket> throttle,
            boolean timed,
            ExecutionLog executionLog,
            boolean detailedMetrics) {
        public Target {
            checks = List.copyOf(checks);
        }

        /** What this route's events report to on {@code stage}: with its own dimension when detailed. */
        public io.wsgate.observe.StageMetrics metrics(StageRuntime stage) {
            return detailedMetrics ? stage.metrics().route(route.routeKey()) : stage.metrics();
        }

        public Target(Route route, Optional<Invoker> invoker) {
            this(route, invoker, route.twoWay(), List.of(), Optional.empty(), true, ExecutionLog.OFF, false);
        }

        /**
         * @param timed whether its integration's latency is reported ({@code IntegrationLatency}):
         *     not for a MOCK integration, as on AWS
         */
        public Target(
                Route route,
                Optional<Invoker> invoker,
                List<ConnectStep> checks,
                Optional<TokenBucket> throttle,
                boolean timed) {
            this(route, invoker, route.twoWay(), checks, throttle, timed, ExecutionLog.OFF, false);
        }
    }

    private final String deploymentId;
    private final RouteSelector selector;
    private final Map<String, Target> byKey;
    private final Target defaultRoute;
    private final Map<String, String> stageVariables;

    public RouteTable(
            String deploymentId,
            RouteSelector selector,
            Map<String, Target> byKey,
            Map<String, String> stageVariables) {
        this.deploymentId = deploymentId;
        this.stageVariables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stageVariables));
        this.selector = selector;
        this.byKey = Map.copyOf(byKey);
        this.defaultRoute = byKey.get(Route.DEFAULT);
    }

    public String deploymentId() {
        return deploymentId;
    }

    /** The stage variables events carry and integration URIs were bound with. */
    public Map<String, String> stageVariables() {
        return stageVariables;
    }

    public Optional<Target> defaultRoute() {
        return Optional.ofNullable(defaultRoute);
    }

    public Optional<Target> connect() {
        return Optional.ofNullable(byKey.get(Route.CONNECT));
    }

    public Optional<Target> disconnect() {
        return Optional.ofNullable(byKey.get(Route.DISCONNECT));
    }

    /**
     * The route {@code message} goes to: the custom route its selection expression names, else
     * {@code $default}; empty when neither exists (the client gets the Forbidden frame).
     */
    public Optional<Target> select(String message) {
        Optional<String> key = selector.select(message);
        return key.map(byKey::get).or(() -> Optional.ofNullable(defaultRoute));
    }

    @Override
    public String toString() {
        return "RouteTable{deployment=" + deploymentId + " routes=" + byKey.keySet() + "}";
    }
}
