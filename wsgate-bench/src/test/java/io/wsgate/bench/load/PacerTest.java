package io.wsgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
    private static final long MS = 1_000_000;

    private static List<Long> tick(Pacer pacer, long now) {
        var sent = new ArrayList<Long>();
        pacer.tick(now, sent::add);
        return sent;
    }

    @Test
    void onScheduleEachTickHandsOutWhatIsDueByThen() {
        var pacer = new Pacer(10_000, 0, 100 * MS); // one every 100 µs
        assertThat(tick(pacer, 0)).containsExactly(0L);
        assertThat(tick(pacer, 250_000)).containsExactly(100_000L, 200_000L);
        assertThat(pacer.lagNanos(250_000)).isEqualTo(0);
        assertThat(tick(pacer, 250_000)).isEmpty();
    }

    @Test
    void aLateTickCatchesUpByTwoMillisecondsWorthAndTheLagShowsTheRest() {
        var pacer = new Pacer(1_000_000, 0, 10_000 * MS); // one every µs
        List<Long> sent = tick(pacer, 1_000 * MS); // a second late
        assertThat(sent).hasSize((int) (Pacer.CATCH_UP_NANOS / 1_000));
        assertThat(sent.getLast()).isEqualTo(Pacer.CATCH_UP_NANOS - 1_000);
        assertThat(pacer.lagNanos(1_000 * MS)).isEqualTo(1_000 * MS - Pacer.CATCH_UP_NANOS);
    }

    @Test
    void nothingIsDueFromTheEndOn() {
        var pacer = new Pacer(1_000, 0, 3 * MS); // due at 0, 1 and 2 ms; two a tick at most
        var sent = new ArrayList<Long>();
        assertThat(pacer.tick(10 * MS, sent::add)).isTrue();
        assertThat(pacer.tick(10 * MS, sent::add)).isFalse();
        assertThat(sent).containsExactly(0L, MS, 2 * MS);
        assertThat(tick(pacer, 20 * MS)).isEmpty();
    }
}
