package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When the cores count as busy: windows of 100 ms, 75% of the cores, the gateway and the processes summed. */
class CpuShareTest {
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    final AtomicLong gateway = new AtomicLong();
    final AtomicLong processes = new AtomicLong();
    final CpuShare share = new CpuShare(2, gateway::get);

    boolean busyAt(long millis) {
        return share.busy(millis * MS, processes::get);
    }

    @Test
    void busyUntilAWindowHasPassed() {
        assertThat(busyAt(1_000)).as("no window yet").isTrue();
        assertThat(busyAt(1_050)).as("half a window: what was, is").isTrue();
        assertThat(busyAt(1_100)).as("a whole window, nothing used").isFalse();
    }

    @Test
    void threeQuartersOfTheCoresAreBusy() {
        busyAt(1_000);
        gateway.addAndGet(80 * MS);
        processes.addAndGet(69 * MS); // 149 ms of 200 available: 74.5%
        assertThat(busyAt(1_100)).isFalse();
        gateway.addAndGet(80 * MS);
        processes.addAndGet(70 * MS); // 150 of 200
        assertThat(busyAt(1_200)).isTrue();
    }

    @Test
    void aWindowKeepsItsAnswerUntilTheNextOne() {
        busyAt(1_000);
        assertThat(busyAt(1_100)).isFalse();
        processes.addAndGet(500 * MS);
        assertThat(busyAt(1_150)).as("within the window just taken").isFalse();
        assertThat(busyAt(1_200)).isTrue();
    }

    @Test
    void aStaleWindowStartsAgain() {
        busyAt(1_000);
        assertThat(busyAt(1_100)).isFalse();
        assertThat(busyAt(1_500))
                .as("400 ms since the last look say nothing of now")
                .isTrue();
        assertThat(busyAt(1_600)).isFalse();
    }
}
