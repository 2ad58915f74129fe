package io.wsgate.bench;

import static io.wsgate.bench.Report.cores;
import static io.wsgate.bench.Report.ms;
import static io.wsgate.bench.Report.percent;
import static io.wsgate.bench.Report.rate;

import io.wsgate.bench.Jobs.MaxAndHalf;
import io.wsgate.bench.load.Job;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

/**
 * Scenarios S1 to S5 of BENCHMARKS.md (S6 is {@link LocalFunctions}): each starts its servers, runs
 * its jobs, adds its table.
 */
final class Scenarios {
    /**
     * How long and how hard each job runs.
     *
     * @param jitMillis how long each server runs under load, unmeasured, before its first job: its
     *     JIT compiles on the CPU it serves from, and a cold JVM measures the compiler
     * @param idleCounts S1's connection counts
     * @param perProcess at most this many connections per load generator process (each holds a
     *     descriptor per connection, and a process may hold 20,000 here)
     * @param rounds how many times S3 measures each server's max, the servers taking turns
     * @param roundWarmupMillis each of those jobs' warm-up
     * @param roundMillis each of those jobs' window
     * @param functionConnections S6's closed loops: one message in flight per connection, over each
     *     of these counts of connections in turn
     * @param coldStarts how many times S6 starts each of its servers to time its cold start
     * @param functionJitMillis S6's {@code jitMillis}: a gateway that invokes functions compiles
     *     for far longer than one that echoes (its C2 thread's CPU time flattened after 40 s at one
     *     message in flight and 60 s at 16 on 2 cores, and after about 75 s at 16 on the one core
     *     S6's servers are pinned to, counted from {@code /proc}), and a half-compiled gateway
     *     measures its compiler
     */
    record Settings(
            String mode,
            long jitMillis,
            long warmupMillis,
            long durationMillis,
            int rounds,
            long roundWarmupMillis,
            long roundMillis,
            int echoConnections,
            int echoWindow,
            int handshakesInFlight,
            int pushConnections,
            int pushers,
            int pushWindow,
            List<Integer> idleCounts,
            int perProcess,
            List<Integer> functionConnections,
            int coldStarts,
            long functionJitMillis) {

        /**
         * A look in about 20 minutes (S6 alone about 10). 8 s under load is where the gateway's C2 compiles thin out
         * (counted with {@code -XX:+PrintCompilation} under the 64 B echo), and each job warms 2 s
         * more; 3 s windows are noisier than the full mode's 30 s, whose run is the record. A job's
         * warm-up is for the load generator's JIT as much as the server's: each job is a new process.
         */
        static Settings quick() {
            return of("quick", 8_000, 2_000, 3_000, 3, 2_000, 2_000, 3, 80_000);
        }

        static Settings full() {
            return of("full", 30_000, 10_000, 30_000, 5, 5_000, 6_000, 5, 120_000);
        }

        /** A mode's times; the load's shape is the same in both modes. */
        private static Settings of(
                String mode,
                long jitMillis,
                long warmupMillis,
                long durationMillis,
                int rounds,
                long roundWarmupMillis,
                long roundMillis,
                int coldStarts,
                long functionJitMillis) {
            return new Settings(
                    mode,
                    jitMillis,
                    warmupMillis,
                    durationMillis,
                    rounds,
                    roundWarmupMillis,
                    roundMillis,
                    100,
                    4,
                    32,
                    1_000,
                    4,
                    32,
                    List.of(1_000, 5_000, 15_000),
                    5_000,
                    List.of(1, 4, 16),
                    coldStarts,
                    functionJitMillis);
        }
    }

    /** A way to start a subject, so each scenario starts its own. */
    interface Start {
        Subject start() throws IOException, InterruptedException;
    }

    /** wsgate serving in process, bare Vert.x, bare Netty: in that order, a list to add to. */
    private List<Start> gatewayAndCeilings() {
        return new ArrayList<>(List.of(() -> subjects.wsgate(null), subjects::vertx, subjects::netty));
    }

    private final Settings settings;
    private final Subjects subjects;
    private final Jobs jobs;
    private final Report report;

    Scenarios(Subjects subjects, Jobs jobs, Report report) {
        this.settings = jobs.settings();
        this.subjects = subjects;
        this.jobs = jobs;
        this.report = report;
    }

    // ---- S1

    /** Heap after a full GC and resident memory, of one process. */
    private record Footprint(long heap, long rss) {}

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private static Footprint footprint(Proc p) throws IOException, InterruptedException {
        jcmd(p, "GC.run");
        jcmd(p, "GC.run");
        var m = USED.matcher(jcmd(p, "GC.heap_info"));
        if (!m.find()) {
            throw new IOException("no heap use in jcmd GC.heap_info of " + p.name);
        }
        return new Footprint(Long.parseLong(m.group(1)) * 1024, p.rssBytes());
    }

    private static String jcmd(Proc p, String command) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process process = new ProcessBuilder(jcmd, Long.toString(p.pid()), command)
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("jcmd " + command + " failed for " + p.name + ": " + out);
        }
        return out;
    }

    void idleCapacity() throws IOException, InterruptedException {
        var starts = gatewayAndCeilings();
        Map<String, Map<Integer, double[]>> per = new LinkedHashMap<>();
        for (Start start : starts) {
            try (Subject s = start.start()) {
                Jobs.log("S1 " + s.name());
                Footprint base = footprint(s.main());
                var held = new ArrayList<Load.Held>();
                int open = 0;
                var counts = new LinkedHashMap<Integer, double[]>();
                try {
                    for (int n : settings.idleCounts()) {
                        while (open < n) {
                            int chunk = Math.min(settings.perProcess(), n - open);
                            Load.Held h = jobs.hold(jobs.job(Job.Kind.IDLE, s, chunk, 0, 0, 64));
                            held.add(h);
                            open += h.open;
                            if (h.open < chunk) {
                                throw new IOException(
                                        s.name() + " accepted " + h.open + " of " + chunk + " connections");
                            }
                        }
                        Footprint f = footprint(s.main());
                        counts.put(n, new double[] {
                            (double) (f.heap() - base.heap()) / n, (double) (f.rss() - base.rss()) / n
                        });
                    }
                } finally {
                    for (Load.Held h : held) {
                        h.release();
                    }
                }
                per.put(s.name(), counts);
            }
        }
        var rows = new ArrayList<List<String>>();
        for (int n : settings.idleCounts()) {
            double[] netty = per.get("bare Netty").get(n);
            for (var e : per.entrySet()) {
                double[] v = e.getValue().get(n);
                rows.add(List.of(
                        e.getKey(),
                        String.format("%,d", n),
                        Report.bytes(v[0]),
                        Report.bytes(v[1]),
                        Report.times(v[0] / netty[0]),
                        Report.times(v[1] / netty[1])));
            }
        }
        report.add(new Report.Table(
                "S1 idle capacity",
                "Connections opened and left idle. Heap: used heap after two full GCs (`jcmd GC.run`), minus the same"
                        + " with no connection, divided by the connections; RSS likewise from /proc. Ratios are to bare"
                        + " Netty at the same count (lower is better).",
                List.of("Server", "Connections", "Heap / conn", "RSS / conn", "Heap vs Netty", "RSS vs Netty"),
                rows,
                List.of("wsgate's connections go through its in-process `$connect` function; the ceilings accept"
                        + " every upgrade.")));
        double heap = per.get("wsgate").get(settings.idleCounts().getLast())[0];
        report.target(
                "S1 ≤ 8 KB heap per idle connection",
                Report.bytes(heap) + " at "
                        + String.format("%,d", settings.idleCounts().getLast()),
                heap <= 8 * 1024);
    }

    // ---- S2

    void connectRate() throws IOException, InterruptedException {
        var starts = gatewayAndCeilings();
        var results = new LinkedHashMap<String, Load.Measured>();
        for (Start start : starts) {
            try (Subject s = start.start()) {
                var subjects = new ArrayList<>(List.of(s));
                if (s.name().equals("wsgate")) {
                    subjects.add(Subjects.withAuthorizer(s));
                    subjects.add(Subjects.withSignedConnect(s));
                }
                for (Subject each : subjects) {
                    jobs.warm(each, Job.Kind.CONNECT, settings.handshakesInFlight(), 0);
                    Jobs.log("S2 " + each.name());
                    results.put(
                            each.name(),
                            jobs.run(jobs.job(Job.Kind.CONNECT, each, settings.handshakesInFlight(), 0, 0, 64), each));
                }
            }
        }
        double vertx = results.get("bare Vert.x").perSecond();
        double netty = results.get("bare Netty").perSecond();
        var rows = new ArrayList<List<String>>();
        results.forEach((name, m) -> rows.add(List.of(
                name,
                rate(m.perSecond()),
                percent(m.perSecond() / vertx),
                percent(m.perSecond() / netty),
                ms(m.millis(50)),
                ms(m.millis(99)),
                Long.toString(m.result().errors()),
                cores(m.serverCores()),
                cores(m.loadCores()),
                rate(m.perSecond() / m.serverCores()))));
        report.add(new Report.Table(
                "S2 connect rate",
                "Closed loop: " + settings.handshakesInFlight() + " handshakes in flight, each connection closed"
                        + " once its upgrade is answered (close frame; the server closes TCP). A handshake is timed"
                        + " from the TCP connect to the 101.",
                List.of(
                        "Server",
                        "Handshakes/s",
                        "of Vert.x",
                        "of Netty",
                        "p50 ms",
                        "p99 ms",
                        "Errors",
                        "Server CPU",
                        "Load CPU",
                        "Per server core-second"),
                rows,
                List.of(
                        "wsgate runs its in-process `$connect` function (on the event loop: it is `@NonBlocking`)"
                                + " before answering each upgrade; the ceilings call nothing. `wsgate, REQUEST authorizer`"
                                + " is the same gateway and function on an API whose `$connect` first runs a Lambda"
                                + " REQUEST authorizer in process (a `RequestHandler` on the event loop, identity source"
                                + " `route.request.querystring.token`, allowing with a policy for the `methodArn`): the"
                                + " identity source check, the authorizer's event as JSON, its answer read and its"
                                + " policy evaluated, then the `$connect` event with `requestContext.authorizer`."
                                + " `wsgate, SigV4-presigned (AWS_IAM)` is the same on an API whose `$connect` is"
                                + " `AWS_IAM`, reached by a URL the AWS SDK's signer presigned for a week: each"
                                + " upgrade's signature verified (canonical request, HMAC chain) and the identity's"
                                + " policy evaluated, then the `$connect` event with its `requestContext.identity`.",
                        "On loopback the kernel's work for both ends of a TCP connect and close runs mostly on the"
                                + " connecting side's CPU: with the load generator's core full, the last column (rate"
                                + " divided by the server's CPU) is the one that compares the servers.")));
        double ws = results.get("wsgate").perSecond();
        report.target("S2 ≥ 5,000 handshakes/s", rate(ws) + "/s", ws >= 5000);
        Load.Measured authorized = results.get(Subjects.AUTHORIZED);
        if (authorized != null) {
            double share = authorized.perSecond() / ws;
            report.target(
                    "S2 with an in-process REQUEST authorizer ≥ 60% of S2 without, same run",
                    rate(authorized.perSecond()) + "/s, " + percent(share), share >= 0.6);
        }
        Load.Measured signed = results.get(Subjects.SIGNED);
        if (signed != null) {
            double share = signed.perSecond() / ws;
            report.target(
                    "S2 with a SigV4-presigned connect (AWS_IAM) ≥ 60% of S2 without, same run",
                    rate(signed.perSecond()) + "/s, " + percent(share), share >= 0.6);
        }
    }

    // ---- S3

    private MaxAndHalf echo(Subject s, int size) throws IOException, InterruptedException {
        return jobs.maxThenHalf(s, Job.Kind.ECHO, settings.echoConnections(), settings.echoWindow(), size);
    }

    private static List<String> echoRow(String name, int size, MaxAndHalf e, MaxAndHalf vertx, MaxAndHalf netty) {
        var row = new ArrayList<>(List.of(
                name,
                size + " B",
                rate(e.max().perSecond()),
                vertx == null ? "–" : percent(e.max().perSecond() / vertx.max().perSecond()),
                netty == null ? "–" : percent(e.max().perSecond() / netty.max().perSecond())));
        row.addAll(e.columns());
        return row;
    }

    private static final List<String> ECHO_HEADER = List.of(
            "Server",
            "Size",
            "Max msgs/s",
            "of Vert.x",
            "of Netty",
            "At msgs/s",
            "p50 ms",
            "p99 ms",
            "p99.9 ms",
            "Errors",
            "Server CPU",
            "Load CPU");

    /**
     * S3. wsgate and the two ceilings run side by side and take turns: in each round every one of
     * them has its max measured at each size, each round starting with the next server, so a slow
     * minute of a shared machine falls on all of them rather than on whichever ran then. A server's
     * max is its median round; its latency is then taken once, at half of that. The virtual-thread
     * path is measured after the rounds, in the same gateway, so that its profile does not mix into
     * the event-loop path's while the rounds run.
     */
    void echoInProcess() throws IOException, InterruptedException {
        List<Integer> sizes = List.of(64, 4096);
        Map<String, Map<Integer, MaxAndHalf>> results = new LinkedHashMap<>();
        Map<String, Map<Integer, List<Load.Measured>>> rounds = new LinkedHashMap<>();
        var notes = new ArrayList<>(List.of(
                "Errors: error frames, and messages not answered within 5 s of the window's end.", Jobs.LATE_NOTE));
        try (Subject wsgate = subjects.wsgate(null);
                Subject vertx = subjects.vertx();
                Subject netty = subjects.netty()) {
            Subject logged = Subjects.accessLogged(wsgate);
            List<Subject> turns = List.of(wsgate, logged, vertx, netty);
            Subject onVirtualThreads = Subjects.onVirtualThreads(wsgate);
            for (Subject s : List.of(wsgate, logged, onVirtualThreads, vertx, netty)) {
                results.put(s.name(), new LinkedHashMap<>());
            }
            for (Subject s : turns) {
                jobs.warm(s, Job.Kind.ECHO, settings.echoConnections(), settings.echoWindow(), sizes);
                rounds.put(s.name(), new LinkedHashMap<>());
            }
            for (int round = 0; round < settings.rounds(); round++) {
                for (int size : sizes) {
                    for (int i = 0; i < turns.size(); i++) {
                        Subject s = turns.get((round + i) % turns.size());
                        Load.Measured max = jobs.run(
                                jobs.job(
                                        Job.Kind.ECHO,
                                        s,
                                        settings.echoConnections(),
                                        0,
                                        settings.echoWindow(),
                                        size,
                                        settings.roundWarmupMillis(),
                                        settings.roundMillis()),
                                s);
                        Jobs.log("S3 round " + (round + 1) + " " + s.name() + " " + size + " B: "
                                + rate(max.perSecond()) + "/s");
                        rounds.get(s.name())
                                .computeIfAbsent(size, k -> new ArrayList<>())
                                .add(max);
                    }
                }
            }
            for (Subject s : turns) {
                for (int size : sizes) {
                    Load.Measured max = median(rounds.get(s.name()).get(size));
                    results.get(s.name())
                            .put(
                                    size,
                                    new MaxAndHalf(
                                            max,
                                            jobs.atHalfOf(s, Job.Kind.ECHO, settings.echoConnections(), max, size)));
                }
            }
            jobs.warm(onVirtualThreads, Job.Kind.ECHO, settings.echoConnections(), settings.echoWindow(), sizes);
            for (int size : sizes) {
                results.get(onVirtualThreads.name()).put(size, echo(onVirtualThreads, size));
            }
        }
        var rows = new ArrayList<List<String>>();
        var sameRound = new ArrayList<String>();
        for (int size : sizes) {
            MaxAndHalf vertx = results.get("bare Vert.x").get(size);
            MaxAndHalf netty = results.get("bare Netty").get(size);
            results.forEach((name, bySize) -> {
                if (bySize.containsKey(size)) {
                    var row = new ArrayList<>(echoRow(name, size, bySize.get(size), vertx, netty));
                    List<Load.Measured> each =
                            rounds.getOrDefault(name, Map.of()).get(size);
                    row.add(3, each == null ? "once" : spread(each.stream().mapToDouble(Load.Measured::perSecond)));
                    rows.add(row);
                }
            });
            sameRound.add(size + " B " + ratios(rounds, size));
        }
        notes.add("wsgate's max over bare Vert.x's in the same round, lowest to highest: "
                + String.join("; ", sameRound) + ".");
        var header = new ArrayList<>(ECHO_HEADER);
        header.add(3, "Rounds");
        report.add(new Report.Table(
                "S3 echo through an in-process handler",
                "Max: closed loop, " + settings.echoConnections() + " connections with " + settings.echoWindow()
                        + " messages in flight each. wsgate and the ceilings run side by side and take turns: "
                        + settings.rounds() + " rounds, each measuring every one of them at each size ("
                        + settings.roundWarmupMillis() / 1000 + " s warm-up, " + settings.roundMillis() / 1000
                        + " s window), each round starting with the next server. Max is a server's median round;"
                        + " Rounds, its lowest and highest. Latency: open loop at half of each server's max, timed"
                        + " from each message's intended send time (so stalls count). wsgate routes"
                        + " `$request.body.action` to `echo`, runs its in-process function and sends the body back"
                        + " through the `$default` route response: on the event loop (the function is marked"
                        + " `@NonBlocking`), and on a virtual thread per message (the same function without the"
                        + " mark, the default for code that may block), measured once after the rounds."
                        + " `wsgate, access log` is the same gateway and API through a second stage whose access"
                        + " log is on (the console's JSON format, to a file): a line per message. The"
                        + " ceilings echo the frame.",
                header,
                rows,
                notes));
        for (int size : sizes) {
            double ratio = results.get("wsgate").get(size).max().perSecond()
                    / results.get("bare Vert.x").get(size).max().perSecond();
            report.target(
                    "S3 ≥ 70% of bare Vert.x msgs/s, " + size + " B",
                    percent(ratio) + " (rounds " + ratios(rounds, size) + ")",
                    ratio >= 0.7);
        }
        for (int size : sizes) {
            double share = results.get("wsgate, access log").get(size).max().perSecond()
                    / results.get("wsgate").get(size).max().perSecond();
            report.target(
                    "S3 with access logging (JSON, to a file) ≥ 85% of without, " + size + " B",
                    percent(share) + " (rounds "
                            + ratios(
                                    rounds.get("wsgate, access log").get(size),
                                    rounds.get("wsgate").get(size))
                            + ")",
                    share >= 0.85);
        }
        s3Vertx64 = results.get("bare Vert.x").get(64);
    }

    /** The measurement with the median rate (the lower of the two middle ones for an even count). */
    static Load.Measured median(List<Load.Measured> each) {
        var sorted = new ArrayList<>(each);
        sorted.sort(Comparator.comparingDouble(Load.Measured::perSecond));
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** The lowest and highest of some rates, as {@code 98,120–130,455}. */
    private static String spread(DoubleStream rates) {
        var stats = rates.summaryStatistics();
        return rate(stats.getMin()) + "–" + rate(stats.getMax());
    }

    /** wsgate's max over bare Vert.x's round by round at {@code size}: the lowest and highest. */
    private static String ratios(Map<String, Map<Integer, List<Load.Measured>>> rounds, int size) {
        return ratios(rounds.get("wsgate").get(size), rounds.get("bare Vert.x").get(size));
    }

    /** {@code a}'s rate over {@code b}'s, round by round: the lowest and highest, as percents. */
    static String ratios(List<Load.Measured> a, List<Load.Measured> b) {
        var stats = IntStream.range(0, a.size())
                .mapToDouble(r -> a.get(r).perSecond() / b.get(r).perSecond())
                .summaryStatistics();
        return percent(stats.getMin()) + "–" + percent(stats.getMax());
    }

    /** S3's bare Vert.x echo at 64 B, the ceiling S4 is compared with when both run. */
    private MaxAndHalf s3Vertx64;

    // ---- S4

    void echoHttpProxy() throws IOException, InterruptedException {
        int size = 64;
        MaxAndHalf wsgate;
        MaxAndHalf pushpin;
        Load.Measured wsgateAtPushpin;
        Subjects.Backend backend = subjects.backend();
        try (Subject s = subjects.pushpin(backend)) {
            jobs.warm(s, Job.Kind.ECHO, settings.echoConnections(), settings.echoWindow());
            pushpin = echo(s, size);
        }
        backend = subjects.backend();
        try (Subject s = subjects.wsgate(backend)) {
            jobs.warm(s, Job.Kind.ECHO, settings.echoConnections(), settings.echoWindow());
            wsgate = echo(s, size);
            double rate = pushpin.half().result().sentPerSecond();
            Jobs.log("echo " + s.name() + " at Pushpin's rate " + rate(rate) + "/s");
            wsgateAtPushpin = jobs.run(jobs.job(Job.Kind.ECHO, s, settings.echoConnections(), rate, 0, size), s);
        }
        var rows = new ArrayList<List<String>>();
        rows.add(echoRow("wsgate HTTP_PROXY", size, wsgate, s3Vertx64, null));
        rows.add(echoRow("Pushpin 1.36", size, pushpin, s3Vertx64, null));
        rows.add(echoRow(
                "wsgate HTTP_PROXY at Pushpin's rate",
                size,
                new MaxAndHalf(wsgate.max(), wsgateAtPushpin),
                s3Vertx64,
                null));
        report.add(new Report.Table(
                "S4 echo through an HTTP backend",
                "The same echo, with the message going through a minimal loopback HTTP backend (Vert.x, on the server"
                        + " CPUs too): wsgate's HTTP_PROXY integration POSTs the event and the backend answers its body;"
                        + " Pushpin 1.36 (condure, pushpin-proxy, pushpin-handler, zurl) sends WebSocket-over-HTTP"
                        + " events and the backend answers them back. `of Vert.x` is against S3's bare Vert.x echo"
                        + " (no backend) when S3 ran.",
                ECHO_HEADER,
                rows,
                List.of(
                        "The last row is wsgate's latency at the rate Pushpin's latency row ran at: the same load.",
                        Jobs.LATE_NOTE)));
        double ratio = wsgate.max().perSecond() / pushpin.max().perSecond();
        double p99 = wsgate.half().millis(99);
        double pushpinP99 = pushpin.half().millis(99);
        report.target(
                "S4 ≥ 2× Pushpin's msgs/s at an equal or lower p99",
                Report.times(ratio) + "; p99 " + ms(p99) + " ms at half of wsgate's max vs " + ms(pushpinP99)
                        + " ms at half of Pushpin's",
                ratio >= 2 && p99 <= pushpinP99);
    }

    // ---- S5

    void push() throws IOException, InterruptedException {
        // wsgate without identities (they make every push need a signature) and bare Vert.x
        List<Start> starts = List.of(() -> subjects.wsgate(null, false), subjects::vertx);
        var results = new LinkedHashMap<String, MaxAndHalf>();
        for (Start start : starts) {
            try (Subject s = start.start()) {
                var measured = new ArrayList<>(List.of(s));
                if (s.name().equals("wsgate")) {
                    measured.add(Subjects.accessLogged(s)); // the same gateway, a stage with its access log on
                }
                for (Subject each : measured) {
                    jobs.warm(each, Job.Kind.PUSH, settings.pushConnections(), settings.pushWindow());
                    results.put(
                            each.name(),
                            jobs.maxThenHalf(
                                    each, Job.Kind.PUSH, settings.pushConnections(), settings.pushWindow(), 64));
                }
            }
        }
        double vertx = results.get("bare Vert.x").max().perSecond();
        var rows = new ArrayList<List<String>>();
        results.forEach((name, p) -> {
            var row = new ArrayList<>(
                    List.of(name, rate(p.max().perSecond()), percent(p.max().perSecond() / vertx)));
            row.addAll(p.columns());
            rows.add(row);
        });
        report.add(new Report.Table(
                "S5 management push",
                settings.pushConnections() + " connections; " + settings.pushers() + " HTTP/1.1 connections POST 64 B"
                        + " messages to random live connections, pipelined (" + settings.pushWindow() + " in flight"
                        + " each for the max). wsgate: `POST /{api}/{stage}/@connections/{id}` as the AWS SDK sends it;"
                        + " bare Vert.x: `POST /push/{id}` writing the body to that WebSocket. Pushes/s counts pushes"
                        + " received by the clients; latency runs from the intended send time of the POST to the"
                        + " client's receipt. `wsgate, access log`: the same gateway, pushing to the connections of"
                        + " a stage whose access log is on (its connects and disconnects are logged; an"
                        + " `@connections` post is not an event of the stage, and has no line).",
                List.of(
                        "Server",
                        "Max pushes/s",
                        "of Vert.x",
                        "At pushes/s",
                        "p50 ms",
                        "p99 ms",
                        "p99.9 ms",
                        "Errors",
                        "Server CPU",
                        "Load CPU"),
                rows,
                List.of(Jobs.LATE_NOTE)));
        double ws = results.get("wsgate").max().perSecond();
        report.target("S5 ≥ 50,000 pushes/s", rate(ws) + "/s", ws >= 50_000);
        double logged = results.get("wsgate, access log").max().perSecond() / ws;
        report.target(
                "S5 to a stage with access logging ≥ 85% of without, same gateway", percent(logged), logged >= 0.85);
    }
}
