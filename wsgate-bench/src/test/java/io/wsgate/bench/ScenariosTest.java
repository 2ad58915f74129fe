package io.wsgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.bench.load.Result;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** How S3 turns its rounds into one figure per server and a spread per pair. */
class ScenariosTest {
    /** A closed-loop measurement that received {@code perSecond} messages a second for 2 s. */
    private static Load.Measured at(long perSecond) {
        var result = new Result(perSecond * 2, perSecond * 2, 0, 2.0, null, 0, 0, 0);
        return new Load.Measured(result, new Histogram(3), 0.9, 0.5);
    }

    @Test
    void theMedianRoundIsTheMiddleRateWhateverTheOrder() {
        var rounds = List.of(at(300), at(100), at(500), at(200), at(400));
        assertThat(Scenarios.median(rounds)).isSameAs(rounds.get(0));
    }

    @Test
    void anEvenNumberOfRoundsGivesTheLowerMiddle() {
        var rounds = List.of(at(400), at(100), at(300), at(200));
        assertThat(Scenarios.median(rounds).perSecond()).isEqualTo(200);
    }

    @Test
    void ratiosPairTheServersRoundByRound() {
        // Over the whole lists the extremes would be 100/500 and 300/100; taken round by round,
        // the ratios are 50%, 75% and 60%.
        var a = List.of(at(100), at(300), at(300));
        var b = List.of(at(200), at(400), at(500));
        assertThat(Scenarios.ratios(a, b)).isEqualTo("50%–75%");
    }
}
