package io.wsgate.integration;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once a delay has passed, unless cancelled first: how {@link TimedInvoker} ends an
 * integration that does not answer in time. The gateway gives its event loops' timers (a timer set
 * and cancelled on the thread that reads the frame, with no thread woken); {@link #JDK} serves
 * where there is no event loop.
 */
@FunctionalInterface
public interface Timeouts {
    /**
     * Runs {@code task} after {@code millis}.
     *
     * @return what cancels it; calling it after the task ran, or twice, does nothing
     */
    Runnable after(long millis, Runnable task);

    /**
     * Completes {@code future} with {@code value} after {@code millis} unless it is done first, as
     * {@link CompletableFuture#completeOnTimeout} does, on this timer, which is cancelled once
     * {@code future} completes.
     *
     * @return {@code future}
     */
    default <T> CompletableFuture<T> completeOnTimeout(CompletableFuture<T> future, T value, long millis) {
        if (!future.isDone()) {
            Runnable cancel = after(millis, () -> future.complete(value));
            future.whenComplete((v, e) -> cancel.run());
        }
        return future;
    }

    /** The JDK's shared delayed executor: a thread of its own, woken for each timer set or cancelled. */
    Timeouts JDK = (millis, task) -> {
        var timer = new CompletableFuture<Void>();
        timer.completeOnTimeout(null, millis, TimeUnit.MILLISECONDS).thenRun(task);
        return () -> timer.completeExceptionally(new java.util.concurrent.CancellationException());
    };
}
