package io.wsgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.bench.Jobs.MaxAndHalf;
import io.wsgate.bench.load.Result;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** How S6 picks each server's max, judges the target and writes its cold starts. */
class LocalFunctionsTest {
    /** A run that received {@code perSecond} messages a second for 2 s, with a p99 of {@code p99Micros} (0: none). */
    private static Load.Measured at(long perSecond, long p99Micros) {
        var latency = new Histogram(3);
        if (p99Micros > 0) {
            latency.recordValueWithCount(p99Micros, 100);
        }
        var result = new Result(perSecond * 2, perSecond * 2, 0, 2.0, null, 0, 0, 0);
        return new Load.Measured(result, latency, 0.9, 0.2);
    }

    private static LocalFunctions.Echo echo(long max, long p99Micros) {
        return new LocalFunctions.Echo(List.of(at(max, 0)), 16, new MaxAndHalf(at(max, 0), at(max / 2, p99Micros)));
    }

    @Test
    void theMaxIsTheHighestLevelAndTheFirstOfEquals() {
        assertThat(LocalFunctions.highest(List.of(at(200, 0), at(700, 0), at(500, 0))))
                .isEqualTo(1);
        assertThat(LocalFunctions.highest(List.of(at(300, 0), at(300, 0)))).isZero();
    }

    static final String NODE = Subjects.Function.NODE_STATIC.title;
    static final String PYTHON = Subjects.Function.PYTHON_STATIC.title;

    @Test
    void theTargetHoldsOnlyWhenEveryLikeForLikeFunctionIsTenTimesFasterAtALowerP99() {
        var peer = echo(1_000, 50_000);
        var ours = new LinkedHashMap<String, LocalFunctions.Echo>();
        ours.put(NODE, echo(12_000, 5_000));
        ours.put(PYTHON, echo(10_000, 8_000));
        Report.Target both = LocalFunctions.target(ours, peer);
        assertThat(both.holds()).isTrue();
        assertThat(both.measured())
                .contains("Node.js, hot-reload off 12.00×", "Python, hot-reload off 10.00×", "vs 50.");

        // The rows with wsgate's default, hot reload on, are reported and do not decide.
        ours.put(Subjects.Function.NODE.title, echo(3_000, 9_000));
        Report.Target withDefaults = LocalFunctions.target(ours, peer);
        assertThat(withDefaults.holds()).isTrue();
        assertThat(withDefaults.measured()).contains("Node.js 3.00×");

        ours.put(PYTHON, echo(9_000, 8_000)); // 9×
        assertThat(LocalFunctions.target(ours, peer).holds()).isFalse();

        ours.put(PYTHON, echo(20_000, 60_000)); // fast, but a higher p99
        assertThat(LocalFunctions.target(ours, peer).holds()).isFalse();

        var onlyDefaults = Map.of(Subjects.Function.NODE.title, echo(20_000, 5_000));
        assertThat(LocalFunctions.target(onlyDefaults, peer).holds())
                .as("nothing like for like was measured")
                .isFalse();
    }

    @Test
    void aPeerThatAnsweredNothingAtHalfLoadHasNoP99ToBeat() {
        var ours = new LinkedHashMap<String, LocalFunctions.Echo>();
        ours.put(NODE, echo(12_000, 5_000));
        Report.Target t = LocalFunctions.target(ours, echo(1_000, 0));
        assertThat(t.holds()).isTrue();
        assertThat(t.measured()).endsWith("vs none answered");

        Report.Target silent = LocalFunctions.target(Map.of(NODE, echo(12_000, 0)), echo(1_000, 0));
        assertThat(silent.holds()).as("nothing answered on either side").isFalse();
    }

    @Test
    void coldStartsAreTheMedianAndTheirRange() {
        var starts =
                List.of(new ColdStart(900, 1_500, 3), new ColdStart(1_100, 1_300, 2), new ColdStart(1_000, 2_000, 4));
        assertThat(LocalFunctions.spread(starts, ColdStart::firstAnswerMillis)).isEqualTo("1500 (1300–2000)");
        assertThat(LocalFunctions.spread(starts, ColdStart::connectAndFirstAnswerMillis))
                .isEqualTo("600 (200–1000)");
        assertThat(LocalFunctions.spread(starts, ColdStart::nextMillis)).isEqualTo("3.00 (2.00–4.00)");
        assertThat(LocalFunctions.spread(List.of(), ColdStart::nextMillis)).isEqualTo("–");
    }
}
