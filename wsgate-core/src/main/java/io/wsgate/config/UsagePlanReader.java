package io.wsgate.config;

import io.wsgate.model.Api;
import io.wsgate.model.ApiKey;
import io.wsgate.model.Stage;
import io.wsgate.model.UsagePlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code apiKeys:} and {@code usagePlans:}, the file's form of the {@code apigateway} (v1)
 * resources that {@code apiKeyRequired} checks:
 *
 * <pre>{@code
 * apiKeys:
 *   - name: web-client            # also its id, in $context.identity.apiKeyId
 *     value: web-client-key-0123456789
 *     enabled: true               # false unless set, as on AWS
 * usagePlans:
 *   - name: basic
 *     apiStages: [{apiId: chat, stage: dev}]
 *     throttle: {burstLimit: 10, rateLimit: 5}
 *     quota: {limit: 1000, period: DAY}      # DAY, WEEK or MONTH; offset: N taken in the first
 *     apiKeys: [web-client]
 * }</pre>
 */
final class UsagePlanReader {
    private static final java.util.regex.Pattern VALUE = java.util.regex.Pattern.compile("[\\x21-\\x7e]{20,128}");

    record Read(List<ApiKey> keys, List<UsagePlan> plans) {}

    private UsagePlanReader() {}

    static Read read(Members top, List<Api> apis, Instant now) {
        var keys = new ArrayList<ApiKey>();
        var names = new HashSet<String>();
        var values = new HashSet<String>();
        for (Members m : top.objects("apiKeys", "name")) {
            String name = m.required("name", "the key's name, which is its id too");
            String value = m.required("value", "what clients send, 20 to 128 printable characters");
            boolean enabled = m.bool("enabled").orElse(false);
            m.string("description");
            m.finish();
            if (name == null || value == null) {
                continue;
            }
            if (!names.add(name)) {
                m.problem("name", "'" + name + "' is another key's too (expected: each its own)");
            } else if (!VALUE.matcher(value).matches()) {
                m.problem("value", "'" + value + "' (expected: 20 to 128 printable characters, no spaces)");
            } else if (!values.add(value)) {
                m.problem("value", "another key's value too (expected: each its own)");
            } else {
                keys.add(new ApiKey(name, name, value, enabled));
            }
        }
        Map<String, Set<String>> stagesOf = new HashMap<>();
        for (Api api : apis) {
            stagesOf.put(
                    api.apiId(),
                    new HashSet<>(api.stages().stream().map(Stage::stageName).toList()));
        }
        var plans = new ArrayList<UsagePlan>();
        var planNames = new HashSet<String>();
        var keyStages = new HashMap<String, Set<UsagePlan.ApiStage>>(); // what each key is planned on
        for (Members m : top.objects("usagePlans", "name")) {
            String name = m.required("name", "the plan's name, which is its id too");
            m.string("description");
            var stages = new LinkedHashSet<UsagePlan.ApiStage>();
            for (Members s : m.objects("apiStages", "apiId")) {
                String apiId = s.required("apiId", "the id of an API of this file");
                String stage = s.required("stage", "one of its stages");
                s.finish();
                if (apiId == null || stage == null) {
                    continue;
                }
                if (!stagesOf.containsKey(apiId)) {
                    s.problem(
                            "apiId",
                            "'" + apiId + "' is no API of this file (expected one of: "
                                    + String.join(", ", stagesOf.keySet()) + ")");
                } else if (!stagesOf.get(apiId).contains(stage)) {
                    s.problem("stage", "'" + stage + "' is no stage of " + apiId);
                } else {
                    stages.add(new UsagePlan.ApiStage(apiId, stage));
                }
            }
            Optional<UsagePlan.Throttle> throttle = m.object("throttle").flatMap(t -> {
                Optional<Integer> burst = t.integer("burstLimit");
                Optional<Double> rate = number(t, "rateLimit");
                t.finish();
                if (burst.isEmpty() || rate.isEmpty() || burst.get() < 0 || rate.get() < 0) {
                    t.problem("", "expected burstLimit (a whole number) and rateLimit (a number), both 0 or more");
                    return Optional.empty();
                }
                return Optional.of(new UsagePlan.Throttle(rate.get(), burst.get()));
            });
            Optional<UsagePlan.Quota> quota = m.object("quota").flatMap(q -> {
                Optional<Integer> limit = q.integer("limit");
                int offset = q.integer("offset").orElse(0);
                Optional<String> period = q.string("period");
                q.finish();
                if (limit.isEmpty() || limit.get() < 1 || offset < 0 || offset >= limit.get()) {
                    q.problem("", "expected limit (1 or more) and an offset from 0 to less than it");
                    return Optional.empty();
                }
                if (period.isEmpty() || !Set.of("DAY", "WEEK", "MONTH").contains(period.get())) {
                    q.problem("period", "'" + period.orElse("") + "' (expected: DAY, WEEK or MONTH)");
                    return Optional.empty();
                }
                return Optional.of(
                        new UsagePlan.Quota(limit.get(), offset, UsagePlan.Period.valueOf(period.get()), now));
            });
            var planKeys = new LinkedHashSet<String>();
            for (String key : m.strings("apiKeys")) {
                if (!names.contains(key)) {
                    m.problem("apiKeys", "'" + key + "' is no key of apiKeys");
                    continue;
                }
                Set<UsagePlan.ApiStage> planned = keyStages.computeIfAbsent(key, k -> new HashSet<>());
                for (UsagePlan.ApiStage stage : stages) {
                    if (!planned.add(stage)) {
                        m.problem(
                                "apiKeys",
                                "'" + key + "' is in another plan of " + stage.apiId() + "/" + stage.stage()
                                        + " (expected: a key in one plan per stage, as on AWS)");
                    }
                }
                planKeys.add(key);
            }
            m.finish();
            if (name == null) {
                continue;
            }
            if (!planNames.add(name)) {
                m.problem("name", "'" + name + "' is another plan's too (expected: each its own)");
                continue;
            }
            plans.add(new UsagePlan(name, name, List.copyOf(stages), throttle, quota, planKeys));
        }
        return new Read(keys, plans);
    }

    private static Optional<Double> number(Members m, String name) {
        return m.string(name).flatMap(text -> {
            try {
                return Optional.of(Double.parseDouble(text));
            } catch (NumberFormatException e) {
                m.problem(name, "'" + text + "' (expected: a number)");
                return Optional.empty();
            }
        });
    }
}
