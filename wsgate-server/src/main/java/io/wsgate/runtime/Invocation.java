package io.wsgate.runtime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One event for a function: what {@code next} answers, the outcome the caller waits for, and the
 * invocation's own log (its START line, what the process printed while it ran, END and REPORT),
 * of which the last {@value #LOG_TAIL_BYTES} bytes are kept, as Lambda's Invoke API returns them.
 *
 * <p>{@link #result()} completes once, when the invocation ends; {@link #log()} completes after
 * it, when the log is whole (the process's output has been read up to the end).
 */
final class Invocation {
    /** What {@code X-Amz-Log-Result} carries: "the last 4 KB of the execution log". */
    static final int LOG_TAIL_BYTES = 4096;

    private final String requestId;
    private final byte[] event;
    private final Optional<String> clientContext;
    private final long timeoutMillis;
    private final boolean keepsLog;
    private final io.wsgate.observe.TraceContext trace;
    private final CompletableFuture<Outcome> result = new CompletableFuture<>();
    private final CompletableFuture<String> log = new CompletableFuture<>();
    private final Deque<String> lines = new ArrayDeque<>();
    private final long createdNanos = System.nanoTime();
    private int lineBytes;
    private volatile long sentNanos;
    private volatile long sentMillis;

    /**
     * @param clientContext the JSON {@code Lambda-Runtime-Client-Context} carries, if any
     * @param timeoutMillis the function's timeout, which runs from when a process is handed it
     * @param keepsLog whether its log is wanted whatever the log level ({@code X-Amz-Log-Type: Tail})
     */
    Invocation(String requestId, byte[] event, Optional<String> clientContext, long timeoutMillis, boolean keepsLog) {
        this(requestId, event, clientContext, timeoutMillis, keepsLog, null);
    }

    /** As above, in the span {@code trace}; null for none (the process then gets a trace id sampled out). */
    Invocation(
            String requestId,
            byte[] event,
            Optional<String> clientContext,
            long timeoutMillis,
            boolean keepsLog,
            io.wsgate.observe.TraceContext trace) {
        this.trace = trace;
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.event = Objects.requireNonNull(event, "event");
        this.clientContext = Objects.requireNonNull(clientContext, "clientContext");
        this.timeoutMillis = timeoutMillis;
        this.keepsLog = keepsLog;
    }

    String requestId() {
        return requestId;
    }

    byte[] event() {
        return event;
    }

    /** The span the invocation runs in; null for none. */
    io.wsgate.observe.TraceContext trace() {
        return trace;
    }

    Optional<String> clientContext() {
        return clientContext;
    }

    /** Epoch milliseconds, as {@code Lambda-Runtime-Deadline-Ms} carries it: its timeout after it was sent. */
    long deadlineMillis() {
        long sent = sentMillis;
        return (sent != 0 ? sent : System.currentTimeMillis()) + timeoutMillis;
    }

    boolean keepsLog() {
        return keepsLog;
    }

    CompletableFuture<Outcome> result() {
        return result;
    }

    /** The last {@value #LOG_TAIL_BYTES} bytes of the invocation's log, once it is whole. */
    CompletableFuture<String> log() {
        return log;
    }

    /** Completes the result once; later answers (a response after a timeout) are dropped. */
    boolean finish(Outcome outcome) {
        return result.complete(outcome);
    }

    boolean done() {
        return result.isDone();
    }

    /** It has been handed to a process: its duration counts from now. */
    void sent() {
        sentMillis = System.currentTimeMillis();
        sentNanos = System.nanoTime();
    }

    boolean wasSent() {
        return sentNanos != 0;
    }

    /** Since it was handed to a process, or, if it never was, since it was made. */
    long durationNanos() {
        long from = sentNanos != 0 ? sentNanos : createdNanos;
        return System.nanoTime() - from;
    }

    /** Adds a line to its log, dropping the oldest beyond what the tail keeps. */
    synchronized void logged(String line) {
        lines.add(line);
        lineBytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
        while (lineBytes > LOG_TAIL_BYTES && lines.size() > 1) {
            lineBytes -= lines.removeFirst().getBytes(StandardCharsets.UTF_8).length + 1;
        }
    }

    /** The log is whole: {@link #log()} completes with its last {@value #LOG_TAIL_BYTES} bytes. */
    void logClosed() {
        String text;
        synchronized (this) {
            text = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
        }
        log.complete(tail(text, LOG_TAIL_BYTES));
    }

    /** The end of {@code text} that fits in {@code bytes} UTF-8 bytes, cut between characters. */
    static String tail(String text, int bytes) {
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        if (all.length <= bytes) {
            return text;
        }
        int from = all.length - bytes;
        while (from < all.length && (all[from] & 0xC0) == 0x80) {
            from++; // a continuation byte: start at the next character
        }
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Invocation{" + requestId + (done() ? " done" : "") + "}";
    }
}
