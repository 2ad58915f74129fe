package io.wsgate.dispatch;

import io.wsgate.connection.CloseCode;
import io.wsgate.connection.Connection;
import io.wsgate.connection.ConnectionRegistry;
import io.wsgate.model.Limits;
import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that have been idle for their API's {@code idleTimeout} or alive for its
 * {@code maxConnectionDuration}, both with 1001 "Going away". One pass over the registry per
 * interval costs far less than a timer per connection.
 */
public final class Sweeper implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Sweeper.class);

    private final ConnectionRegistry registry;
    private final Clock clock;
    private final Metrics metrics;
    private final ScheduledExecutorService timer;

    public Sweeper(ConnectionRegistry registry, Clock clock, Metrics metrics, Duration interval) {
        this.registry = registry;
        this.clock = clock;
        this.metrics = metrics;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wsgate-sweeper");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, interval.toMillis());
        timer.scheduleWithFixedDelay(this::sweepSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * How often to sweep for APIs with these limits: a tenth of the shortest limit, between 10 ms
     * and one second, so a connection outlives its limit by at most that much.
     */
    public static Duration intervalFor(Iterable<Limits> limits) {
        long shortest = Long.MAX_VALUE;
        for (Limits l : limits) {
            shortest = Math.min(shortest, l.idleTimeout().toMillis());
            if (!l.maxConnectionDuration().isZero()) {
                shortest = Math.min(shortest, l.maxConnectionDuration().toMillis());
            }
        }
        return Duration.ofMillis(Math.clamp(shortest / 10, 10, 1000));
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) { // a thrown exception would cancel every later pass
            log.error("sweep failed", e);
        }
    }

    /** One pass; public so that a test can drive it with its own clock. */
    public void sweep() {
        long now = clock.millis();
        for (Connection c : registry.all()) {
            if (c.closing().isPresent()) {
                continue;
            }
            Limits limits = c.limits();
            long lifetime = limits.maxConnectionDuration().toMillis();
            if (lifetime > 0 && now - c.connectedAt() >= lifetime) {
                metrics.increment(Counter.MAX_DURATION);
                c.close(CloseCode.GOING_AWAY.asReason());
            } else if (now - c.lastActiveAt() >= limits.idleTimeout().toMillis()) {
                metrics.increment(Counter.IDLE_TIMEOUT);
                c.close(CloseCode.GOING_AWAY.asReason());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
