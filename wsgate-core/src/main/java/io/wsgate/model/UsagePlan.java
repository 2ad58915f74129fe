package io.wsgate.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A usage plan ({@code apigateway} v1): the stages its keys open, and how much each key may use
 * them.
 *
 * @param keyIds the API keys in the plan
 */
public record UsagePlan(
        String id,
        String name,
        List<ApiStage> apiStages,
        Optional<Throttle> throttle,
        Optional<Quota> quota,
        Set<String> keyIds) {

    /** A WebSocket API's stage the plan covers. */
    public record ApiStage(String apiId, String stage) {}

    /** Requests a second, and the burst a key may take at once. */
    public record Throttle(double rateLimit, int burstLimit) {}

    /**
     * Requests per period; {@code offset} of them are taken as used in the period holding {@code
     * since} (when the plan was made), as AWS reads it.
     */
    public record Quota(long limit, long offset, Period period, java.time.Instant since) {}

    /** How long a quota lasts: a UTC day, a week from Monday, a month from its first day. */
    public enum Period {
        DAY,
        WEEK,
        MONTH
    }

    public UsagePlan {
        Objects.requireNonNull(id, "id");
        name = name == null ? "" : name;
        apiStages = List.copyOf(apiStages);
        Objects.requireNonNull(throttle, "throttle");
        Objects.requireNonNull(quota, "quota");
        keyIds = Set.copyOf(keyIds);
    }

    /** Whether the plan opens {@code stage} of {@code apiId}. */
    public boolean covers(String apiId, String stage) {
        return apiStages.contains(new ApiStage(apiId, stage));
    }
}
