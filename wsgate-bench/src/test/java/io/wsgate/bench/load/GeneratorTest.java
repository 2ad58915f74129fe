package io.wsgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.wsgate.bench.ceiling.VertxEchoServer;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The load generator against the bare Vert.x server, on real sockets: it counts what happened. */
class GeneratorTest {
    private static Vertx server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = VertxEchoServer.start(port);
    }

    @AfterAll
    static void stop() {
        server.close().await();
    }

    private static Job job(Job.Kind kind, int connections, double rate, int window) {
        return new Job(
                kind,
                "ws://127.0.0.1:" + port + "/echo",
                List.of("127.0.0.2", "127.0.0.3"),
                connections,
                rate,
                window,
                64,
                200,
                1_000,
                "http://127.0.0.1:" + port + "/push/",
                2,
                1);
    }

    private static Result run(Job job) throws Exception {
        try (var generator = new Generator(job)) {
            return generator.run();
        }
    }

    @Test
    void openLoopSendsAtTheRateAndEveryEchoIsTimed() throws Exception {
        Result r = run(job(Job.Kind.ECHO, 10, 2_000, 0));
        // 2,000 per second for one second, each at its intended time.
        assertThat(r.sent()).isBetween(1_990L, 2_010L);
        assertThat(r.received()).isEqualTo(r.sent());
        assertThat(r.errors()).isZero();
        assertThat(r.latencyHistogram().getTotalCount()).isEqualTo(r.received());
        // Ticking every 200 µs at this rate it is never far behind (a stall of the test machine aside).
        assertThat(r.sendLagMillis()).isBetween(0.0, 100.0);
    }

    @Test
    void anOpenLoopSenderThatCannotKeepTheRateSaysSo() throws Exception {
        // Far more than one generator thread sends: each tick catches up a little and the lag grows.
        Result r = run(job(Job.Kind.ECHO, 10, 5_000_000, 0));
        assertThat(r.sendLagMillis()).isGreaterThan(Result.LAG_LIMIT_MILLIS);
        assertThat(r.onSchedule()).isFalse();
        // Behind is not short: catching up 2 ms a tick, a late sender may still have sent all it was
        // asked by the window's end (a fast run did), but never more.
        assertThat(r.sent()).isLessThanOrEqualTo(5_000_000L);
    }

    @Test
    void closedLoopKeepsTheWindowFullAndCountsWhatCameBack() throws Exception {
        Result r = run(job(Job.Kind.ECHO, 10, 0, 2));
        assertThat(r.received()).isPositive();
        assertThat(r.errors()).isZero();
        assertThat(r.latencyHistogram().getTotalCount()).isEqualTo(r.received());
    }

    @Test
    void pushesReachTheConnectionsTheyAreSentTo() throws Exception {
        Result r = run(job(Job.Kind.PUSH, 20, 1_000, 0));
        assertThat(r.sent()).isBetween(990L, 1_010L);
        assertThat(r.received()).isEqualTo(r.sent());
        assertThat(r.errors()).isZero();
    }

    @Test
    void handshakesAreCountedAndTimed() throws Exception {
        Result r = run(job(Job.Kind.CONNECT, 4, 0, 0));
        assertThat(r.received()).isPositive();
        assertThat(r.errors()).isZero();
        assertThat(r.latencyHistogram().getTotalCount()).isEqualTo(r.received());
    }

    @Test
    void pushesTheServerRefusesAreErrorsNotDeliveries() throws Exception {
        Job job = job(Job.Kind.PUSH, 2, 200, 0);
        Result r = run(new Job(
                job.kind(),
                job.target(),
                job.sources(),
                job.connections(),
                job.rate(),
                job.window(),
                job.size(),
                job.warmupMillis(),
                job.durationMillis(),
                "http://127.0.0.1:" + port + "/nowhere/", // 404 for every push
                job.pushers(),
                job.threads()));
        assertThat(r.sent()).isPositive();
        assertThat(r.received()).isZero();
        assertThat(r.errors()).isGreaterThanOrEqualTo(r.sent());
    }
}
