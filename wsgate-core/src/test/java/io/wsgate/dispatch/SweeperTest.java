package io.wsgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.connection.Caller;
import io.wsgate.connection.Connection;
import io.wsgate.connection.ConnectionRegistry;
import io.wsgate.connection.RecordingPeer;
import io.wsgate.model.Limits;
import io.wsgate.observe.Counter;
import io.wsgate.observe.CounterSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Idle and lifetime limits, driven by a clock the test moves. */
class SweeperTest {
    /** A clock that only moves when told to. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

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
    }

    private final ManualClock clock = new ManualClock();
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final CounterSet counters = new CounterSet();
    private final Limits limits =
            Limits.AWS.withIdleTimeout(Duration.ofMinutes(10)).withMaxConnectionDuration(Duration.ofHours(2));

    private Connection connect(RecordingPeer peer) {
        var c = new Connection(
                "id" + registry.size() + "aaaaaaaaaaaa=",
                "api",
                "dev",
                "h",
                "127.0.0.1",
                null,
                clock.millis(),
                limits,
                Caller.ANONYMOUS,
                peer);
        registry.add(c);
        return c;
    }

    @Test
    void dataResetsTheIdleTimerAndSilenceEndsItWith1001() {
        try (var sweeper = new Sweeper(registry, clock, counters, Duration.ofDays(1))) {
            var peer = new RecordingPeer();
            Connection c = connect(peer);
            clock.advance(Duration.ofMinutes(9));
            c.touch(clock.millis());
            clock.advance(Duration.ofMinutes(9));
            sweeper.sweep();
            assertThat(peer.closes).isEmpty();
            clock.advance(Duration.ofMinutes(1));
            sweeper.sweep();
            assertThat(peer.closes).containsExactly(1001);
            assertThat(c.closing()).get().extracting(r -> r.reason()).isEqualTo("Going away");
            assertThat(counters.count(Counter.IDLE_TIMEOUT)).isEqualTo(1);
            sweeper.sweep();
            assertThat(peer.closes).hasSize(1);
        }
    }

    @Test
    void theMaximumDurationEndsEvenABusyConnection() {
        try (var sweeper = new Sweeper(registry, clock, counters, Duration.ofDays(1))) {
            var peer = new RecordingPeer();
            Connection c = connect(peer);
            for (int minute = 0; minute < 119; minute++) {
                clock.advance(Duration.ofMinutes(1));
                c.touch(clock.millis());
                sweeper.sweep();
            }
            assertThat(peer.closes).isEmpty();
            clock.advance(Duration.ofMinutes(1));
            sweeper.sweep();
            assertThat(peer.closes).containsExactly(1001);
            assertThat(counters.count(Counter.MAX_DURATION)).isEqualTo(1);
        }
    }

    @Test
    void theIntervalFollowsTheShortestLimit() {
        assertThat(Sweeper.intervalFor(List.of(Limits.AWS))).isEqualTo(Duration.ofSeconds(1));
        assertThat(Sweeper.intervalFor(List.of(Limits.AWS, Limits.AWS.withIdleTimeout(Duration.ofMillis(300)))))
                .isEqualTo(Duration.ofMillis(30));
        assertThat(Sweeper.intervalFor(List.of(Limits.AWS.withIdleTimeout(Duration.ofMillis(20)))))
                .isEqualTo(Duration.ofMillis(10));
        assertThat(Sweeper.intervalFor(List.of())).isEqualTo(Duration.ofSeconds(1));
    }
}
