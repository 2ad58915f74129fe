package io.wsgate.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.model.ApiKey;
import io.wsgate.model.UsagePlan;
import io.wsgate.observe.Counter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The API keys and usage plans a gateway serves, and what each key has used: what lets a {@code
 * $connect} with {@code apiKeyRequired} in, as API Gateway decides it.
 *
 * <pre>
 * no key                                      403 {"message":"Forbidden"}   apikey.missing
 * a key no one has, a disabled one, or one
 *   in no usage plan of the stage             403 {"message":"Forbidden"}   apikey.invalid
 * over the plan's throttle (a token bucket
 *   per key: rateLimit a second, burstLimit)  429 Too Many Requests          apikey.throttled
 * past the plan's quota for the period        429 Limit Exceeded             apikey.quota_exceeded
 * </pre>
 *
 * A connect let in counts once toward its key's quota and usage; one refused does not. What keys
 * used is kept by UTC day, and written to a file by {@link #save} (the gateway does so every few
 * seconds and at stop) so that quotas and {@code get-usage} outlive a restart. Thread-safe: the
 * keys and plans are replaced whole, and each key's meter is locked for a few operations.
 */
public final class UsagePlans {
    static final String FORBIDDEN = "{\"message\":\"Forbidden\"}";
    static final String TOO_MANY_REQUESTS = "{\"message\":\"Too Many Requests\"}";
    static final String LIMIT_EXCEEDED = "{\"message\":\"Limit Exceeded\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@link #admit} decided. */
    public sealed interface Admission {
        /** Let in by {@code key}. */
        record Admitted(ApiKey key) implements Admission {}

        /** Refused with {@code status} and {@code body}; {@code why} for the log. */
        record Refused(int status, String body, Counter counter, String why) implements Admission {}
    }

    private record Snapshot(Map<String, ApiKey> byValue, List<UsagePlan> plans) {}

    private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of());
    private List<ApiKey> fixedKeys = List.of(); // guarded by this, as the three below
    private List<UsagePlan> fixedPlans = List.of();
    private List<ApiKey> changingKeys = List.of();
    private List<UsagePlan> changingPlans = List.of();
    private final Map<String, Meter> meters = new ConcurrentHashMap<>();
    private final AtomicBoolean changed = new AtomicBoolean();
    private final Clock clock;

    public UsagePlans(Clock clock) {
        this.clock = clock;
    }

    /** The configuration file's keys and plans, served beside the control plane's. */
    public synchronized void fix(Collection<ApiKey> keys, Collection<UsagePlan> plans) {
        fixedKeys = List.copyOf(keys);
        fixedPlans = List.copyOf(plans);
        rebuild();
    }

    /**
     * Serves {@code keys} and {@code plans} (the control plane's) from now on, beside the file's;
     * what keys used so far is kept.
     */
    public synchronized void replace(Collection<ApiKey> keys, Collection<UsagePlan> plans) {
        changingKeys = List.copyOf(keys);
        changingPlans = List.copyOf(plans);
        rebuild();
    }

    private void rebuild() {
        var byValue = new HashMap<String, ApiKey>();
        changingKeys.forEach(k -> byValue.put(k.value(), k));
        fixedKeys.forEach(k -> byValue.put(k.value(), k));
        var plans = new ArrayList<>(fixedPlans);
        plans.addAll(changingPlans);
        snapshot = new Snapshot(Map.copyOf(byValue), List.copyOf(plans));
    }

    /** Whether a connect to {@code stage} of {@code apiId} with key {@code value} (null for none) is let in. */
    public Admission admit(String apiId, String stage, String value) {
        if (value == null || value.isEmpty()) {
            return new Admission.Refused(403, FORBIDDEN, Counter.APIKEY_MISSING, "no API key");
        }
        Snapshot s = snapshot;
        ApiKey key = s.byValue().get(value);
        if (key == null) {
            return new Admission.Refused(403, FORBIDDEN, Counter.APIKEY_INVALID, "an API key no one has");
        }
        if (!key.enabled()) {
            return new Admission.Refused(
                    403, FORBIDDEN, Counter.APIKEY_INVALID, "API key " + key.id() + " is disabled");
        }
        Optional<UsagePlan> plan = s.plans().stream()
                .filter(p -> p.covers(apiId, stage) && p.keyIds().contains(key.id()))
                .findFirst();
        if (plan.isEmpty()) {
            return new Admission.Refused(
                    403,
                    FORBIDDEN,
                    Counter.APIKEY_INVALID,
                    "API key " + key.id() + " is in no usage plan of " + apiId + "/" + stage);
        }
        Meter meter = meters.computeIfAbsent(plan.get().id() + "/" + key.id(), k -> new Meter());
        return switch (meter.take(plan.get(), clock.instant())) {
            case TAKEN -> {
                changed.set(true);
                yield new Admission.Admitted(key);
            }
            case THROTTLED ->
                new Admission.Refused(
                        429, TOO_MANY_REQUESTS, Counter.APIKEY_THROTTLED, "API key " + key.id() + " over its throttle");
            case QUOTA ->
                new Admission.Refused(
                        429, LIMIT_EXCEEDED, Counter.APIKEY_QUOTA, "API key " + key.id() + " past its quota");
        };
    }

    /**
     * What each key of {@code plan} (or only {@code keyId}) used on each UTC day from {@code from}
     * to {@code to}, both included, as {@code get-usage} answers: {@code [used, remaining]} a day,
     * remaining being what the quota leaves for the rest of that day's period; {@code [used]} for a
     * plan without a quota.
     */
    public Map<String, List<List<Long>>> usage(UsagePlan plan, Optional<String> keyId, LocalDate from, LocalDate to) {
        var out = new LinkedHashMap<String, List<List<Long>>>();
        for (String key : plan.keyIds().stream().sorted().toList()) {
            if (keyId.isPresent() && !keyId.get().equals(key)) {
                continue;
            }
            Meter meter = meters.get(plan.id() + "/" + key);
            var days = new ArrayList<List<Long>>();
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                long used = meter == null ? 0 : meter.usedOn(day);
                if (plan.quota().isPresent()) {
                    long period =
                            meter == null ? 0 : meter.usedInPeriod(plan.quota().get(), day);
                    days.add(List.of(used, Math.max(0, plan.quota().get().limit() - period)));
                } else {
                    days.add(List.of(used));
                }
            }
            out.put(key, days);
        }
        return out;
    }

    /** Writes what keys used to {@code file} (atomically), if anything changed since the last save. */
    public void save(Path file) {
        if (!changed.getAndSet(false)) {
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        ObjectNode all = root.putObject("used");
        meters.forEach((key, meter) -> all.set(key, meter.toJson()));
        try {
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "usage", ".tmp");
            try {
                Files.write(temporary, JSON.writeValueAsBytes(root));
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            changed.set(true); // try again next time
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads what {@link #save} wrote to {@code file}, if it exists. */
    public void load(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            root.path("used").fields().forEachRemaining(e -> {
                var meter = new Meter();
                e.getValue()
                        .fields()
                        .forEachRemaining(d -> meter.days.put(
                                LocalDate.parse(d.getKey()), d.getValue().asLong()));
                meters.put(e.getKey(), meter);
            });
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private enum Taken {
        TAKEN,
        THROTTLED,
        QUOTA
    }

    /** One key's use of one plan: its token bucket and its connects by day. */
    private static final class Meter {
        private final TreeMap<LocalDate, Long> days = new TreeMap<>();
        private UsagePlan.Throttle throttle;
        private TokenBucket bucket;

        synchronized Taken take(UsagePlan plan, Instant now) {
            if (plan.throttle().isPresent()) {
                UsagePlan.Throttle t = plan.throttle().get();
                if (!t.equals(throttle)) {
                    throttle = t;
                    bucket = new TokenBucket(t.burstLimit(), t.rateLimit(), System.nanoTime());
                }
                if (!bucket.tryTake()) {
                    return Taken.THROTTLED;
                }
            }
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            if (plan.quota().isPresent()
                    && usedInPeriod(plan.quota().get(), today)
                            >= plan.quota().get().limit()) {
                return Taken.QUOTA;
            }
            days.merge(today, 1L, Long::sum);
            return Taken.TAKEN;
        }

        synchronized long usedOn(LocalDate day) {
            return days.getOrDefault(day, 0L);
        }

        /** What the period holding {@code day} has used up to that day, the quota's offset included in its first. */
        synchronized long usedInPeriod(UsagePlan.Quota quota, LocalDate day) {
            LocalDate start = start(quota.period(), day);
            long used = days.subMap(start, true, day, true).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            LocalDate since = LocalDate.ofInstant(quota.since(), ZoneOffset.UTC);
            return start.equals(start(quota.period(), since)) ? used + quota.offset() : used;
        }

        synchronized ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            days.forEach((day, n) -> node.put(day.toString(), n));
            return node;
        }
    }

    /** The first day of the period holding {@code day}: itself, the Monday before, the first of its month. */
    static LocalDate start(UsagePlan.Period period, LocalDate day) {
        return switch (period) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }
}
