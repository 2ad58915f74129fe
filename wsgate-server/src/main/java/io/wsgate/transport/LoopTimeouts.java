package io.wsgate.transport;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.ThreadExecutorMap;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.wsgate.integration.Timeouts;
import java.util.concurrent.TimeUnit;

/**
 * Integration timeouts on Netty's event loops: a timer is set on the loop of the thread that sets
 * it (the one that read the frame), so setting it wakes no thread, and cancelling it from another
 * loop (the one the answer came in on) is queued for its loop's next turn without waking it
 * either. The JDK's timers ({@link Timeouts#JDK}) wake their own thread twice per message, which
 * cost about 5% of the gateway's CPU on an echo through a local function. Off a loop (an
 * in-process handler's thread, a test), one of Vert.x's loops is used.
 */
public final class LoopTimeouts implements Timeouts {
    private final Vertx vertx;

    public LoopTimeouts(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Runnable after(long millis, Runnable task) {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop == null) {
            loop = ((VertxInternal) vertx).nettyEventLoopGroup().next();
        }
        ScheduledFuture<?> timer = loop.schedule(task, millis, TimeUnit.MILLISECONDS);
        return () -> timer.cancel(false);
    }
}
