package io.wsgate.runtime;

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
     * Nanoseconds as milliseconds to two places, halves rounded up, in integers: written for every
     * invocation, where {@code String.format} would parse its pattern and box its argument each time.
     */
    static String millis(long nanos) {
        long hundredths = (Math.max(0, nanos) + 5_000) / 10_000;
        long fraction = hundredths % 100;
        return (hundredths / 100) + (fraction < 10 ? ".0" : ".") + fraction;
    }
}
