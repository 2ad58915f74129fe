package io.wsgate.bench.load;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What a load generator measured in its measurement window.
 *
 * @param sent messages (handshakes, pushes) started in the window
 * @param received replies (completed handshakes, pushes received by a client) in the window
 * @param errors refused handshakes, error frames, non-2xx pushes, lost messages
 * @param seconds the length of the window
 * @param latency the latencies in microseconds, an HdrHistogram in its compressed base64 form
 * @param openMillis for {@link Job.Kind#IDLE}: how long opening every connection took
 * @param cpuSeconds CPU time the load generator used in the window
 * @param sendLagMillis open loop: how far behind its schedule the sender was at the 99th percentile
 *     of its ticks in the window (a loaded generator sends late, and the latency it reports is then
 *     its own; a single pause of its own, a GC, does not count)
 */
public record Result(
        long sent,
        long received,
        long errors,
        double seconds,
        String latency,
        long openMillis,
        double cpuSeconds,
        double sendLagMillis) {
    /** Send lag beyond which an open-loop row's latency says more about the generator than the server. */
    public static final double LAG_LIMIT_MILLIS = 5;

    /** Whether the sender kept to its schedule, so the latency measured is the server's. */
    public boolean onSchedule() {
        return sendLagMillis <= LAG_LIMIT_MILLIS;
    }

    public double receivedPerSecond() {
        return seconds > 0 ? received / seconds : 0;
    }

    public double sentPerSecond() {
        return seconds > 0 ? sent / seconds : 0;
    }

    /** {@code histogram} in the form {@link #latency} holds. */
    static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    /** The latencies, decoded. */
    public Histogram latencyHistogram() {
        try {
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(latency)), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("a latency histogram that does not decode", e);
        }
    }
}
