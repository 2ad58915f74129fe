package io.wsgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.config.GatewaySettings.ConnectionLimits;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The gateway's limits on what one client may hold, as the file sets them. */
class ConnectionLimitsConfigTest {
    private static final String API = """
            apis:
              - name: a
                routeSelectionExpression: $request.body.action
                integrations: [{integrationId: m, integrationType: MOCK}]
                routes: [{routeKey: $default, target: integrations/m}]
                stages: [{stageName: dev}]
            """;

    @Test
    void theDefaultsAreTenSecondsForHeadsAMinuteBetweenRequestsAndSixteenInFlight() {
        ConfigFile file = ConfigLoader.parse("plain.yaml", API);
        assertThat(file.problems()).isEmpty();
        ConnectionLimits limits = file.settings().limits();
        assertThat(limits.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(limits.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(limits.maxConnections()).isEqualTo(OptionalInt.empty()); // from the descriptor limit
        assertThat(limits.maxInFlight()).isEqualTo(16);
    }

    @Test
    void theFileSetsEachOfThem() {
        ConfigFile file = ConfigLoader.parse("set.yaml", """
                gateway:
                  header-timeout: 5s
                  keep-alive-timeout: 2m
                  max-connections: 5000
                  max-in-flight: 4
                """ + API);
        assertThat(file.problems()).isEmpty();
        assertThat(file.settings().limits())
                .isEqualTo(new ConnectionLimits(Duration.ofSeconds(5), Duration.ofMinutes(2), OptionalInt.of(5000), 4));
    }

    @Test
    void valuesThatCannotWorkAreProblemsWithTheirLine() {
        ConfigFile file = ConfigLoader.parse("bad.yaml", """
                gateway:
                  header-timeout: 0s
                  keep-alive-timeout: soon
                  max-connections: 0
                  max-in-flight: -1
                """ + API);
        List<String> problems = file.report(file.problems()).problems().stream()
                .map(LocatedProblem::toString)
                .toList();
        assertThat(problems)
                .containsExactly(
                        "bad.yaml:2: gateway.header-timeout: PT0S (expected: a positive duration, such as 10s)",
                        "bad.yaml:3: gateway.keep-alive-timeout: 'soon' (expected: a duration such as 500ms, 30s, 10m, 2h or PT10M)",
                        "bad.yaml:4: gateway.max-connections: 0 (expected: 1 or more)",
                        "bad.yaml:5: gateway.max-in-flight: -1 (expected: 1 or more)");
    }
}
