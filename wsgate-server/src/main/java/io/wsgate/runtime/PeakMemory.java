package io.wsgate.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The peak resident memory of one process, for the {@code Max Memory Used} of its REPORT lines:
 * {@code VmHWM} of Linux's {@code /proc/PID/status}. The file is opened once and read from its
 * start for each report (the kernel writes it afresh on each read): about 13 µs a read here, where
 * opening, reading and closing it each time took 90 µs, on the event loop, once per invocation.
 */
final class PeakMemory implements AutoCloseable {
    private static final byte[] KEY = "VmHWM:".getBytes(StandardCharsets.US_ASCII);

    private final FileChannel status; // null where there is no such file
    private final ByteBuffer buffer = ByteBuffer.allocate(4096); // VmHWM is in its first 1 KB

    private PeakMemory(FileChannel status) {
        this.status = status;
    }

    /** Of process {@code pid}; one that reads nothing where there is no {@code /proc/PID/status}. */
    static PeakMemory of(long pid) {
        try {
            return new PeakMemory(FileChannel.open(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException | RuntimeException e) {
            return new PeakMemory(null); // not Linux, or the process is gone
        }
    }

    /** The peak in MB, rounded up; empty once the process is gone, or where the file says nothing of it. */
    synchronized OptionalLong megabytes() {
        if (status == null) {
            return OptionalLong.empty();
        }
        try {
            buffer.clear();
            int n = status.read(buffer, 0);
            OptionalLong kb = kilobytes(buffer.array(), Math.max(0, n));
            return kb.isPresent() ? OptionalLong.of((kb.getAsLong() + 1023) / 1024) : kb;
        } catch (IOException e) {
            return OptionalLong.empty(); // the process has exited: its file reads as an error
        }
    }

    /** The number after {@code VmHWM:} in the first {@code length} bytes of {@code text}. */
    static OptionalLong kilobytes(byte[] text, int length) {
        outer:
        for (int i = 0; i + KEY.length <= length; i++) {
            for (int k = 0; k < KEY.length; k++) {
                if (text[i + k] != KEY[k]) {
                    continue outer;
                }
            }
            long kb = 0;
            boolean digits = false;
            for (int j = i + KEY.length; j < length && text[j] != '\n'; j++) {
                byte b = text[j];
                if (b >= '0' && b <= '9') {
                    kb = kb * 10 + (b - '0');
                    digits = true;
                } else if (digits) {
                    break;
                }
            }
            return digits ? OptionalLong.of(kb) : OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    @Override
    public synchronized void close() {
        if (status != null) {
            try {
                status.close();
            } catch (IOException e) {
                // nothing is left to release
            }
        }
    }
}
