package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.config.AccessLogging;
import io.wsgate.model.AccessLogSettings;
import io.wsgate.observe.AccessLog;
import io.wsgate.observe.Counter;
import io.wsgate.observe.CounterSet;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files access logs are written to: one a day per log group, chosen by the gateway's clock
 * (here a clock the test moves), the days past the group's retention deleted as a new day starts,
 * and lines dropped and counted rather than queued without bound when the file cannot keep up.
 */
class AccessLogsTest {
    static final String ARN = "arn:aws:logs:us-east-1:000000000000:log-group:/aws/chat";
    static final Optional<AccessLogSettings> SETTINGS =
            Optional.of(new AccessLogSettings(ARN, "$context.requestId $context.status"));

    /** A clock the test sets. */
    static final class MovingClock extends Clock {
        volatile Instant now;

        MovingClock(Instant start) {
            now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static void line(AccessLog log, String requestId) {
        log.write(Map.of("requestId", requestId, "status", "200")::get);
    }

    @Test
    void aFileADayAndTheDaysPastTheRetentionDeleted(@TempDir Path dir) throws Exception {
        var clock = new MovingClock(Instant.parse("2026-12-01T12:00:00Z"));
        var counters = new CounterSet();
        try (var logs =
                new AccessLogs(new AccessLogging(false, Optional.empty(), OptionalInt.of(3)), dir, clock, counters)) {
            logs.retention("/aws/kept", OptionalInt.of(1)); // as a template's RetentionInDays says
            AccessLog chat = logs.forStage(SETTINGS);
            AccessLog kept = logs.forStage(Optional.of(new AccessLogSettings(
                    "arn:aws:logs:us-east-1:000000000000:log-group:/aws/kept", "$context.requestId")));
            for (int day = 1; day <= 6; day++) {
                line(chat, "chat-" + day);
                line(kept, "kept-" + day);
                logs.flush();
                if (day < 6) {
                    clock.now = clock.now.plus(1, java.time.temporal.ChronoUnit.DAYS);
                }
            }
        }
        Path chatDir = dir.resolve("access-logs").resolve("%2Faws%2Fchat");
        Path keptDir = dir.resolve("access-logs").resolve("%2Faws%2Fkept");
        // On the 6th the 3-day group keeps the 3rd to the 6th; the 1-day group, the 5th and the 6th.
        assertThat(names(chatDir))
                .containsExactly("2026-12-03.log", "2026-12-04.log", "2026-12-05.log", "2026-12-06.log");
        assertThat(names(keptDir)).containsExactly("2026-12-05.log", "2026-12-06.log");
        assertThat(Files.readString(chatDir.resolve("2026-12-04.log"))).isEqualTo("chat-4 200\n");
        assertThat(Files.readString(keptDir.resolve("2026-12-06.log"))).isEqualTo("kept-6\n");
        assertThat(counters.count(Counter.ACCESS_LOG_LINES)).isEqualTo(12);
    }

    /**
     * A file that takes nothing (a FIFO no one reads yet) holds the group's thread: the queue
     * fills, and every line past it is dropped and counted, none lost unaccounted for; once the
     * file is read, what was queued arrives.
     */
    @Test
    void aBurstTheFileCannotTakeIsDroppedAndCounted(@TempDir Path dir) throws Exception {
        var clock = new MovingClock(Instant.parse("2026-12-01T12:00:00Z"));
        var counters = new CounterSet();
        Path groupDir = dir.resolve("access-logs").resolve("%2Faws%2Fchat");
        Files.createDirectories(groupDir);
        Path fifo = groupDir.resolve("2026-12-01.log");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        int queue = 8;
        int sent = 100;
        try (var logs = new AccessLogs(AccessLogging.DEFAULT, dir, clock, counters, System.out, queue)) {
            AccessLog chat = logs.forStage(SETTINGS);
            for (int i = 0; i < sent; i++) {
                line(chat, "r" + i);
            }
            long dropped = counters.count(Counter.ACCESS_LOG_DROPPED);
            // Kept: the queue's lines, and at most a queue more that the thread took as one batch
            // (and one it waited for) before the file held it.
            assertThat(dropped).isBetween((long) sent - 2 * queue - 1, (long) sent - queue);
            var read = new ArrayList<String>();
            try (BufferedReader reader = Files.newBufferedReader(fifo)) {
                logs.flush();
                String l;
                while (read.size() < sent - dropped && (l = reader.readLine()) != null) {
                    read.add(l);
                }
            }
            assertThat(read).hasSize((int) (sent - dropped)).startsWith("r0 200");
            assertThat(counters.count(Counter.ACCESS_LOG_LINES)).isEqualTo(sent - dropped);
        }
    }

    /** {@code to: stdout}: every group's lines on standard output, as a container's log shipper reads them. */
    @Test
    void toStdoutEveryLineGoesToStandardOutput(@TempDir Path dir) throws Exception {
        var out = new ByteArrayOutputStream();
        var clock = new MovingClock(Instant.parse("2026-12-01T12:00:00Z"));
        try (var logs = new AccessLogs(
                new AccessLogging(true, Optional.empty(), OptionalInt.empty()),
                dir,
                clock,
                new CounterSet(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                AccessLogs.QUEUE_LINES)) {
            line(logs.forStage(SETTINGS), "one");
            line(logs.forStage(SETTINGS), "two");
            logs.flush();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one 200\ntwo 200\n");
        assertThat(dir.resolve("access-logs")).doesNotExist();
        assertThat(new AccessLogs(AccessLogging.DEFAULT, dir, clock, new CounterSet()).forStage(Optional.empty()))
                .isSameAs(AccessLog.OFF);
    }

    static ArrayList<String> names(Path dir) throws Exception {
        var names = new ArrayList<String>();
        try (var files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString()).sorted().forEach(names::add);
        }
        return names;
    }
}
