package io.wsgate.app;

import io.wsgate.config.AccessLogging;
import io.wsgate.model.AccessLogSettings;
import io.wsgate.observe.AccessLog;
import io.wsgate.observe.AccessLogFormat;
import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages' access logs, by CloudWatch log group: a stage's {@code destinationArn} names the
 * group, and each group is a directory of one file a day under {@link AccessLogging#directoryUnder}
 * (or standard output, for {@code to: stdout}). The group's directory is its name with every
 * character but letters, digits, {@code -} and {@code _} percent-encoded ({@code /aws/chat} is
 * {@code %2Faws%2Fchat}), so no name reaches outside it.
 *
 * <p>Writing never blocks an event loop: a line is rendered on the caller's thread and offered to
 * its group's bounded queue, which one thread per group drains to the file. The queue takes no
 * lock (a linked queue with a count for its bound): with an array queue's lock, a writer preempted
 * while draining made the event loops that offered wait for it, and a logged message cost a third
 * more than one not logged (S3 in BENCHMARKS.md: 66% of the rate without, 84% with this queue). When the queue is
 * full (a burst the disk cannot keep up with) the line is dropped and counted ({@code
 * access_log.dropped}). The day's file is chosen by the injected clock (UTC); when the day
 * changes, the group's files older than its retention are deleted.
 */
final class AccessLogs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AccessLogs.class);

    /** How long a group's thread sleeps when its queue is empty: how late a line may reach its file. */
    static final long IDLE_MILLIS = 10;

    /** Lines a group holds before it drops: about 8 MB of 500-byte lines. */
    static final int QUEUE_LINES = 16_384;

    private static final Pattern DAY_FILE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\.log");
    private static final String STDOUT = "";

    private final AccessLogging settings;
    private final Path directory;
    private final Clock clock;
    private final Metrics metrics;
    private final PrintStream stdout;
    private final int queueLines;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final Map<String, OptionalInt> retentions = new ConcurrentHashMap<>();
    private volatile boolean closed;

    AccessLogs(AccessLogging settings, Path dataDirectory, Clock clock, Metrics metrics) {
        this(settings, dataDirectory, clock, metrics, System.out, QUEUE_LINES);
    }

    /** @param queueLines how many lines each group holds before it drops */
    AccessLogs(
            AccessLogging settings,
            Path dataDirectory,
            Clock clock,
            Metrics metrics,
            PrintStream stdout,
            int queueLines) {
        this.queueLines = queueLines;
        this.settings = settings;
        this.directory = settings.directoryUnder(dataDirectory).toAbsolutePath();
        this.clock = clock;
        this.metrics = metrics;
        this.stdout = stdout;
    }

    /** The log of a stage with {@code settings}: {@link AccessLog#OFF} without them. */
    AccessLog forStage(Optional<AccessLogSettings> settings) {
        if (settings.isEmpty() || closed) {
            return AccessLog.OFF;
        }
        AccessLogFormat format = AccessLogFormat.parse(settings.get().format());
        String name = this.settings.stdout() ? STDOUT : settings.get().logGroupName();
        Group group = groups.computeIfAbsent(name, Group::new);
        return new AccessLog() {
            @Override
            public boolean on() {
                return true;
            }

            @Override
            public void write(Function<String, String> values) {
                group.offer(format.render(values));
            }
        };
    }

    /** How long the log group {@code name} keeps its files, as a template's {@code RetentionInDays} says. */
    void retention(String name, OptionalInt days) {
        retentions.put(name, days);
    }

    /** The directory holding the log group {@code name}'s day files; empty when the groups go to stdout. */
    Optional<Path> files(String name) {
        return settings.stdout() ? Optional.empty() : Optional.of(groupDirectory(name));
    }

    /** The directory of the log group {@code name}. */
    Path groupDirectory(String name) {
        var encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                encoded.append(c);
            } else {
                encoded.append(String.format("%%%02X", b & 0xff));
            }
        }
        return directory.resolve(encoded.toString());
    }

    /** Blocks until every line offered so far is written and flushed (for tests and shutdown). */
    void flush() throws InterruptedException {
        for (Group group : groups.values()) {
            group.flushed();
        }
    }

    /** Writes what is queued, then stops every group's thread. */
    @Override
    public void close() {
        closed = true;
        groups.values().forEach(Group::stop);
    }

    private OptionalInt retentionOf(String name) {
        return retentions.getOrDefault(name, settings.retentionDays());
    }

    /** One log group: its queue, its thread, and the day's file. */
    private final class Group implements Runnable {
        private final String name;
        // Lock-free: an event loop's offer never waits for the writer, which may hold the core.
        private final java.util.concurrent.ConcurrentLinkedQueue<String> queue =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final java.util.concurrent.atomic.AtomicInteger queued =
                new java.util.concurrent.atomic.AtomicInteger();
        private final Thread thread;
        private final Object written = new Object();
        private volatile boolean running = true;
        private long taken; // lines taken from the queue and written or dropped; guarded by written
        private final java.util.concurrent.atomic.AtomicLong offered = new java.util.concurrent.atomic.AtomicLong();
        private Writer out;
        private LocalDate day;

        Group(String name) {
            this.name = name;
            this.thread = Thread.ofPlatform()
                    .daemon()
                    .name("wsgate-access-log" + (name.isEmpty() ? "" : "-" + name))
                    .start(this);
        }

        void offer(String line) {
            if (queued.incrementAndGet() <= queueLines) {
                queue.offer(line);
                offered.incrementAndGet();
            } else {
                queued.decrementAndGet();
                metrics.increment(Counter.ACCESS_LOG_DROPPED);
            }
        }

        void flushed() throws InterruptedException {
            long target = offered.get();
            synchronized (written) {
                while (taken < target && running) {
                    written.wait(100);
                }
            }
        }

        void stop() {
            running = false;
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            var batch = new ArrayList<String>(256);
            try {
                while (running || !queue.isEmpty()) {
                    rotate();
                    for (String line; batch.size() < 4096 && (line = queue.poll()) != null; ) {
                        batch.add(line);
                    }
                    queued.addAndGet(-batch.size());
                    if (batch.isEmpty()) {
                        // Sleeping rather than waiting on the queue: an event loop's offer then never
                        // has a thread to wake, which costs it more than the line (a context switch).
                        Thread.sleep(IDLE_MILLIS);
                        continue;
                    }
                    write(batch);
                    synchronized (written) {
                        taken += batch.size();
                        written.notifyAll();
                    }
                    batch.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                close(out);
                synchronized (written) {
                    written.notifyAll();
                }
            }
        }

        private void write(ArrayList<String> lines) {
            try {
                if (out == null) {
                    open();
                }
                for (String line : lines) {
                    out.write(line);
                    out.write('\n');
                }
                out.flush();
                metrics.increment(Counter.ACCESS_LOG_LINES, lines.size());
            } catch (IOException | RuntimeException e) {
                metrics.increment(Counter.ACCESS_LOG_DROPPED, lines.size());
                log.warn("access log {}: {} lines not written: {}", name, lines.size(), e.toString());
                close(out);
                out = null; // opened again for the next lines
            }
        }

        /** A new day's file when the day has changed, and the files past the retention deleted. */
        private void rotate() {
            LocalDate today = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
            if (today.equals(day)) {
                return;
            }
            day = today;
            close(out);
            out = null;
            if (!name.isEmpty()) {
                sweep(today);
            }
        }

        private void open() throws IOException {
            if (name.isEmpty()) {
                out = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8));
                return;
            }
            Path dir = groupDirectory(name);
            Files.createDirectories(dir);
            out = new BufferedWriter(
                    new OutputStreamWriter(
                            Files.newOutputStream(
                                    dir.resolve(day + ".log"), StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                            StandardCharsets.UTF_8),
                    64 * 1024);
        }

        /** Deletes the day files of this group older than its retention (kept forever without one). */
        private void sweep(LocalDate today) {
            OptionalInt days = retentionOf(name);
            Path dir = groupDirectory(name);
            if (days.isEmpty() || !Files.isDirectory(dir)) {
                return;
            }
            LocalDate oldest = today.minusDays(days.getAsInt());
            try (var files = Files.list(dir)) {
                files.forEach(file -> {
                    var m = DAY_FILE.matcher(file.getFileName().toString());
                    if (m.matches() && LocalDate.parse(m.group(1)).isBefore(oldest)) {
                        try {
                            Files.delete(file);
                            log.info("access log {}: {} deleted, past its retention of {} days", name, file, days);
                        } catch (IOException e) {
                            log.warn("access log {}: cannot delete {}: {}", name, file, e.toString());
                        }
                    }
                });
            } catch (IOException e) {
                log.warn("access log {}: cannot list {}: {}", name, dir, e.toString());
            }
        }

        private void close(Writer writer) {
            if (writer == null) {
                return;
            }
            try {
                if (name.isEmpty()) {
                    writer.flush(); // standard output stays open
                } else {
                    writer.close();
                }
            } catch (IOException e) {
                log.warn("access log {}: {}", name, e.toString());
            }
        }
    }
}
