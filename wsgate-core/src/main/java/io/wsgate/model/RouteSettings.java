package io.wsgate.model;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The throttling members of a stage's {@code defaultRouteSettings} or of one of its {@code
 * routeSettings}: a token bucket of {@code throttlingBurstLimit} tokens refilled at {@code
 * throttlingRateLimit} a second, as AWS applies them. Unset members are empty; a route's own
 * settings override the stage's default member by member ({@link #over}). The logging and metrics
 * members are kept by the control plane and not applied yet.
 */
public record RouteSettings(OptionalInt throttlingBurstLimit, OptionalDouble throttlingRateLimit) {
    /** Nothing set. */
    public static final RouteSettings NONE = new RouteSettings(OptionalInt.empty(), OptionalDouble.empty());

    /** What a bucket with only one member set gets for the other: AWS's account-level defaults. */
    public static final int DEFAULT_BURST = 5_000;

    public static final double DEFAULT_RATE = 10_000;

    public RouteSettings {
        Objects.requireNonNull(throttlingBurstLimit, "throttlingBurstLimit");
        Objects.requireNonNull(throttlingRateLimit, "throttlingRateLimit");
        var problems = new Problems();
        problems.require(
                throttlingBurstLimit.orElse(0) >= 0,
                "throttlingBurstLimit",
                () -> throttlingBurstLimit.getAsInt() + " (expected: 0 or more)");
        problems.require(
                throttlingRateLimit.orElse(0) >= 0 && !Double.isNaN(throttlingRateLimit.orElse(0)),
                "throttlingRateLimit",
                () -> throttlingRateLimit.getAsDouble() + " (expected: 0 or more)");
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
                throttlingRateLimit.isPresent() ? throttlingRateLimit : defaults.throttlingRateLimit);
    }

    public int burst() {
        return throttlingBurstLimit.orElse(DEFAULT_BURST);
    }

    public double rate() {
        return throttlingRateLimit.orElse(DEFAULT_RATE);
    }
}
