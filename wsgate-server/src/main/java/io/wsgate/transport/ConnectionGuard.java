package io.wsgate.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;
import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import io.wsgate.observe.RepeatedWarnings;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one listener's TCP connections from holding descriptors and memory for nothing, before
 * they become WebSockets:
 *
 * <pre>
 *  accepted ─► over maxConnections? ─► 503, closed                       (connection.limit)
 *      │
 *      ▼ headers of the first request within headerTimeout, else 408, closed (connection.header_timeout)
 *  request ─► upgrade ─► no timer: the WebSocket's own limits apply from here (idleTimeout...)
 *      │      refused ─┐
 *      ▼               ▼
 *  answered ─► next request's headers within keepAliveTimeout, else closed  (connection.keep_alive_timeout)
 *
 *  a request that is not an upgrade is read (its body too) and answered within keepAliveTimeout,
 *  else closed                                                            (connection.request_timeout)
 * </pre>
 *
 * <p>The header timeout is for the whole head, however slowly it trickles in (a client sending a
 * byte at a time gains nothing). Every connection of the listener counts against {@code
 * maxConnections} until its socket closes, upgraded or not. All of a connection's state is touched
 * on its event loop only: the connection handler, the request handler, the response's end and the
 * timer all run there.
 */
public final class ConnectionGuard {
    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final AttributeKey<Watch> WATCH = AttributeKey.valueOf("wsgate-guard");

    /** Descriptors kept back for everything that is not a client: files, backends, the control plane. */
    static final int MIN_RESERVED_DESCRIPTORS = 256;

    /** The cap when the descriptor limit cannot be read (not a Unix JVM). */
    static final int FALLBACK_MAX_CONNECTIONS = 10_000;

    private final Vertx vertx;
    private final Metrics metrics;
    private final long headerTimeoutMillis;
    private final long keepAliveMillis;
    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();
    private final RepeatedWarnings warnings;

    /**
     * @param headerTimeout how long a connection may take to send a request's head
     * @param keepAliveTimeout how long a connection that has not upgraded may wait between requests
     * @param maxConnections the most connections the listener holds at once, upgraded or not
     */
    public ConnectionGuard(
            Vertx vertx, Metrics metrics, Duration headerTimeout, Duration keepAliveTimeout, int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: 1 or more)");
        }
        this.vertx = vertx;
        this.metrics = metrics;
        this.headerTimeoutMillis = Math.max(1, headerTimeout.toMillis());
        this.keepAliveMillis = Math.max(1, keepAliveTimeout.toMillis());
        this.maxConnections = maxConnections;
        this.warnings = new RepeatedWarnings(log, metrics, Clock.systemUTC(), Duration.ofSeconds(10), 1);
    }

    /**
     * The cap on one listener's connections when none is configured: the process's descriptor
     * limit less a reserve (a tenth of it, at least {@value #MIN_RESERVED_DESCRIPTORS}), shared by
     * {@code listeners}, so that refusing with 503 starts before {@code accept} fails for want of a
     * descriptor. With 20,000 descriptors and one listener: 18,000.
     */
    public static int defaultMaxConnections(long descriptorLimit, int listeners) {
        if (descriptorLimit <= 0) {
            return FALLBACK_MAX_CONNECTIONS;
        }
        long reserve = Math.max(MIN_RESERVED_DESCRIPTORS, descriptorLimit / 10);
        long share = (descriptorLimit - reserve) / Math.max(1, listeners);
        return (int) Math.max(16, Math.min(Integer.MAX_VALUE, share));
    }

    /** The process's limit on open descriptors, or -1 where the JVM cannot tell. */
    public static long descriptorLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** Connections of the listener open now. */
    public int open() {
        return open.get();
    }

    /** The listener's connection handler: counts, refuses past the cap, starts the header timer. */
    public void accepted(HttpConnection connection) {
        if (!(connection instanceof HttpServerConnection server)) {
            // Not the Vert.x connection this was written against: say so rather than guard nothing.
            warnings.warn(
                    "unguarded",
                    "connection not guarded (no header timeout or cap) type={}",
                    connection.getClass().getName());
            return;
        }
        Channel channel = server.channelHandlerContext().channel();
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            metrics.increment(Counter.CONNECTION_LIMIT);
            warnings.warn(
                    "limit",
                    "connection refused: listener at max-connections port={} max={}",
                    connection.localAddress().port(),
                    maxConnections);
            answerAndClose(channel, HttpResponseStatus.SERVICE_UNAVAILABLE);
            return;
        }
        var watch = new Watch(channel);
        channel.attr(WATCH).set(watch);
        channel.closeFuture().addListener(f -> {
            open.decrementAndGet();
            watch.closed();
        });
        watch.await(Phase.HEADERS, headerTimeoutMillis);
    }

    /** Wraps the listener's request handler: the head has arrived, so its timer stops. */
    public Handler<HttpServerRequest> requests(Handler<HttpServerRequest> next) {
        return request -> {
            if (request.connection() instanceof HttpServerConnection server) {
                Watch watch =
                        server.channelHandlerContext().channel().attr(WATCH).get();
                if (watch != null) {
                    watch.request(request);
                }
            }
            next.handle(request);
        };
    }

    /** Answers below Vert.x's request handling, which has no request to answer yet, and closes. */
    private static void answerAndClose(Channel channel, HttpResponseStatus status) {
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        response.headers()
                .set(HttpHeaderNames.CONTENT_LENGTH, 0)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private enum Phase {
        HEADERS,
        BUSY,
        UPGRADING,
        IDLE,
        CLOSED
    }

    /** One connection's timer; its response-end handler, reused for every request. */
    private final class Watch implements Handler<Void> {
        private final Channel channel;
        private Phase phase = Phase.HEADERS;
        private long deadlineNanos;
        private long timer = -1;

        Watch(Channel channel) {
            this.channel = channel;
        }

        void await(Phase waitingFor, long millis) {
            phase = waitingFor;
            deadlineNanos = System.nanoTime() + millis * 1_000_000;
            if (timer < 0) {
                arm(millis);
            }
        }

        void request(HttpServerRequest request) {
            if (phase == Phase.CLOSED) {
                return;
            }
            String upgrade = request.getHeader(HttpHeaders.UPGRADE);
            if (upgrade != null) {
                // It becomes a WebSocket, with its own limits, or is answered and waits again.
                phase = Phase.UPGRADING;
                if (timer >= 0) {
                    vertx.cancelTimer(timer);
                    timer = -1;
                }
            } else {
                // The timer stays: a body that trickles in holds the connection no longer than this.
                phase = Phase.BUSY;
                deadlineNanos = System.nanoTime() + keepAliveMillis * 1_000_000;
            }
            request.response().endHandler(this);
        }

        /** A response has ended: the next request must come within the keep-alive timeout. */
        @Override
        public void handle(Void ended) {
            if (phase != Phase.CLOSED) {
                await(Phase.IDLE, keepAliveMillis);
            }
        }

        void closed() {
            phase = Phase.CLOSED;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }

        private void arm(long millis) {
            timer = vertx.setTimer(Math.max(1, millis), id -> fired());
        }

        private void fired() {
            timer = -1;
            switch (phase) {
                case HEADERS, IDLE -> {
                    long left = deadlineNanos - System.nanoTime();
                    if (left > 0) {
                        arm(Math.max(1, left / 1_000_000));
                    } else if (phase == Phase.HEADERS) {
                        metrics.increment(Counter.HEADER_TIMEOUT);
                        log.debug("closed: no request head within header-timeout remote={}", channel.remoteAddress());
                        phase = Phase.CLOSED;
                        answerAndClose(channel, HttpResponseStatus.REQUEST_TIMEOUT);
                    } else {
                        metrics.increment(Counter.KEEP_ALIVE_TIMEOUT);
                        log.debug("closed: idle past keep-alive-timeout remote={}", channel.remoteAddress());
                        phase = Phase.CLOSED;
                        channel.close();
                    }
                }
                case BUSY -> {
                    long left = deadlineNanos - System.nanoTime();
                    if (left > 0) {
                        arm(Math.max(1, left / 1_000_000));
                    } else {
                        metrics.increment(Counter.REQUEST_TIMEOUT);
                        log.debug(
                                "closed: request not read and answered within keep-alive-timeout remote={}",
                                channel.remoteAddress());
                        phase = Phase.CLOSED;
                        channel.close();
                    }
                }
                case UPGRADING, CLOSED -> {}
            }
        }
    }

    @Override
    public String toString() {
        return "ConnectionGuard{open=" + open.get() + "/" + maxConnections + " headerTimeout=" + headerTimeoutMillis
                + "ms keepAlive=" + keepAliveMillis + "ms}";
    }
}
