package io.wsgate.bench;

import static io.wsgate.bench.Report.ms;
import static io.wsgate.bench.Report.percent;
import static io.wsgate.bench.Report.rate;

import io.wsgate.bench.Jobs.MaxAndHalf;
import io.wsgate.bench.Subjects.Function;
import io.wsgate.bench.load.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * S6: the S3 echo through a Lambda handler in Node.js and in Python that wsgate runs as local
 * functions, beside serverless-offline 13 running the same Node.js handler. Each server is first
 * started afresh a few times, the servers taking turns, to time its cold start ({@link ColdStart});
 * the last of those starts stays up for the echo: closed loops at a few levels of messages in
 * flight, the highest rate counting as the max, then latency open-loop at half of it over as many
 * connections. serverless-offline runs first, so that each wsgate function is also measured at
 * the rate of serverless-offline's latency run: the same load, as S4 does with Pushpin.
 */
final class LocalFunctions {
    static final String PEER = "serverless-offline 13";
    private static final int SIZE = 64;

    /**
     * How long the latency run at half the max first runs at its rate, unmeasured: the warm-up and
     * the closed loops keep a function's queue full, so a server's JIT has compiled the paths of a
     * queued invocation and not those of one handed to a process waiting for it, which an open
     * loop below the max takes. Measured by hand on wsgate's Node.js row: the first open loop at
     * 4,250 msgs/s after a closed loop at 10,794 got 2,600-4,000 msgs/s through for four seconds
     * (p50 892 ms over a 2 s window after 2 s of warm-up), the same job run again at once p50 0.4 ms
     * and p99 8.9 ms. Every server gets the same.
     */
    static final long OPEN_LOOP_WARMUP_MILLIS = 10_000;

    /** A server of S6 and how to start it afresh. */
    private record Server(String name, Scenarios.Start start) {}

    /**
     * The echo of one server.
     *
     * @param byLevel the closed loops, one per count of connections in {@code functionConnections}
     * @param inFlight the connections (one message in flight on each) of the highest rate
     * @param result that loop and the latency run at half its rate
     */
    record Echo(List<Load.Measured> byLevel, int inFlight, MaxAndHalf result) {
        long errors() {
            return byLevel.stream().mapToLong(m -> m.result().errors()).sum()
                    + result.half().result().errors();
        }
    }

    private final Scenarios.Settings settings;
    private final Subjects subjects;
    private final Jobs jobs;
    private final Report report;
    private final boolean withServerlessOffline;

    LocalFunctions(Subjects subjects, Jobs jobs, Report report, boolean withServerlessOffline) {
        this.settings = jobs.settings();
        this.subjects = subjects;
        this.jobs = jobs;
        this.report = report;
        this.withServerlessOffline = withServerlessOffline;
    }

    void run() throws IOException, InterruptedException {
        Runtimes runtimes = subjects.runtimes();
        var servers = new ArrayList<Server>();
        if (withServerlessOffline) {
            servers.add(new Server(PEER, () -> subjects.serverlessOffline(runtimes)));
        }
        for (Function f : Function.values()) {
            servers.add(new Server(f.title, () -> subjects.localFunction(f, runtimes)));
        }
        var notes = new LinkedHashSet<String>();
        var colds = new LinkedHashMap<String, List<ColdStart>>();
        var running = new LinkedHashMap<String, Subject>();
        var echoes = new LinkedHashMap<String, Echo>();
        var atPeerRate = new LinkedHashMap<String, Load.Measured>();
        try {
            coldStarts(servers, colds, running, notes);
            Echo peer = null;
            for (Server server : servers) {
                Subject s = running.get(server.name());
                if (s == null) {
                    continue;
                }
                try {
                    Echo e = echo(s);
                    echoes.put(s.name(), e);
                    if (s.name().equals(PEER)) {
                        peer = e;
                    } else if (peer != null) {
                        // The rate the peer's latency run was asked for: it may have sent less.
                        double rate = Math.max(1, peer.result().max().perSecond() / 2);
                        Jobs.log("S6 " + s.name() + " at " + PEER + "'s rate " + rate(rate) + "/s");
                        atPeerRate.put(
                                s.name(), jobs.run(jobs.job(Job.Kind.ECHO, s, peer.inFlight(), rate, 0, SIZE), s));
                    }
                } catch (IOException e) {
                    // A server that falls over is a result; the run goes on without it.
                    Jobs.log(s.name() + " failed: " + e.getMessage());
                    notes.add(s.name() + " failed: " + e.getMessage() + "; its own output is " + s.main().name
                            + ".log in the run directory.");
                }
            }
        } finally {
            running.values().forEach(Subject::close);
        }
        report.add(echoTable(echoes, atPeerRate, notes));
        report.add(coldStartTable(colds));
        Echo peer = echoes.get(PEER);
        var ours = new LinkedHashMap<>(echoes);
        ours.remove(PEER);
        if (peer != null && !ours.isEmpty()) {
            Report.Target t = target(ours, peer);
            report.target(t.target(), t.measured(), t.holds());
        }
    }

    /**
     * Starts each server {@code coldStarts} times, the servers taking turns and each round starting
     * with the next one; keeps the last round's servers running, in {@code running}.
     */
    private void coldStarts(
            List<Server> servers, Map<String, List<ColdStart>> colds, Map<String, Subject> running, Set<String> notes)
            throws InterruptedException {
        servers.forEach(s -> colds.put(s.name(), new ArrayList<>()));
        for (int round = 0; round < settings.coldStarts(); round++) {
            boolean last = round == settings.coldStarts() - 1;
            for (int i = 0; i < servers.size(); i++) {
                Server server = servers.get((round + i) % servers.size());
                Subject s;
                try {
                    s = server.start().start();
                } catch (IOException | UncheckedIOException | IllegalStateException e) {
                    Jobs.log(server.name() + " did not start: " + e.getMessage());
                    notes.add(server.name() + " did not start: " + e.getMessage());
                    continue;
                }
                try {
                    ColdStart c = ColdStart.of(s, SIZE);
                    colds.get(s.name()).add(c);
                    Jobs.log("S6 cold start " + (round + 1) + " " + s.name() + ": listening after "
                            + ms(c.listeningMillis()) + " ms, first answer after " + ms(c.firstAnswerMillis())
                            + " ms, next " + ms(c.nextMillis()) + " ms");
                } catch (IOException e) {
                    Jobs.log(s.name() + " cold start failed: " + e.getMessage());
                    notes.add(s.name() + " failed a cold start: " + e.getMessage());
                } finally {
                    if (last) {
                        running.put(s.name(), s);
                    } else {
                        s.close();
                    }
                }
            }
        }
    }

    /** Warms {@code s}, runs its closed loops, takes the highest and its latency at half. */
    private Echo echo(Subject s) throws IOException, InterruptedException {
        List<Integer> levels = settings.functionConnections();
        jobs.warm(s, Job.Kind.ECHO, levels.getLast(), 1, SIZE, settings.functionJitMillis());
        var byLevel = new ArrayList<Load.Measured>();
        for (int connections : levels) {
            Load.Measured m = jobs.run(
                    jobs.job(
                            Job.Kind.ECHO,
                            s,
                            connections,
                            0,
                            1,
                            SIZE,
                            settings.roundWarmupMillis(),
                            settings.roundMillis()),
                    s);
            Jobs.log("S6 " + s.name() + " " + connections + " in flight: " + rate(m.perSecond()) + "/s");
            byLevel.add(m);
        }
        int best = highest(byLevel);
        int inFlight = levels.get(best);
        Load.Measured half = jobs.atHalfOf(
                s,
                Job.Kind.ECHO,
                inFlight,
                byLevel.get(best),
                SIZE,
                Math.max(settings.warmupMillis(), OPEN_LOOP_WARMUP_MILLIS));
        return new Echo(byLevel, inFlight, new MaxAndHalf(byLevel.get(best), half));
    }

    /** The index of the highest rate (the first of equals). */
    static int highest(List<Load.Measured> byLevel) {
        int best = 0;
        for (int i = 1; i < byLevel.size(); i++) {
            if (byLevel.get(i).perSecond() > byLevel.get(best).perSecond()) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The target: every wsgate function at least 10 times serverless-offline's max, each
     * with a lower p99 at half of its own max than serverless-offline's at half of its.
     */
    static Report.Target target(Map<String, Echo> ours, Echo peer) {
        double peerRate = peer.result().max().perSecond();
        double peerP99 = p99(peer.result().half());
        boolean holds = true;
        boolean judged = false;
        var ratios = new ArrayList<String>();
        var p99s = new ArrayList<String>();
        for (var e : ours.entrySet()) {
            double ratio = e.getValue().result().max().perSecond() / peerRate;
            double p99 = p99(e.getValue().result().half());
            if (likeForLike(e.getKey())) {
                holds &= ratio >= 10 && p99 < peerP99;
                judged = true;
            }
            String runtime = e.getKey().replace("wsgate ", "");
            ratios.add(runtime + " " + Report.times(ratio));
            p99s.add(runtime + " " + millis(p99));
        }
        return new Report.Target(
                "S6 ≥ 10× serverless-offline's msgs/s at a lower p99 (judged on the hot-reload-off rows:"
                        + " serverless-offline reloads no handler by default)",
                String.join(", ", ratios) + "; p99 at half of each one's max " + String.join(", ", p99s) + " vs "
                        + millis(peerP99),
                holds && judged);
    }

    /** Whether the row of {@code name} serves as serverless-offline does by default: no reloading. */
    static boolean likeForLike(String name) {
        for (Function f : Function.values()) {
            if (f.title.equals(name)) {
                return !f.hotReload;
            }
        }
        return false;
    }

    /** The 99th percentile, or infinity when nothing was answered: no latency beats none. */
    private static double p99(Load.Measured m) {
        return m.latency().getTotalCount() == 0 ? Double.POSITIVE_INFINITY : m.millis(99);
    }

    private static String millis(double ms) {
        return Double.isFinite(ms) ? ms(ms) + " ms" : "none answered";
    }

    private Report.Table echoTable(
            Map<String, Echo> echoes, Map<String, Load.Measured> atPeerRate, Set<String> failures) {
        Echo peer = echoes.get(PEER);
        var rows = new ArrayList<List<String>>();
        var order = new ArrayList<>(echoes.keySet());
        if (order.remove(PEER)) {
            order.add(PEER); // wsgate's rows first, as in the other tables
        }
        for (String name : order) {
            Echo e = echoes.get(name);
            rows.add(row(name, e.inFlight(), e.result(), byLevel(e), e.errors(), peer));
        }
        atPeerRate.forEach((name, m) -> {
            Echo e = echoes.get(name);
            MaxAndHalf same = new MaxAndHalf(e.result().max(), m);
            rows.add(row(
                    name + " at " + PEER + "'s rate",
                    peer.inFlight(),
                    same,
                    "–",
                    m.result().errors(),
                    peer));
        });
        var notes = new ArrayList<String>();
        notes.add("In flight: the connections of the closed loop that gave the max, one message in flight on each;"
                + " the latency run uses as many connections. Errors: error frames (a timed-out or failed"
                + " invocation), and messages not answered within 5 s of a window's end, over every run of the row.");
        notes.add("serverless-offline 13 runs a Node.js handler in a worker thread (`node:worker_threads`) of its own"
                + " process by default (`useInProcess: false`; `--useInProcess` would run it in the main thread):"
                + " one instance per invocation in flight, a new worker thread whenever none is idle, with no upper"
                + " bound, each kept until 60 s idle (`terminateIdleLambdaTime`), and a line or more of log per"
                + " request. wsgate runs one invocation at a time in each process of a function, starts processes"
                + " up to the cores it is given (one here) and past them, up to 10"
                + " (`reservedConcurrentExecutions`' default), only for invocations queued behind slow ones with"
                + " the cores not busy, and queues the rest.");
        if (!atPeerRate.isEmpty()) {
            notes.add("The rows at serverless-offline's rate are each wsgate function's latency at the rate"
                    + " serverless-offline's latency row was asked for (half its max), over as many connections: the"
                    + " same load.");
        }
        notes.addAll(failures);
        notes.add(Jobs.LATE_NOTE);
        return new Report.Table(
                "S6 echo through a local Lambda function",
                "The S3 echo at " + SIZE + " B through a Lambda handler that returns `{statusCode: 200, body:"
                        + " event.body}`. wsgate runs it as a local function (`functions: {Echo: {runtime, handler,"
                        + " code}}`, a `$default` route with a Lambda proxy integration naming it and a `$default`"
                        + " route response), in Node.js and in Python, in child processes on the server CPU with its"
                        + " defaults (hot reload on: each invocation first waits for a change written before it to"
                        + " be seen), and again with `gateway.hot-reload: false`, as serverless-offline serves by"
                        + " default (it reloads handlers only with `--reloadHandler`); the target is judged on those."
                        + " serverless-offline 13 runs the same Node.js file on an `echo` route with"
                        + " `routeResponseSelectionExpression: $default`, and on `$connect`, which it needs. Each"
                        + " server first runs " + settings.functionJitMillis() / 1000 + " s under the load of "
                        + settings.functionConnections().getLast() + " connections, unmeasured, for its JIT. Max:"
                        + " closed loops over "
                        + settings.functionConnections().stream()
                                .map(String::valueOf)
                                .collect(Collectors.joining(", "))
                        + " connections in turn (" + settings.roundWarmupMillis() / 1000 + " s warm-up, "
                        + settings.roundMillis() / 1000 + " s window each), the highest; latency open loop at half"
                        + " of it: " + Math.max(settings.warmupMillis(), OPEN_LOOP_WARMUP_MILLIS) / 1000
                        + " s at that rate unmeasured (the closed loops keep a function's queue full, so the JIT"
                        + " has not yet compiled the path of an invocation handed to a process waiting for it),"
                        + " then a " + settings.durationMillis() / 1000 + " s window. `of serverless-offline` is"
                        + " the max over serverless-offline's.",
                List.of(
                        "Server",
                        "In flight",
                        "Max msgs/s",
                        "By in flight ("
                                + settings.functionConnections().stream()
                                        .map(String::valueOf)
                                        .collect(Collectors.joining(" / "))
                                + ")",
                        "of serverless-offline",
                        "At msgs/s",
                        "p50 ms",
                        "p99 ms",
                        "p99.9 ms",
                        "Errors",
                        "Server CPU",
                        "Load CPU"),
                rows,
                notes);
    }

    private static List<String> row(String name, int inFlight, MaxAndHalf m, String byLevel, long errors, Echo peer) {
        var row = new ArrayList<>(List.of(
                name,
                Integer.toString(inFlight),
                rate(m.max().perSecond()),
                byLevel,
                peer == null
                        ? "–"
                        : percent(m.max().perSecond() / peer.result().max().perSecond())));
        var columns = new ArrayList<>(m.columns());
        columns.set(4, Long.toString(errors));
        row.addAll(columns);
        return row;
    }

    private static String byLevel(Echo e) {
        return e.byLevel().stream().map(m -> rate(m.perSecond())).collect(Collectors.joining(" / "));
    }

    private Report.Table coldStartTable(Map<String, List<ColdStart>> colds) {
        List<ColdStart> peer = colds.getOrDefault(PEER, List.of());
        var rows = new ArrayList<List<String>>();
        var order = new ArrayList<>(colds.keySet());
        if (order.remove(PEER)) {
            order.add(PEER);
        }
        for (String name : order) {
            List<ColdStart> each = colds.get(name);
            rows.add(List.of(
                    name,
                    each.size() + " of " + settings.coldStarts(),
                    spread(each, ColdStart::listeningMillis),
                    spread(each, ColdStart::connectAndFirstAnswerMillis),
                    spread(each, ColdStart::firstAnswerMillis),
                    peer.isEmpty() || each.isEmpty()
                            ? "–"
                            : percent(median(each, ColdStart::firstAnswerMillis)
                                    / median(peer, ColdStart::firstAnswerMillis)),
                    spread(each, ColdStart::nextMillis)));
        }
        return new Report.Table(
                "S6 cold starts",
                "Each server started " + settings.coldStarts() + " times afresh, the servers taking turns, with"
                        + " nothing of a function running. Listening: from the start of the server's process (the"
                        + " JVM; node for serverless-offline) to its port accepting connections. First answer: from"
                        + " then to the first echo received by one JDK WebSocket client that connects at once: the"
                        + " handshake and whatever the first message starts (for wsgate the function's process: its"
                        + " Runtime API endpoint, node or python3, wsgate's bootstrap, the handler's module; for"
                        + " serverless-offline a worker thread, which its `$connect` starts). Next answers: the median"
                        + " round trip of the " + ColdStart.NEXT_MESSAGES + " messages after the first, one at a time:"
                        + " the function warm, the server's JIT not yet."
                        + " Median of the starts, lowest–highest in brackets.",
                List.of(
                        "Server",
                        "Starts",
                        "Start to listening ms",
                        "Listening to first answer ms",
                        "Start to first answer ms",
                        "of serverless-offline",
                        "Next answers ms"),
                rows,
                List.of());
    }

    /** The median of some times and their range, as {@code 1234 (1100–1500)}; a dash for none. */
    static String spread(List<ColdStart> each, ToDoubleFunction<ColdStart> time) {
        if (each.isEmpty()) {
            return "–";
        }
        double[] sorted = each.stream().mapToDouble(time).sorted().toArray();
        return ms(median(each, time)) + " (" + ms(sorted[0]) + "–" + ms(sorted[sorted.length - 1]) + ")";
    }

    /** The middle value (the lower of the two middle ones for an even count), as S3 takes its rounds. */
    static double median(List<ColdStart> each, ToDoubleFunction<ColdStart> time) {
        double[] sorted = each.stream().mapToDouble(time).sorted().toArray();
        return sorted[(sorted.length - 1) / 2];
    }
}
