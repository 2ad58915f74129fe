package io.wsgate.control;

import io.wsgate.dispatch.UsagePlans;
import io.wsgate.model.Api;
import io.wsgate.model.Problem;
import io.wsgate.store.StateStore;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * What every control-plane operation shares.
 *
 * @param region the region in ARNs the control plane hands out
 * @param accountId the account in ARNs and in AWS's NotFound messages
 * @param apiEndpoint the {@code apiEndpoint} of an API: the base URL clients connect to, before
 *     {@code /{stage}}
 * @param deployable the problems that would stop a model API from being served (empty when none)
 * @param usagePlans what the API keys of usage plans have used, for {@code get-usage}
 */
public record ControlContext(
        StateStore store,
        String region,
        String accountId,
        Function<String, String> apiEndpoint,
        Function<Api, List<Problem>> deployable,
        Clock clock,
        UsagePlans usagePlans) {
    /** Without API keys served: usage is what a fresh meter holds. */
    public ControlContext(
            StateStore store,
            String region,
            String accountId,
            Function<String, String> apiEndpoint,
            Function<Api, List<Problem>> deployable,
            Clock clock) {
        this(store, region, accountId, apiEndpoint, deployable, clock, new UsagePlans(Clock.systemUTC()));
    }
}
