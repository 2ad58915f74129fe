package io.wsgate.bench.load;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The schedule of one open-loop sender: a message due every {@code 1/rate} seconds from its start
 * until its end, handed out by ticks. A tick hands out what is due by its time, but at most {@link
 * #CATCH_UP_NANOS} worth: a sender that cannot keep the rate then falls further behind at every
 * tick, which {@link #lagNanos} shows. Without the bound each tick took on the whole backlog, so
 * ticks grew longer and longer until one spanned the measuring window: no tick then measured the
 * lag, and a bench run reported a late sender as on time, with nothing sent in the window.
 */
final class Pacer {
    /** The most one tick hands out: the messages due in this long. */
    static final long CATCH_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final double period;
    private final long perTick;
    private final long end;
    private double next;

    Pacer(double perSecond, long startNanos, long endNanos) {
        this.period = 1e9 / perSecond;
        this.perTick = Math.max(1, (long) (CATCH_UP_NANOS / period));
        this.next = startNanos;
        this.end = endNanos;
    }

    /** How far behind its schedule the sender is at {@code now}. */
    long lagNanos(long now) {
        return Math.max(0, now - (long) next);
    }

    /**
     * Hands {@code send} the intended time of each message due by {@code now}, at most {@link
     * #CATCH_UP_NANOS} worth; returns whether any message is left before the end.
     */
    boolean tick(long now, LongConsumer send) {
        for (long n = 0; next <= now && next < end && n < perTick; n++) {
            send.accept((long) next);
            next += period;
        }
        return next < end;
    }
}
