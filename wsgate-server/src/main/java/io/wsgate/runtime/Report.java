package io.wsgate.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The platform lines Lambda writes for each invocation, in its text format:
 *
 * <pre>
 * START RequestId: ID Version: $LATEST
 * END RequestId: ID
 * REPORT RequestId: ID	Duration: 12.34 ms	Billed Duration: 13 ms	Memory Size: 128 MB	Max Memory Used: 41 MB
 * </pre>
 *
 * followed, on REPORT, by {@code Init Duration: N ms} for the first invocation of a process and by
 * {@code Status: timeout} or {@code Status: error	Error Type: T} when the platform ended it. The
 * billed duration is the duration, with the init duration when there is one (Lambda bills the
 * init phase since August 2025), rounded up to the millisecond.
 *
 * @param initNanos from the process's start to its first request for work, on its first invocation
 * @param maxMemoryMb the process's peak resident memory; empty when it could not be read
 * @param errorType with {@link Status#ERROR}: what ended the invocation
 */
record Report(
        String requestId,
        long durationNanos,
        OptionalLong initNanos,
        int memorySizeMb,
        OptionalLong maxMemoryMb,
        Status status,
        Optional<String> errorType) {

    /** How the platform saw the invocation end. */
    enum Status {
        /** The runtime answered it, with a result or an error. */
        ANSWERED,
        /** It ran past the function's timeout. */
        TIMEOUT,
        /** The process exited, failed to start or sent too much: an error the platform reports. */
        ERROR
    }

    Report {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(initNanos, "initNanos");
        Objects.requireNonNull(maxMemoryMb, "maxMemoryMb");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(errorType, "errorType");
    }

    static String start(String requestId) {
        return "START RequestId: " + requestId + " Version: $LATEST";
    }

    static String end(String requestId) {
        return "END RequestId: " + requestId;
    }

    long billedMillis() {
        long nanos = durationNanos + initNanos.orElse(0);
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    String line() {
        var line = new StringBuilder("REPORT RequestId: ")
                .append(requestId)
                .append("\tDuration: ")
                .append(millis(durationNanos))
                .append(" ms\tBilled Duration: ")
                .append(billedMillis())
                .append(" ms\tMemory Size: ")
                .append(memorySizeMb)
                .append(" MB");
        maxMemoryMb.ifPresent(
                mb -> line.append("\tMax Memory Used: ").append(mb).append(" MB"));
        initNanos.ifPresent(
                nanos -> line.append("\tInit Duration: ").append(millis(nanos)).append(" ms"));
        switch (status) {
            case ANSWERED -> {}
            case TIMEOUT -> line.append("\tStatus: timeout");
            case ERROR -> {
                line.append("\tStatus: error");
                errorType.ifPresent(type -> line.append("\tError Type: ").append(type));
            }
        }
        return line.toString();
    }

    /**
     * The peak resident memory of process {@code pid} in MB, rounded up: {@code VmHWM} of Linux's
     * {@code /proc/PID/status}; empty where there is no such file or it says nothing of it.
     */
    static OptionalLong peakMemoryMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    String kb = line.substring("VmHWM:".length()).trim().replace(" kB", "");
                    return OptionalLong.of((Long.parseLong(kb) + 1023) / 1024);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or the process is gone: the field is left out
        }
        return OptionalLong.empty();
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1_000_000.0);
    }
}
