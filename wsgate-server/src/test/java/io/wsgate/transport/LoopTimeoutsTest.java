package io.wsgate.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Integration timeouts on the event loops: run on the loop that set them, or not at all once cancelled. */
class LoopTimeoutsTest {
    static final Vertx vertx = Vertx.vertx();
    static final LoopTimeouts timeouts = new LoopTimeouts(vertx);

    @AfterAll
    static void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aTimerSetOnALoopRunsOnThatLoop() throws Exception {
        var setOn = new CompletableFuture<Thread>();
        var ranOn = new CompletableFuture<Thread>();
        vertx.runOnContext(v -> {
            setOn.complete(Thread.currentThread());
            timeouts.after(20, () -> ranOn.complete(Thread.currentThread()));
        });
        assertThat(ranOn.get(10, TimeUnit.SECONDS)).isSameAs(setOn.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aCancelledTimerNeverRunsAndOneSetOffTheLoopsRunsOnOne() throws Exception {
        var cancelledRan = new AtomicBoolean();
        var later = new CompletableFuture<String>();
        var cancel = new CompletableFuture<Runnable>();
        vertx.runOnContext(v -> {
            cancel.complete(timeouts.after(1_000, () -> cancelledRan.set(true)));
            timeouts.after(1_500, () -> later.complete(Thread.currentThread().getName()));
        });
        // Cancelled from another thread than the loop's, as an answer arriving on another loop cancels it.
        cancel.get(10, TimeUnit.SECONDS).run();
        cancel.get().run(); // twice does nothing more
        // The later timer of the same loop has run, so the cancelled one would have run before it.
        assertThat(later.get(10, TimeUnit.SECONDS)).startsWith("vert.x-eventloop-thread-");
        assertThat(cancelledRan).isFalse();

        var offLoop = new CompletableFuture<String>();
        timeouts.after(5, () -> offLoop.complete(Thread.currentThread().getName()));
        assertThat(offLoop.get(10, TimeUnit.SECONDS)).startsWith("vert.x-eventloop-thread-");
    }
}
