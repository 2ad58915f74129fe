package io.wsgate.bench;

import java.util.List;

/**
 * A server under test, as the load generators see it: its WebSocket URL, where pushes go, and the
 * processes it is made of ({@code main} is the one whose heap and memory S1 reads).
 *
 * @param name as the report names it
 * @param ws the WebSocket URL clients open
 * @param pushUrl the URL a connection id is appended to for a push; null when it has none
 * @param procs every process of the subject, the main one first
 */
record Subject(String name, String ws, String pushUrl, List<Proc> procs) implements AutoCloseable {
    Proc main() {
        return procs.getFirst();
    }

    /** CPU seconds of all the subject's processes. */
    double cpuSeconds() {
        return procs.stream().mapToDouble(Proc::cpuSeconds).sum();
    }

    /** The same processes, named and reached differently (another API of the same gateway). */
    Subject as(String otherName, String otherWs, String otherPushUrl) {
        return new Subject(otherName, otherWs, otherPushUrl, procs);
    }

    @Override
    public void close() {
        procs.reversed().forEach(Proc::close);
    }
}
