package io.wsgate.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** Waiting for what tests receive: always with a timeout, failing the test when it runs out. */
public final class Await {
    private Await() {}

    /** The next element of {@code queue}, within {@link TestClient#WAIT}, or an assertion failure naming {@code what}. */
    public static <T> T next(BlockingQueue<T> queue, String what) {
        return poll(queue, TestClient.WAIT)
                .orElseThrow(() -> new AssertionError("no " + what + " within " + TestClient.WAIT));
    }

    /** The next element of {@code queue} within {@code wait}, or empty. */
    public static <T> Optional<T> poll(BlockingQueue<T> queue, Duration wait) {
        try {
            return Optional.ofNullable(queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
