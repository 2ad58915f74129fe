package io.wsgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.model.ApiKey;
import io.wsgate.model.UsagePlan;
import io.wsgate.observe.Counter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What lets an API key in, and what it has used: quotas by UTC day, week from Monday, month. */
class UsagePlansTest {
    static final ApiKey KEY = new ApiKey("k1", "key", "a-key-value-long-enough", true);

    static UsagePlan plan(UsagePlan.Period period, long limit, long offset, Instant since) {
        return new UsagePlan(
                "p1",
                "plan",
                List.of(new UsagePlan.ApiStage("chat", "dev")),
                Optional.empty(),
                Optional.of(new UsagePlan.Quota(limit, offset, period, since)),
                Set.of("k1"));
    }

    static boolean admitted(UsagePlans plans) {
        return plans.admit("chat", "dev", KEY.value()) instanceof UsagePlans.Admission.Admitted;
    }

    @Test
    void aWeeklyQuotaResetsOnMondayAndItsOffsetCountsOnlyInTheFirstWeek() {
        var clock = new SweeperTest.ManualClock(); // Thursday 2026-01-01
        var plans = new UsagePlans(clock);
        plans.replace(List.of(KEY), List.of(plan(UsagePlan.Period.WEEK, 3, 1, clock.instant())));
        assertThat(admitted(plans)).isTrue();
        assertThat(admitted(plans)).isTrue();
        assertThat(plans.admit("chat", "dev", KEY.value()))
                .isInstanceOfSatisfying(UsagePlans.Admission.Refused.class, r -> {
                    assertThat(r.status()).isEqualTo(429);
                    assertThat(r.counter()).isEqualTo(Counter.APIKEY_QUOTA);
                });
        clock.advance(Duration.ofDays(3)); // Sunday: the same week
        assertThat(admitted(plans)).isFalse();
        clock.advance(Duration.ofDays(1)); // Monday: a new week, with no offset
        assertThat(admitted(plans)).isTrue();
        assertThat(admitted(plans)).isTrue();
        assertThat(admitted(plans)).isTrue();
        assertThat(admitted(plans)).isFalse();
        var usage = plans.usage(
                plan(UsagePlan.Period.WEEK, 3, 1, Instant.parse("2026-01-01T00:00:00Z")),
                Optional.empty(),
                LocalDate.parse("2026-01-01"),
                LocalDate.parse("2026-01-05"));
        assertThat(usage.get("k1"))
                .containsExactly(List.of(2L, 0L), List.of(0L, 0L), List.of(0L, 0L), List.of(0L, 0L), List.of(3L, 0L));
    }

    @Test
    void aMonthlyQuotaResetsOnTheFirst() {
        assertThat(UsagePlans.start(UsagePlan.Period.MONTH, LocalDate.parse("2026-02-28")))
                .isEqualTo(LocalDate.parse("2026-02-01"));
        assertThat(UsagePlans.start(UsagePlan.Period.WEEK, LocalDate.parse("2026-01-04")))
                .isEqualTo(LocalDate.parse("2025-12-29"));
        assertThat(UsagePlans.start(UsagePlan.Period.DAY, LocalDate.parse("2026-01-04")))
                .isEqualTo(LocalDate.parse("2026-01-04"));
    }

    @Test
    void whatKeysUsedIsSavedAndLoaded(@TempDir Path dir) {
        var clock = new SweeperTest.ManualClock();
        var plans = new UsagePlans(clock);
        UsagePlan daily = plan(UsagePlan.Period.DAY, 5, 0, clock.instant());
        plans.replace(List.of(KEY), List.of(daily));
        assertThat(admitted(plans)).isTrue();
        assertThat(admitted(plans)).isTrue();
        Path file = dir.resolve("usage.json");
        plans.save(file);
        var again = new UsagePlans(clock);
        again.load(file);
        again.replace(List.of(KEY), List.of(daily));
        LocalDate today = LocalDate.parse("2026-01-01");
        assertThat(again.usage(daily, Optional.of("k1"), today, today)).containsEntry("k1", List.of(List.of(2L, 3L)));
    }

    @Test
    void aKeyMustBeEnabledAndInAPlanOfTheStage() {
        var clock = new SweeperTest.ManualClock();
        var plans = new UsagePlans(clock);
        var disabled = new ApiKey("k2", "off", "a-disabled-key-value-0", false);
        var loose = new ApiKey("k3", "loose", "a-key-in-no-plan-at-all", true);
        plans.replace(
                List.of(KEY, disabled, loose),
                List.of(new UsagePlan(
                        "p1",
                        "plan",
                        List.of(new UsagePlan.ApiStage("chat", "dev")),
                        Optional.empty(),
                        Optional.empty(),
                        Set.of("k1", "k2"))));
        assertThat(plans.admit("chat", "dev", null))
                .isInstanceOfSatisfying(
                        UsagePlans.Admission.Refused.class,
                        r -> assertThat(r.counter()).isEqualTo(Counter.APIKEY_MISSING));
        for (String value : List.of(disabled.value(), loose.value(), "nobody-has-this-key-value")) {
            assertThat(plans.admit("chat", "dev", value))
                    .isInstanceOfSatisfying(UsagePlans.Admission.Refused.class, r -> {
                        assertThat(r.status()).isEqualTo(403);
                        assertThat(r.body()).isEqualTo("{\"message\":\"Forbidden\"}");
                    });
        }
        assertThat(plans.admit("chat", "prod", KEY.value())).isInstanceOf(UsagePlans.Admission.Refused.class);
        assertThat(admitted(plans)).isTrue();
        // The file's keys and plans stay beside the control plane's as those change.
        plans.fix(
                List.of(loose),
                List.of(new UsagePlan(
                        "file",
                        "file",
                        List.of(new UsagePlan.ApiStage("chat", "prod")),
                        Optional.empty(),
                        Optional.empty(),
                        Set.of("k3"))));
        plans.replace(List.of(), List.of());
        assertThat(plans.admit("chat", "prod", loose.value())).isInstanceOf(UsagePlans.Admission.Admitted.class);
        assertThat(plans.admit("chat", "dev", KEY.value())).isInstanceOf(UsagePlans.Admission.Refused.class);
    }
}
