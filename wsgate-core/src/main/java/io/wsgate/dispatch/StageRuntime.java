package io.wsgate.dispatch;

import io.wsgate.model.Api;
import io.wsgate.model.Limits;
import io.wsgate.model.Stage;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stage as the gateway serves it: the API it belongs to and the route table of its current
 * deployment (with the stage's variables), which a redeploy swaps atomically under live
 * connections.
 */
public final class StageRuntime {
    private final String apiId;
    private final String apiName;
    private final String stageName;
    private final Limits limits;
    private final AtomicReference<RouteTable> table;
    private volatile boolean retired;
    private volatile io.wsgate.observe.StageMetrics metrics = io.wsgate.observe.StageMetrics.NONE;
    private volatile io.wsgate.observe.AccessLog accessLog = io.wsgate.observe.AccessLog.OFF;

    public StageRuntime(Api api, Stage stage, RouteTable table) {
        this.apiId = api.apiId();
        this.apiName = api.name();
        this.stageName = stage.stageName();
        this.limits = api.limits();
        this.table = new AtomicReference<>(Objects.requireNonNull(table, "table"));
    }

    public String apiId() {
        return apiId;
    }

    public String apiName() {
        return apiName;
    }

    public String stageName() {
        return stageName;
    }

    public Limits limits() {
        return limits;
    }

    /** The route table in force now; read it once per event. */
    public RouteTable table() {
        return table.get();
    }

    /** Serves {@code next} from now on; events already dispatched finish on the old table. */
    public void swap(RouteTable next) {
        table.set(Objects.requireNonNull(next, "next"));
    }

    /** No longer served: connections still being accepted for it are closed at once. */
    public void retire() {
        retired = true;
    }

    public boolean retired() {
        return retired;
    }

    /** What is reported for this stage ({@code ConnectCount}, {@code MessageCount}, ...). */
    /** Where this stage's access log lines go: {@link io.wsgate.observe.AccessLog#OFF} unless it has settings. */
    public io.wsgate.observe.AccessLog accessLog() {
        return accessLog;
    }

    /** Sends this stage's access log lines to {@code value} from now on (its settings changed). */
    public void accessLog(io.wsgate.observe.AccessLog value) {
        accessLog = java.util.Objects.requireNonNull(value, "accessLog");
    }

    public io.wsgate.observe.StageMetrics metrics() {
        return metrics;
    }

    /** Reports to {@code value} from now on. */
    public void meter(io.wsgate.observe.StageMetrics value) {
        metrics = Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "StageRuntime{" + apiId + "/" + stageName + " " + table.get() + "}";
    }
}
