package io.wsgate.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads one output stream of a process (its stdout or its stderr) on a platform thread of its own
 * and hands on each line as it comes. Not a virtual thread: a pipe's read blocks its carrier, which
 * the scheduler makes up for with another (compensation), and that cost about 100 µs of CPU per
 * invocation here, for the two end marks, more than the rest of the reading. A line longer than {@value #MAX_LINE_BYTES} bytes is handed on in
 * pieces of that size, so a process that never writes a newline costs no more than that.
 *
 * <p>The bootstraps end what an invocation printed with a line of their own, {@link #MARK} and the
 * request id, on both streams, before they answer it: that line is not handed on but reported
 * ({@code marked}), so that the invocation's END is written after everything it printed. The end
 * of the stream is reported too ({@code ended}): nothing more will come.
 */
final class OutputReader {
    static final int MAX_LINE_BYTES = 16 * 1024;

    /** What a bootstrap writes, then the request id and a newline, after an invocation's output. */
    static final String MARK = "\u001ewsgate-end ";

    private final InputStream stream;
    private final Consumer<String> lines;
    private final Consumer<String> marked;
    private final Runnable ended;
    private volatile boolean done;

    /**
     * @param marked gets the request id of each end mark
     * @param ended runs once the stream has ended, after every line is handed on
     */
    OutputReader(InputStream stream, Consumer<String> lines, Consumer<String> marked, Runnable ended) {
        this.stream = stream;
        this.lines = lines;
        this.marked = marked;
        this.ended = ended;
    }

    /** Starts reading until the stream ends. */
    OutputReader start(String threadName) {
        Thread.ofPlatform().daemon().name(threadName).stackSize(256 * 1024).start(this::run);
        return this;
    }

    /** Whether the stream has ended and every line in it has been handed on. */
    boolean ended() {
        return done;
    }

    private void run() {
        var line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (stream) {
            for (int n; (n = stream.read(buffer)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        emit(line);
                    } else {
                        line.write(b);
                        if (line.size() >= MAX_LINE_BYTES) {
                            emit(line);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone, its pipe closed under the read
        } finally {
            if (line.size() > 0) {
                emit(line);
            }
            done = true;
            ended.run();
        }
    }

    private void emit(ByteArrayOutputStream bytes) {
        String text = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        int mark = text.indexOf(MARK);
        if (mark >= 0) {
            if (mark > 0) { // the function's last line had no newline
                lines.accept(text.substring(0, mark));
            }
            marked.accept(text.substring(mark + MARK.length()).strip());
            return;
        }
        lines.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
