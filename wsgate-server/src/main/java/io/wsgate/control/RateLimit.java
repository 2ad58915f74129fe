package io.wsgate.control;

/**
 * A token bucket: {@code burst} requests at once, refilled at {@code perSecond}. AWS limits its
 * control plane to 10 requests per second with bursts of 40, and the SDKs retry what it refuses.
 */
final class RateLimit {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    RateLimit(double perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    /** Takes a token if there is one. */
    synchronized boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    @Override
    public synchronized String toString() {
        return "RateLimit{" + perNano * 1e9 + "/s burst " + (int) burst + "}";
    }
}
