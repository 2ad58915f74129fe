package io.wsgate.runtime;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Whether the gateway's JVM and one function's processes keep the cores the JVM may use ({@link
 * Runtime#availableProcessors()}: the CPUs it is pinned to, or its container's share) busy: at
 * least {@link #BUSY} of them over the last window of {@link #WINDOW_MILLIS} or more. A pool that
 * sees them busy does not grow beyond the cores, since another process would only take turns with
 * the ones there; one whose processes hold invocations while the cores idle (they await I/O) does.
 *
 * <p>The JVM's CPU time is read from the OS in nanoseconds, the processes' from {@code /proc} in
 * clock ticks (10 ms here): hence windows of 100 ms. A window older than two of them (the pool did
 * not look in between) says nothing of now, and a new one starts; until a window has passed, the
 * cores count as busy.
 */
final class CpuShare {
    static final long WINDOW_MILLIS = 100;
    static final double BUSY = 0.75;

    private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS);

    private final int cores;
    private final LongSupplier gatewayCpuNanos;
    private long sampledAt;
    private long cpuAt;
    private boolean busy = true;

    CpuShare(int cores, LongSupplier gatewayCpuNanos) {
        this.cores = cores;
        this.gatewayCpuNanos = gatewayCpuNanos;
    }

    /** Of this JVM's cores and CPU time; where the JVM does not tell its CPU time, it counts as none. */
    static CpuShare ofThisJvm() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        LongSupplier cpu = os instanceof com.sun.management.OperatingSystemMXBean sun
                ? () -> Math.max(0, sun.getProcessCpuTime())
                : () -> 0;
        return new CpuShare(Runtime.getRuntime().availableProcessors(), cpu);
    }

    /**
     * Whether the cores are busy, as the last whole window says; samples when a window has passed.
     *
     * @param processesCpuNanos the CPU time the function's processes have used, in all
     */
    synchronized boolean busy(long nowNanos, LongSupplier processesCpuNanos) {
        long age = nowNanos - sampledAt;
        if (sampledAt != 0 && age < WINDOW_NANOS) {
            return busy;
        }
        long cpu = gatewayCpuNanos.getAsLong() + processesCpuNanos.getAsLong();
        if (sampledAt == 0 || age > 2 * WINDOW_NANOS) {
            busy = true; // no window yet that ends now
        } else {
            busy = cpu - cpuAt >= BUSY * cores * age;
        }
        sampledAt = nowNanos;
        cpuAt = cpu;
        return busy;
    }
}
