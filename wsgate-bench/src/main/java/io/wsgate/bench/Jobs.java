package io.wsgate.bench;

import static io.wsgate.bench.Report.cores;
import static io.wsgate.bench.Report.ms;
import static io.wsgate.bench.Report.rate;

import io.wsgate.bench.load.Job;
import io.wsgate.bench.load.Result;
import java.io.IOException;
import java.util.List;

/**
 * How every scenario runs its load: the job for a shape of load against a subject, the unmeasured
 * run that lets a server's JIT compile first, and saturation followed by latency at half of it;
 * and the latency columns those runs give a table. Shared by {@link Scenarios} and {@link
 * LocalFunctions}, so that each scenario measures the way the others do.
 */
final class Jobs {
    /** The note every table with open-loop latencies carries. */
    static final String LATE_NOTE = Report.LATE + " the load generator was more than "
            + (int) Result.LAG_LIMIT_MILLIS + " ms behind its sending schedule at the 99th percentile of its ticks"
            + " in this run: the rate was more than the generator and the server carried together, one message at a"
            + " time, and the figures are mostly backlog (the Server CPU column tells whether the server was full too).";

    /** Saturation in a closed loop, then latency open-loop at half the rate it reached. */
    record MaxAndHalf(Load.Measured max, Load.Measured half) {
        /**
         * The columns every max-and-half row ends with: the open-loop rate and its latencies, the
         * errors of both runs, and the CPU of the max run.
         */
        List<String> columns() {
            return List.of(
                    rate(half.result().sentPerSecond()),
                    latency(half, 50),
                    latency(half, 99),
                    latency(half, 99.9),
                    Long.toString(max.result().errors() + half.result().errors()),
                    cores(max.serverCores()),
                    cores(max.loadCores()));
        }
    }

    private final Scenarios.Settings settings;
    private final Load load;
    private final List<String> sources;

    Jobs(Scenarios.Settings settings, Load load, List<String> sources) {
        this.settings = settings;
        this.load = load;
        this.sources = List.copyOf(sources);
    }

    Scenarios.Settings settings() {
        return settings;
    }

    /** A job with the mode's warm-up and window. */
    Job job(Job.Kind kind, Subject s, int connections, double rate, int window, int size) {
        return job(kind, s, connections, rate, window, size, settings.warmupMillis(), settings.durationMillis());
    }

    Job job(
            Job.Kind kind,
            Subject s,
            int connections,
            double rate,
            int window,
            int size,
            long warmupMillis,
            long durationMillis) {
        return new Job(
                kind,
                s.ws(),
                sources,
                connections,
                rate,
                window,
                size,
                warmupMillis,
                durationMillis,
                s.pushUrl(),
                settings.pushers(),
                1);
    }

    Load.Measured run(Job job, Subject s) throws IOException, InterruptedException {
        return load.run(job, s);
    }

    Load.Held hold(Job job) throws IOException {
        return load.hold(job);
    }

    /** Runs {@code s} under the scenario's load, at 64 B, for {@code jitMillis}, unmeasured. */
    void warm(Subject s, Job.Kind kind, int connections, int window) throws IOException, InterruptedException {
        warm(s, kind, connections, window, List.of(64));
    }

    /**
     * Runs {@code s} under the scenario's load for {@code jitMillis} at each of {@code sizes},
     * unmeasured. Each size needs its own: a server warmed at 64 B compiles again for ten seconds
     * and more once 4 KB messages come (counted with {@code -XX:+PrintCompilation}: about 1,400
     * compiles over 15 s in wsgate, 1,100 over 10 s in bare Vert.x).
     */
    void warm(Subject s, Job.Kind kind, int connections, int window, List<Integer> sizes)
            throws IOException, InterruptedException {
        for (int size : sizes) {
            warm(s, kind, connections, window, size, settings.jitMillis());
        }
    }

    /** Runs {@code s} under the scenario's load at {@code size} for {@code millis}, unmeasured. */
    void warm(Subject s, Job.Kind kind, int connections, int window, int size, long millis)
            throws IOException, InterruptedException {
        log("warming " + s.name() + " up for " + millis / 1000 + " s at " + size + " B");
        load.run(job(kind, s, connections, 0, window, size, millis, 1_000), s);
    }

    MaxAndHalf maxThenHalf(Subject s, Job.Kind kind, int connections, int window, int size)
            throws IOException, InterruptedException {
        log(kind + " " + s.name() + " " + size + " B: saturation");
        Load.Measured max = load.run(job(kind, s, connections, 0, window, size), s);
        return new MaxAndHalf(max, atHalfOf(s, kind, connections, max, size));
    }

    /** The open-loop latency run at half of {@code max}'s rate. */
    Load.Measured atHalfOf(Subject s, Job.Kind kind, int connections, Load.Measured max, int size)
            throws IOException, InterruptedException {
        return atHalfOf(s, kind, connections, max, size, settings.warmupMillis());
    }

    /** As above, the run first warming up for {@code warmupMillis} at that rate, unmeasured. */
    Load.Measured atHalfOf(Subject s, Job.Kind kind, int connections, Load.Measured max, int size, long warmupMillis)
            throws IOException, InterruptedException {
        double half = Math.max(1, max.perSecond() / 2);
        log(kind + " " + s.name() + " " + size + " B: " + rate(max.perSecond()) + "/s; latency at " + rate(half)
                + "/s");
        return load.run(job(kind, s, connections, half, 0, size, warmupMillis, settings.durationMillis()), s);
    }

    /**
     * A latency percentile in milliseconds, marked {@link Report#LATE} when the open-loop sender fell
     * behind its schedule: the number is then the generator's queue, not the server's.
     */
    static String latency(Load.Measured m, double percentile) {
        String value = m.latency().getTotalCount() == 0 ? "–" : ms(m.millis(percentile));
        return value + (m.result().onSchedule() ? "" : " " + Report.LATE);
    }

    static void log(String line) {
        System.err.println("[bench] " + line);
    }
}
