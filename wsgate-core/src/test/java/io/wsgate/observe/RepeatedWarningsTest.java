package io.wsgate.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/** A warning a flood repeats is logged a few times per window, and the rest are counted. */
class RepeatedWarningsTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CounterSet counters = new CounterSet();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final RepeatedWarnings warnings =
            new RepeatedWarnings(recordingLogger(), counters, clock, Duration.ofSeconds(10), 3);

    @Test
    void aFloodOfOneKindLogsTheBurstThenCountsTheRest() {
        for (int i = 0; i < 100_000; i++) {
            warnings.warn("message chat/dev $default ERROR", "integration failed connectionId={}", i);
        }
        assertThat(lines)
                .containsExactly(
                        "integration failed connectionId=0",
                        "integration failed connectionId=1",
                        "integration failed connectionId=2");
        assertThat(counters.count(Counter.WARNING_SUPPRESSED)).isEqualTo(99_997);
    }

    @Test
    void theFirstWarningOfTheNextWindowSaysHowManyWereLeftOut() {
        for (int i = 0; i < 10; i++) {
            warnings.warn("k", "failed n={}", i);
        }
        now = now.plusSeconds(10);
        warnings.warn("k", "failed n={}", 10);
        assertThat(lines).last().isEqualTo("failed n=10 suppressed=7");
        warnings.warn("k", "failed n={}", 11);
        assertThat(lines).last().isEqualTo("failed n=11");
    }

    @Test
    void kindsAreLimitedApart() {
        for (int i = 0; i < 10; i++) {
            warnings.warn("a", "a {}", i);
            warnings.warn("b", "b {}", i);
        }
        assertThat(lines).filteredOn(l -> l.startsWith("a")).hasSize(3);
        assertThat(lines).filteredOn(l -> l.startsWith("b")).hasSize(3);
    }

    /** An SLF4J logger that keeps each WARN line as it would be printed. */
    private Logger recordingLogger() {
        return (Logger) Proxy.newProxyInstance(
                Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, (p, m, a) -> {
                    if (m.getName().equals("warn") && a != null && a.length == 2 && a[1] instanceof Object[] args) {
                        lines.add(MessageFormatter.arrayFormat((String) a[0], args)
                                .getMessage());
                    } else if (m.getName().equals("warn") && a != null && a.length == 2) {
                        lines.add(MessageFormatter.format((String) a[0], a[1]).getMessage());
                    } else if (m.getName().equals("warn") && a != null && a.length == 3) {
                        lines.add(MessageFormatter.format((String) a[0], a[1], a[2])
                                .getMessage());
                    }
                    return m.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }
}
