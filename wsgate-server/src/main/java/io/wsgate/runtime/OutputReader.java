package io.wsgate.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads one output stream of a process (its stdout or its stderr) on a virtual thread and hands
 * on each line as it comes. A line longer than {@value #MAX_LINE_BYTES} bytes is handed on in
 * pieces of that size, so a process that never writes a newline costs no more than that.
 *
 * <p>It also tells whether it has read everything there is for now ({@link #reads()} and {@link
 * #waiting()}): what a process wrote before it answered an invocation belongs in that
 * invocation's log, and is in the pipe, but may not have been read yet.
 */
final class OutputReader {
    static final int MAX_LINE_BYTES = 16 * 1024;

    private final InputStream stream;
    private final Consumer<String> lines;
    private volatile boolean waiting;
    private volatile boolean ended;
    private volatile long reads;

    OutputReader(InputStream stream, Consumer<String> lines) {
        this.stream = stream;
        this.lines = lines;
    }

    /** Starts reading until the stream ends. */
    OutputReader start(String threadName) {
        Thread.ofVirtual().name(threadName).start(this::run);
        return this;
    }

    /** How many reads have returned so far. */
    long reads() {
        return reads;
    }

    /** Whether it is blocked waiting for the process to write, every line before handed on. */
    boolean waiting() {
        return waiting || ended;
    }

    private void run() {
        var line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (stream) {
            while (true) {
                waiting = true;
                int n = stream.read(buffer);
                waiting = false;
                if (n < 0) {
                    break;
                }
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
                reads++;
            }
        } catch (IOException e) {
            // the process is gone, its pipe closed under the read
        } finally {
            if (line.size() > 0) {
                emit(line);
            }
            ended = true;
            reads++;
        }
    }

    private void emit(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        lines.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
