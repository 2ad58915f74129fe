package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Lambda's START, END and REPORT lines, the billed duration, and the 4 KB tail of a log. */
class ReportTest {
    static final String ID = "8f5c3f8e-2c1e-4d0a-9a51-0e6f2f1c3b7a";

    @Test
    void aWarmReportHasDurationBilledMemoryAndPeak() {
        var report = new Report(
                ID,
                12_341_000,
                OptionalLong.empty(),
                128,
                OptionalLong.of(41),
                Report.Status.ANSWERED,
                Optional.empty());
        assertThat(report.line())
                .isEqualTo("REPORT RequestId: " + ID
                        + "\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 41 MB");
        assertThat(Report.start(ID)).isEqualTo("START RequestId: " + ID + " Version: $LATEST");
        assertThat(Report.end(ID)).isEqualTo("END RequestId: " + ID);
    }

    @Test
    void aColdReportBillsTheInitPhaseToo() {
        var report = new Report(
                ID,
                4_420_000,
                OptionalLong.of(333_050_000),
                1152,
                OptionalLong.of(75),
                Report.Status.ANSWERED,
                Optional.empty());
        assertThat(report.billedMillis()).isEqualTo(338); // ceil(4.42 + 333.05)
        assertThat(report.line()).endsWith("\tMax Memory Used: 75 MB\tInit Duration: 333.05 ms");
    }

    @Test
    void durationsAreMillisecondsToTwoPlacesWithHalvesRoundedUp() {
        assertThat(Report.millis(0)).isEqualTo("0.00");
        assertThat(Report.millis(4_999)).isEqualTo("0.00");
        assertThat(Report.millis(5_000)).isEqualTo("0.01");
        assertThat(Report.millis(90_000)).isEqualTo("0.09");
        assertThat(Report.millis(4_995_000)).isEqualTo("5.00");
        assertThat(Report.millis(123_456_789_000L)).isEqualTo("123456.79");
        for (long nanos = 1; nanos < 2_000_000_000L; nanos = nanos * 7 + 3) { // never on a half
            assertThat(Report.millis(nanos))
                    .as("%d ns", nanos)
                    .isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", nanos / 1_000_000.0));
        }
    }

    @Test
    void billingRoundsUpToTheMillisecondAndNeverBelowOne() {
        assertThat(report(2_000_000).billedMillis()).isEqualTo(2);
        assertThat(report(2_000_001).billedMillis()).isEqualTo(3);
        assertThat(report(10_000).billedMillis()).isEqualTo(1);
    }

    @Test
    void theStatusComesLastAndAPeakNotReadIsLeftOut() {
        var timeout = new Report(
                ID,
                3_000_450_000L,
                OptionalLong.empty(),
                128,
                OptionalLong.of(88),
                Report.Status.TIMEOUT,
                Optional.empty());
        assertThat(timeout.line())
                .endsWith("\tDuration: 3000.45 ms\tBilled Duration: 3001 ms\tMemory Size: 128 MB"
                        + "\tMax Memory Used: 88 MB\tStatus: timeout");
        var exit = new Report(
                ID,
                1_000_000,
                OptionalLong.empty(),
                128,
                OptionalLong.empty(),
                Report.Status.ERROR,
                Optional.of("Runtime.ExitError"));
        assertThat(exit.line())
                .endsWith("\tMemory Size: 128 MB\tStatus: error\tError Type: Runtime.ExitError")
                .doesNotContain("Max Memory Used");
    }

    @Test
    void thePeakMemoryOfALiveProcessIsReadAfreshFromOneOpenFile() throws Exception {
        assumeTrue(java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/status")), "Linux only");
        // A child that fills 100 MB when told to, says so, and waits.
        var child = new ProcessBuilder(
                        "python3",
                        "-c",
                        "import sys\nsys.stdin.readline()\nheld = b'\\x01' * (100 << 20)\nprint('filled', flush=True)\n"
                                + "sys.stdin.readline()")
                .start();
        try (var memory = PeakMemory.of(child.pid());
                var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()));
                var in = child.getOutputStream()) {
            long before = memory.megabytes().orElseThrow();
            in.write('\n');
            in.flush();
            assertThat(out.readLine()).isEqualTo("filled");
            assertThat(memory.megabytes().orElseThrow()).isGreaterThanOrEqualTo(before + 100);
            in.write('\n');
            in.flush();
            child.waitFor();
            assertThat(memory.megabytes()).isEmpty(); // exited and reaped: nothing to read
        } finally {
            child.destroyForcibly();
        }
        try (var none = PeakMemory.of(Long.MAX_VALUE)) {
            assertThat(none.megabytes()).isEmpty();
        }
    }

    @Test
    void thePeakIsTheNumberOnTheVmHwmLine() {
        byte[] text = "Name:\tnode\nVmPeak:\t 1036192 kB\nVmHWM:\t   63352 kB\nVmRSS:\t 1 kB\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(PeakMemory.kilobytes(text, text.length)).hasValue(63352);
        assertThat(PeakMemory.kilobytes(text, 20)).isEmpty(); // cut before the line
        byte[] empty = "VmHWM:\t kB\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(PeakMemory.kilobytes(empty, empty.length)).isEmpty();
    }

    @Test
    void theTailOfALogIsItsLastBytesCutBetweenCharacters() {
        assertThat(Invocation.tail("short\n", 4096)).isEqualTo("short\n");
        assertThat(Invocation.tail("abcdef", 3)).isEqualTo("def");
        assertThat(Invocation.tail("aé€", 4)).isEqualTo("€"); // é is 2 bytes, € 3: a cut inside é moves on
    }

    @Test
    void anInvocationKeepsTheLast4KbOfItsLog() {
        var invocation = new Invocation(ID, new byte[0], Optional.empty(), 3000, true);
        for (int i = 0; i < 1000; i++) {
            invocation.logged("line " + i);
        }
        invocation.logClosed();
        String tail = invocation.log().join();
        assertThat(tail.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(4096);
        assertThat(tail).endsWith("line 999\n").doesNotContain("line 0\n");
    }

    private static Report report(long nanos) {
        return new Report(
                ID, nanos, OptionalLong.empty(), 128, OptionalLong.empty(), Report.Status.ANSWERED, Optional.empty());
    }
}
