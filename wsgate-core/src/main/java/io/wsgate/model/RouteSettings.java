package io.wsgate.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A stage's {@code defaultRouteSettings} or one of its {@code routeSettings}: the throttle, a
 * token bucket of {@code throttlingBurstLimit} tokens refilled at {@code throttlingRateLimit} a
 * second, as AWS applies them; the execution log's {@code loggingLevel} ({@code OFF} unless set)
 * and {@code dataTraceEnabled}; and {@code detailedMetricsEnabled}, the per-route metrics. Unset
 * members are empty; a route's own settings override the stage's default member by member
 * ({@link #over}).
 */
public record RouteSettings(
        OptionalInt throttlingBurstLimit,
        OptionalDouble throttlingRateLimit,
        Optional<String> loggingLevel,
        Optional<Boolean> dataTraceEnabled,
        Optional<Boolean> detailedMetricsEnabled) {
    /** The levels of an execution log. */
    public static final java.util.Set<String> LOGGING_LEVELS = java.util.Set.of("OFF", "ERROR", "INFO");

    /** Nothing set. */
    public static final RouteSettings NONE = new RouteSettings(OptionalInt.empty(), OptionalDouble.empty());

    /** Throttling only. */
    public RouteSettings(OptionalInt throttlingBurstLimit, OptionalDouble throttlingRateLimit) {
        this(throttlingBurstLimit, throttlingRateLimit, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** What a bucket with only one member set gets for the other: AWS's account-level defaults. */
    public static final int DEFAULT_BURST = 5_000;

    public static final double DEFAULT_RATE = 10_000;

    public RouteSettings {
        Objects.requireNonNull(throttlingBurstLimit, "throttlingBurstLimit");
        Objects.requireNonNull(throttlingRateLimit, "throttlingRateLimit");
        Objects.requireNonNull(loggingLevel, "loggingLevel");
        Objects.requireNonNull(dataTraceEnabled, "dataTraceEnabled");
        Objects.requireNonNull(detailedMetricsEnabled, "detailedMetricsEnabled");
        var problems = new Problems();
        problems.require(
                throttlingBurstLimit.orElse(0) >= 0,
                "throttlingBurstLimit",
                () -> throttlingBurstLimit.getAsInt() + " (expected: 0 or more)");
        problems.require(
                throttlingRateLimit.orElse(0) >= 0 && !Double.isNaN(throttlingRateLimit.orElse(0)),
                "throttlingRateLimit",
                () -> throttlingRateLimit.getAsDouble() + " (expected: 0 or more)");
        problems.require(
                loggingLevel.map(LOGGING_LEVELS::contains).orElse(true),
                "loggingLevel",
                () -> "'" + loggingLevel.get() + "' (expected: ERROR, INFO or OFF)");
        problems.throwIfAny();
    }

    /** Whether either throttling member is set: the route is throttled. */
    public boolean throttles() {
        return throttlingBurstLimit.isPresent() || throttlingRateLimit.isPresent();
    }

    /** These settings, with what they leave unset taken from {@code defaults}. */
    public RouteSettings over(RouteSettings defaults) {
        return new RouteSettings(
                throttlingBurstLimit.isPresent() ? throttlingBurstLimit : defaults.throttlingBurstLimit,
                throttlingRateLimit.isPresent() ? throttlingRateLimit : defaults.throttlingRateLimit,
                loggingLevel.or(defaults::loggingLevel),
                dataTraceEnabled.or(defaults::dataTraceEnabled),
                detailedMetricsEnabled.or(defaults::detailedMetricsEnabled));
    }

    /** The execution log's level: {@code OFF} unless set. */
    public String level() {
        return loggingLevel.orElse("OFF");
    }

    /** Whether the execution log holds payloads. */
    public boolean dataTrace() {
        return dataTraceEnabled.orElse(false);
    }

    /** Whether the route's metrics carry its {@code Route} dimension. */
    public boolean detailedMetrics() {
        return detailedMetricsEnabled.orElse(false);
    }

    public int burst() {
        return throttlingBurstLimit.orElse(DEFAULT_BURST);
    }

    public double rate() {
        return throttlingRateLimit.orElse(DEFAULT_RATE);
    }
}
