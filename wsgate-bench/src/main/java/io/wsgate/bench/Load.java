package io.wsgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.bench.load.Job;
import io.wsgate.bench.load.LoadGen;
import io.wsgate.bench.load.Result;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs load generator processes on the load CPUs and reads what they report; while a job's window
 * is open, reads the subject's CPU time too, so each result says how busy the server was.
 */
final class Load {
    /** Load generators' JVM flags. */
    static final List<String> LOAD_JVM =
            List.of("-Xms512m", "-Xmx1g", "-XX:+UseG1GC", "--enable-native-access=ALL-UNNAMED"); // epoll's library

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path runDir;
    private final String cpus;

    Load(Path runDir, String cpus) {
        this.runDir = runDir;
        this.cpus = cpus;
    }

    /**
     * What one job measured.
     *
     * @param serverCores the subject's CPU time over the window, in cores (1.0 = one core busy)
     * @param loadCores the load generator's, likewise
     */
    record Measured(Result result, Histogram latency, double serverCores, double loadCores) {
        double perSecond() {
            return result.receivedPerSecond();
        }

        /** A percentile of the latency in milliseconds. */
        double millis(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** Runs {@code job} against {@code subject} and waits for its result. */
    Measured run(Job job, Subject subject) throws IOException, InterruptedException {
        Proc p = start(job);
        double cpu0 = 0;
        double cpu1 = 0;
        long t0 = 0;
        long t1 = 0;
        Result result = null;
        try (var out = new BufferedReader(new InputStreamReader(p.process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.equals("WINDOW start")) {
                    cpu0 = subject.cpuSeconds();
                    t0 = System.nanoTime();
                } else if (line.equals("WINDOW end")) {
                    cpu1 = subject.cpuSeconds();
                    t1 = System.nanoTime();
                } else if (line.startsWith("RESULT ")) {
                    result = JSON.readValue(line.substring(7), Result.class);
                }
            }
        } finally {
            p.process.waitFor(job.deadlineMillis(), TimeUnit.MILLISECONDS);
            p.close();
        }
        if (result == null) {
            throw new IOException("the load generator gave no result for " + job.kind() + " on " + subject.name()
                    + " (exit " + p.process.exitValue() + ")");
        }
        double seconds = Math.max(1e-9, (t1 - t0) / 1e9);
        return new Measured(
                result, result.latencyHistogram(), (cpu1 - cpu0) / seconds, result.cpuSeconds() / result.seconds());
    }

    /** Connections held open by one load generator process until {@link #release()}. */
    final class Held {
        private final Proc proc;
        private final BufferedReader out;
        final int open;

        private Held(Proc proc) throws IOException {
            this.proc = proc;
            this.out = new BufferedReader(new InputStreamReader(proc.process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
                // nothing else comes before READY
            }
            if (line == null) {
                throw new IOException("the load generator exited before its connections were open");
            }
            this.open = Integer.parseInt(line.substring(6).trim());
        }

        /** Closes the connections and ends the process. */
        void release() throws IOException, InterruptedException {
            try (Writer in = proc.process.outputWriter()) {
                in.write("stop\n");
            }
            while (out.readLine() != null) {
                // the RESULT line; the count is known already
            }
            proc.process.waitFor(60, TimeUnit.SECONDS);
            proc.close();
        }
    }

    /** Starts an {@link Job.Kind#IDLE} job and returns once its connections are open. */
    Held hold(Job job) throws IOException {
        return new Held(start(job));
    }

    private Proc start(Job job) {
        try {
            return Proc.start(
                    "load",
                    Subjects.java(LOAD_JVM, LoadGen.class, JSON.writeValueAsString(job)),
                    cpus,
                    null,
                    runDir,
                    Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
