package io.wsgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs the scenarios and writes their tables into BENCHMARKS.md. Servers run on the upper half of
 * the CPUs and load generators on the lower half (one CPU each on a 2-core machine), so neither
 * takes the other's time; every number is also given as a ratio to a ceiling measured in the same
 * run.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measures wsgate against bare Netty and Vert.x servers and its peers; writes BENCHMARKS.md.")
public final class Bench implements Callable<Integer> {
    @Option(names = "--full", description = "longer runs (about 45 minutes here; the quick default takes about 12)")
    boolean full;

    @Option(
            names = "--only",
            split = ",",
            paramLabel = "S1..S6",
            description = "run only these scenarios (the report then holds only their tables)")
    Set<String> only = Set.of();

    @Option(names = "--out", description = "the report to update (default: BENCHMARKS.md)")
    Path out = Path.of("BENCHMARKS.md");

    @Option(names = "--run-dir", description = "where logs and generated files go (default: wsgate-bench/target/run)")
    Path runDir = Path.of("wsgate-bench", "target", "run");

    @Option(
            names = "--serverless-offline",
            paramLabel = "DIR",
            description = "where serverless@3 and serverless-offline@13 are installed; S6 runs it when given")
    Path slsDir;

    @Option(names = "--no-pin", description = "do not pin servers and load generators to separate CPUs")
    boolean noPin;

    /** The scenarios, in the order they run. */
    static final List<String> SCENARIOS = List.of("S1", "S2", "S3", "S4", "S5", "S6");

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        var unknown = only.stream().filter(s -> !SCENARIOS.contains(s)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--only: unknown scenario " + String.join(", ", unknown) + " (expected some of: "
                            + String.join(", ", SCENARIOS) + ")");
        }
        Files.createDirectories(runDir);
        int cpus = Runtime.getRuntime().availableProcessors();
        String loadCpus = "";
        String serverCpus = "";
        if (!noPin && cpus >= 2) {
            loadCpus = cpuList(0, cpus / 2);
            serverCpus = cpuList(cpus / 2, cpus);
        }
        var settings = full ? Scenarios.Settings.full() : Scenarios.Settings.quick();
        List<String> sources = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5");
        var machine = new ArrayList<String>();
        machine.add("Date: " + LocalDate.now() + "; mode: " + settings.mode() + ": each server first runs "
                + settings.jitMillis() / 1000
                + " s under load unmeasured (JIT; in S3 at each size), then each job warms up "
                + settings.warmupMillis() / 1000 + " s and measures " + settings.durationMillis() / 1000
                + " s (S3's rounds: " + settings.roundWarmupMillis() / 1000 + " s and "
                + settings.roundMillis() / 1000 + " s)");
        machine.add("CPU: " + cpus + " cores, " + cpuModel() + "; memory " + memory());
        machine.add("JDK: " + System.getProperty("java.vm.name") + " " + Runtime.version());
        machine.add("Server JVM flags (wsgate and both ceilings): `" + String.join(" ", Subjects.SERVER_JVM)
                + "`; load generator: `" + String.join(" ", Load.LOAD_JVM) + "`");
        machine.add(
                serverCpus.isEmpty()
                        ? "Not pinned: servers and load generators share every CPU"
                        : "Servers (and every process of a peer) on CPU " + serverCpus + "; load generators on CPU "
                                + loadCpus + " (taskset); each JVM sizes its event loops from what it is given");
        machine.add("Load: a WebSocket client of its own on Netty (epoll), one event loop per generator, whole frames"
                + " written with a zero mask key, connections spread over " + String.join(", ", sources)
                + "; latency in HdrHistogram from each message's intended send time");
        var subjects =
                new Subjects(runDir.toAbsolutePath(), serverCpus, slsDir == null ? null : slsDir.toAbsolutePath());
        if (wanted("S6")) {
            machine.add(subjects.runtimes().describe() + "; each linked first on the PATH of S6's servers, so"
                    + " that a version manager's shim is not timed");
        }
        var report = new Report(machine);
        var jobs = new Jobs(settings, new Load(runDir.toAbsolutePath(), loadCpus), sources);
        var scenarios = new Scenarios(subjects, jobs, report);
        if (wanted("S1")) {
            scenarios.idleCapacity();
        }
        if (wanted("S2")) {
            scenarios.connectRate();
        }
        if (wanted("S3")) {
            scenarios.echoInProcess();
        }
        if (wanted("S4")) {
            scenarios.echoHttpProxy();
        }
        if (wanted("S5")) {
            scenarios.push();
        }
        if (wanted("S6")) {
            new LocalFunctions(subjects, jobs, report, slsDir != null).run();
        }
        report.writeInto(out);
        System.out.println(report.markdown());
        System.err.println("[bench] tables written into " + out);
        return 0;
    }

    private boolean wanted(String scenario) {
        return only.isEmpty() || only.contains(scenario);
    }

    private static String cpuList(int from, int to) {
        return String.join(
                ",", IntStream.range(from, to).mapToObj(Integer::toString).toList());
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown model");
        } catch (java.io.IOException e) {
            return "unknown model";
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / (1024 * 1024) + " GiB")
                    .findFirst()
                    .orElse("unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
