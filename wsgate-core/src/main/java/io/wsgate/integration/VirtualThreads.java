package io.wsgate.integration;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** Blocking calls made off the caller's thread, for the invokers of in-process handlers and of Lambda. */
public final class VirtualThreads {
    private VirtualThreads() {}

    /**
     * {@code call} on a new virtual thread named {@code threadName}; the thread is interrupted if
     * the future completes first (a timeout fired), and the call abandoned.
     */
    public static <T> CompletableFuture<T> call(String threadName, Supplier<T> call) {
        var result = new CompletableFuture<T>();
        var answered = new AtomicBoolean();
        Thread thread = Thread.ofVirtual().name(threadName).start(() -> {
            T outcome = call.get();
            answered.set(true); // before completing: what completion runs must not see an interrupt
            result.complete(outcome);
        });
        result.whenComplete((r, e) -> {
            if (!answered.get()) {
                thread.interrupt(); // the timeout came first
            }
        });
        return result;
    }
}
