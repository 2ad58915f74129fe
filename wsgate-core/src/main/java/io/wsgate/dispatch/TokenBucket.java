package io.wsgate.dispatch;

import io.wsgate.model.RouteSettings;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket, as AWS throttles a stage's routes: {@code burst} tokens at most, refilled at
 * {@code rate} a second; a request takes one or is refused. Thread-safe; a lock held for a few
 * arithmetic operations per request of a throttled route.
 */
public final class TokenBucket {
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long lastNanos;

    TokenBucket(int burst, double rate, long nowNanos) {
        this.capacity = burst;
        this.perNano = rate / TimeUnit.SECONDS.toNanos(1);
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    static TokenBucket of(RouteSettings settings) {
        return new TokenBucket(settings.burst(), settings.rate(), System.nanoTime());
    }

    /** Takes a token if there is one at {@code nowNanos}. */
    public synchronized boolean tryTake(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            lastNanos = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    public boolean tryTake() {
        return tryTake(System.nanoTime());
    }

    @Override
    public String toString() {
        return "TokenBucket{burst=" + (long) capacity + " rate=" + perNano * TimeUnit.SECONDS.toNanos(1) + "/s}";
    }
}
