package io.wsgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.model.UsagePlan;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code apiKeys:} and {@code usagePlans:}: the keys {@code apiKeyRequired} checks, in the file. */
class UsagePlansConfigTest {
    static final String API = """
            apis:
              - name: chat
                routeSelectionExpression: $request.body.action
                stages: [{stageName: dev}, {stageName: prod}]
            """;

    @Test
    void keysAndPlansAreRead() {
        ConfigFile file = ConfigLoader.parse("keys.yaml", API + """
                apiKeys:
                  - {name: web, value: web-client-key-0123456789, enabled: true}
                  - {name: spare, value: disabled-key-0123456789}
                usagePlans:
                  - name: basic
                    apiStages: [{apiId: chat, stage: dev}]
                    throttle: {burstLimit: 10, rateLimit: 2.5}
                    quota: {limit: 1000, offset: 10, period: WEEK}
                    apiKeys: [web, spare]
                """);
        assertThat(file.problems()).isEmpty();
        assertThat(file.apiKeys()).hasSize(2);
        assertThat(file.apiKeys().get(0).enabled()).isTrue();
        assertThat(file.apiKeys().get(1).enabled())
                .as("false unless set, as on AWS")
                .isFalse();
        UsagePlan plan = file.usagePlans().get(0);
        assertThat(plan.covers("chat", "dev")).isTrue();
        assertThat(plan.covers("chat", "prod")).isFalse();
        assertThat(plan.throttle()).hasValue(new UsagePlan.Throttle(2.5, 10));
        assertThat(plan.quota()).hasValueSatisfying(q -> {
            assertThat(q.limit()).isEqualTo(1000);
            assertThat(q.offset()).isEqualTo(10);
            assertThat(q.period()).isEqualTo(UsagePlan.Period.WEEK);
        });
        assertThat(plan.keyIds()).isEqualTo(Set.of("web", "spare"));
        assertThat(file.usagePlans()).extracting(UsagePlan::id).containsExactly("basic");
        assertThat(file.usagePlans().get(0).throttle()).isNotEqualTo(Optional.empty());
    }

    @Test
    void everyBadKeyAndPlanIsLocated() {
        ConfigFile file = ConfigLoader.parse("bad-keys.yaml", API + """
                apiKeys:
                  - {name: short, value: too-short}
                  - {name: twice, value: a-key-that-is-long-enough}
                  - {name: twice, value: another-key-long-enough}
                  - {name: same, value: a-key-that-is-long-enough}
                usagePlans:
                  - name: wrong
                    apiStages: [{apiId: nope, stage: dev}, {apiId: chat, stage: test}]
                    throttle: {burstLimit: -1, rateLimit: 1}
                    quota: {limit: 10, period: YEAR}
                    apiKeys: [missing]
                  - name: first
                    apiStages: [{apiId: chat, stage: dev}]
                    apiKeys: [twice]
                  - name: second
                    apiStages: [{apiId: chat, stage: dev}]
                    apiKeys: [twice]
                """);
        assertThat(ConfigLoaderTest.located(file))
                .contains(
                        "bad-keys.yaml:6: apiKeys[short].value: 'too-short' (expected: 20 to 128 printable"
                                + " characters, no spaces)",
                        "bad-keys.yaml:7: apiKeys[twice].name: 'twice' is another key's too (expected: each its own)",
                        "bad-keys.yaml:9: apiKeys[same].value: another key's value too (expected: each its own)",
                        "bad-keys.yaml:12: usagePlans[wrong].apiStages[nope].apiId: 'nope' is no API of this file"
                                + " (expected one of: chat)",
                        "bad-keys.yaml:12: usagePlans[wrong].apiStages[chat].stage: 'test' is no stage of chat",
                        "bad-keys.yaml:14: usagePlans[wrong].quota.period: 'YEAR' (expected: DAY, WEEK or MONTH)",
                        "bad-keys.yaml:15: usagePlans[wrong].apiKeys: 'missing' is no key of apiKeys",
                        "bad-keys.yaml:21: usagePlans[second].apiKeys: 'twice' is in another plan of chat/dev"
                                + " (expected: a key in one plan per stage, as on AWS)")
                .anyMatch(p -> p.contains("usagePlans[wrong].throttle: expected burstLimit"));
    }
}
