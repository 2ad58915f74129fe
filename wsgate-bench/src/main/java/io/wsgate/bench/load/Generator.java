package io.wsgate.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Runs one {@link Job}: Netty clients on {@code threads} event loops, latencies from each message's
 * intended send time (so a stalled server shows as latency, not as fewer samples) into an
 * HdrHistogram in microseconds.
 */
final class Generator implements AutoCloseable {
    /** How long replies to messages sent in the window may still arrive after it. */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Handshakes in flight while opening connections. */
    private static final int OPENING = 256;

    private static final byte[] WHOAMI = "{\"action\":\"whoami\"}".getBytes(StandardCharsets.US_ASCII);

    private final Job job;
    private final EventLoopGroup group;
    private final URI target;
    private final InetSocketAddress remote;
    private final Message message;
    private final ByteBuf upgradeRequest;
    private final Transport transport = Transport.best();
    private final long origin = System.nanoTime();
    private final Recorder latency = new Recorder(3);
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicInteger nextSource = new AtomicInteger();
    /** Open loop: how far behind its schedule the sender was at each tick in the window, in µs. */
    private final Recorder sendLag = new Recorder(2);

    private long warmEnd;
    private long end;
    private double windowCpu;

    Generator(Job job) {
        this.job = job;
        this.group = new MultiThreadIoEventLoopGroup(Math.max(1, job.threads()), transport.ioHandler());
        this.target = URI.create(job.target());
        this.remote = new InetSocketAddress(target.getHost(), target.getPort());
        this.upgradeRequest = Handshake.request(target);
        this.message =
                new Message(job.kind() == Job.Kind.PUSH ? "push" : "echo", Math.max(Message.MIN_SIZE, job.size()));
    }

    Result run() throws Exception {
        return switch (job.kind()) {
            case IDLE -> idle();
            case CONNECT -> connect();
            case ECHO -> echo();
            case PUSH -> push();
        };
    }

    private long now() {
        return System.nanoTime() - origin;
    }

    private void window() {
        warmEnd = now() + TimeUnit.MILLISECONDS.toNanos(job.warmupMillis());
        end = warmEnd + TimeUnit.MILLISECONDS.toNanos(job.durationMillis());
    }

    private boolean inWindow(long t) {
        return t >= warmEnd && t < end;
    }

    private void record(long intended, long at) {
        latency.recordValue(Math.max(0, (at - intended) / 1000));
    }

    // ---- connections

    /** Netty's native epoll transport where it loads (Linux), else NIO. */
    private enum Transport {
        EPOLL,
        NIO;

        static Transport best() {
            return Epoll.isAvailable() ? EPOLL : NIO;
        }

        IoHandlerFactory ioHandler() {
            return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        }

        Class<? extends SocketChannel> channel() {
            return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
        }
    }

    /** The next source address, round robin, with the port left to the kernel. */
    private InetSocketAddress source() {
        return new InetSocketAddress(
                job.sources()
                        .get(Math.floorMod(
                                nextSource.getAndIncrement(), job.sources().size())),
                0);
    }

    /**
     * A client bootstrap on the generator's transport. With epoll the source port is chosen at
     * connect time ({@code IP_BIND_ADDRESS_NO_PORT}), where the kernel may reuse a port whose
     * earlier connection sits in TIME_WAIT (loopback does by default, {@code tcp_tw_reuse=2}); a
     * port picked at bind time could not be.
     */
    private Bootstrap bootstrap(ChannelHandler handler) {
        var bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(handler);
        if (transport == Transport.EPOLL) {
            bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        } else {
            bootstrap.option(ChannelOption.SO_REUSEADDR, true);
        }
        return bootstrap;
    }

    /** Connects to the target from the next source address; a failure to connect fails {@code done}. */
    private void connect(ChannelHandler handler, CompletableFuture<?> done) {
        bootstrap(handler).connect(remote, source()).addListener(f -> {
            if (!f.isSuccess()) {
                done.completeExceptionally(f.cause());
            }
        });
    }

    private CompletableFuture<Ws> open(Ws.Listener listener) {
        var ready = new CompletableFuture<Ws>();
        connect(
                new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Ws ws = new Ws(ch, listener);
                        Handshake handshake = Handshake.then(upgradeRequest, ws);
                        handshake.upgraded.whenComplete((v, e) -> complete(ready, ws, e));
                        ch.pipeline().addLast(handshake);
                    }
                },
                ready);
        return ready;
    }

    private static <T> void complete(CompletableFuture<T> future, T value, Throwable error) {
        if (error != null) {
            future.completeExceptionally(error);
        } else {
            future.complete(value);
        }
    }

    /** Opens {@code count} connections, {@value #OPENING} handshakes at a time; failures counted. */
    private List<Ws> openAll(int count, Ws.Listener listener) throws InterruptedException, IOException {
        var open = new ArrayList<Ws>(count);
        var permits = new Semaphore(OPENING);
        var futures = new ArrayList<CompletableFuture<Ws>>(count);
        for (int i = 0; i < count; i++) {
            permits.acquire();
            futures.add(open(listener).whenComplete((w, e) -> permits.release()));
        }
        Throwable first = null;
        for (var f : futures) {
            try {
                open.add(f.join());
            } catch (RuntimeException e) {
                errors.increment();
                first = first == null ? e : first;
            }
        }
        if (open.isEmpty()) {
            throw new IOException("no connection opened to " + target, first);
        }
        return open;
    }

    // ---- IDLE

    private Result idle() throws Exception {
        long start = now();
        List<Ws> all = openAll(job.connections(), (ws, content) -> {});
        long openMillis = TimeUnit.NANOSECONDS.toMillis(now() - start);
        System.out.println("READY " + all.size());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in)).readLine(); // held until told
        for (Ws ws : all) {
            ws.channel.close();
        }
        sent.add(all.size());
        received.add(all.size());
        return result(openMillis);
    }

    // ---- CONNECT

    private Result connect() throws Exception {
        window();
        var done = new CompletableFuture<Void>();
        var running = new AtomicInteger(job.connections());
        for (int i = 0; i < job.connections(); i++) {
            handshakes(running, done);
        }
        awaitWindow(true);
        done.get(job.deadlineMillis(), TimeUnit.MILLISECONDS);
        return result(0);
    }

    /** One after another until the window ends: open, count the handshake, close. */
    private void handshakes(AtomicInteger running, CompletableFuture<Void> done) {
        long started = now();
        if (started >= end) {
            if (running.decrementAndGet() == 0) {
                done.complete(null);
            }
            return;
        }
        boolean counted = inWindow(started);
        if (counted) {
            sent.increment();
        }
        Handshake handshake = Handshake.closing(upgradeRequest);
        connect(handshake, handshake.upgraded);
        handshake.upgraded.whenComplete((v, error) -> {
            if (error != null) {
                if (counted) {
                    errors.increment();
                }
                group.schedule(() -> handshakes(running, done), 10, TimeUnit.MILLISECONDS);
                return;
            }
            if (counted) {
                record(started, now());
                received.increment();
            }
            handshakes(running, done); // the handshake closes its connection itself
        });
    }

    // ---- ECHO

    private Result echo() throws Exception {
        boolean closedLoop = job.rate() <= 0;
        Ws.Listener onEcho = (ws, content) -> {
            long at = now();
            long intended = Message.intended(content);
            if (intended < 0) {
                errors.increment();
                return;
            }
            if (closedLoop) {
                if (inWindow(at)) {
                    received.increment();
                    record(intended, at);
                }
                if (at < end) {
                    send(ws.channel, at);
                }
            } else if (inWindow(intended)) {
                received.increment();
                record(intended, at);
            }
        };
        List<Ws> all = openAll(job.connections(), onEcho);
        window();
        List<Channel> channels = all.stream().map(ws -> ws.channel).toList();
        if (closedLoop) {
            fillWindows(channels, this::send);
        } else {
            sendAtRate(channels, this::send);
        }
        awaitWindow(closedLoop);
        for (Ws ws : all) {
            ws.channel.close();
        }
        return result(0);
    }

    private void send(Channel channel, long intended) {
        if (inWindow(intended)) {
            sent.increment();
        }
        channel.write(message.frame(channel.alloc(), intended));
    }

    /**
     * Waits out the window, telling the parent when it starts and ends ({@code WINDOW start},
     * {@code WINDOW end}, so it can read the server's CPU time then), then (open loop) waits for
     * the replies of what was sent in it.
     */
    private void awaitWindow(boolean closedLoop) throws InterruptedException {
        sleepUntil(warmEnd);
        System.out.println("WINDOW start");
        System.out.flush();
        double cpu = cpuSeconds();
        sleepUntil(end);
        windowCpu = cpuSeconds() - cpu;
        System.out.println("WINDOW end");
        System.out.flush();
        if (closedLoop) {
            return;
        }
        while (received.sum() < sent.sum() && now() < end + GRACE_NANOS) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        errors.add(sent.sum() - received.sum()); // lost, or later than the grace period
    }

    private void sleepUntil(long t) throws InterruptedException {
        for (long left = t - now(); left > 0; left = t - now()) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static double cpuSeconds() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1e9
                : 0;
    }

    /** What an open-loop sender does for each message at its intended time. */
    private interface Sender {
        void send(Channel channel, long intended);
    }

    /** Starts a closed loop: {@code window} messages on each channel, from its own event loop. */
    private void fillWindows(List<Channel> channels, Sender sender) {
        for (Channel channel : channels) {
            channel.eventLoop().execute(() -> {
                for (int i = 0; i < job.window(); i++) {
                    sender.send(channel, now());
                }
                channel.flush();
            });
        }
    }

    /**
     * Sends {@code rate} messages per second over {@code channels}, round robin, each stamped with
     * the time it was due; every event loop sends for its own channels, ticking every 200 µs by its
     * own {@link Pacer}.
     */
    private void sendAtRate(List<Channel> channels, Sender sender) {
        Map<EventLoop, List<Channel>> byLoop = new LinkedHashMap<>();
        for (Channel c : channels) {
            byLoop.computeIfAbsent(c.eventLoop(), l -> new ArrayList<>()).add(c);
        }
        byLoop.forEach((loop, mine) -> {
            var pacer = new Pacer(job.rate() * mine.size() / channels.size(), now(), end);
            var ticker = new Runnable() {
                int k;
                final boolean[] dirty = new boolean[mine.size()];

                @Override
                public void run() {
                    long t = now();
                    if (inWindow(t)) {
                        sendLag.recordValue(pacer.lagNanos(t) / 1000);
                    }
                    boolean more = pacer.tick(t, intended -> {
                        int i = k++ % mine.size();
                        sender.send(mine.get(i), intended);
                        dirty[i] = true;
                    });
                    for (int i = 0; i < dirty.length; i++) {
                        if (dirty[i]) {
                            dirty[i] = false;
                            mine.get(i).flush();
                        }
                    }
                    if (more) {
                        loop.schedule(this, 200, TimeUnit.MICROSECONDS);
                    }
                }
            };
            loop.execute(ticker);
        });
    }

    // ---- PUSH

    private Result push() throws Exception {
        boolean closedLoop = job.rate() <= 0;
        List<Ws> all = openAll(job.connections(), (ws, content) -> {
            long intended = Message.intended(content);
            if (intended < 0) {
                if (ws.id == null) {
                    ws.id = content.toString(StandardCharsets.UTF_8).trim();
                } else {
                    errors.increment();
                }
            } else if (inWindow(intended)) {
                received.increment();
                record(intended, now());
            }
        });
        // Each connection asks its id: the gateway's whoami route (or the ceiling) answers it.
        var ids = new ArrayList<String>();
        for (Ws ws : all) {
            ws.channel.writeAndFlush(Message.textFrame(WHOAMI));
        }
        long asked = now();
        for (Ws ws : all) {
            while (ws.id == null && now() - asked < TimeUnit.SECONDS.toNanos(30)) {
                TimeUnit.MILLISECONDS.sleep(1);
            }
            if (ws.id == null) {
                throw new IOException("no id for a connection within 30 s: does " + target + " answer whoami?");
            }
            ids.add(ws.id);
        }
        URI push = URI.create(job.pushUrl());
        List<Channel> pushers = new ArrayList<>();
        for (int i = 0; i < Math.max(1, job.pushers()); i++) {
            pushers.add(pusher(push, ids, closedLoop));
        }
        window();
        Sender poster = (channel, intended) -> post(channel, push, ids, intended);
        if (closedLoop) {
            fillWindows(pushers, poster);
        } else {
            sendAtRate(pushers, poster);
        }
        awaitWindow(closedLoop);
        pushers.forEach(Channel::close);
        all.forEach(ws -> ws.channel.close());
        return result(0);
    }

    /** An HTTP/1.1 connection that POSTs pushes, pipelined; in a closed loop each answer sends the next. */
    private Channel pusher(URI push, List<String> ids, boolean closedLoop) throws Exception {
        return bootstrap(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpResponseDecoder())
                                .addLast(new SimpleChannelInboundHandler<HttpObject>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
                                        if (msg instanceof HttpResponse r
                                                && r.status().code() / 100 != 2) {
                                            errors.increment();
                                        }
                                        if (msg instanceof LastHttpContent && closedLoop && now() < end) {
                                            post(ctx.channel(), push, ids, now());
                                        }
                                    }

                                    @Override
                                    public void channelReadComplete(ChannelHandlerContext ctx) {
                                        ctx.flush();
                                    }
                                });
                    }
                })
                .connect(new InetSocketAddress(push.getHost(), push.getPort()))
                .sync()
                .channel();
    }

    private void post(Channel channel, URI push, List<String> ids, long intended) {
        if (inWindow(intended)) {
            sent.increment();
        }
        String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
        ByteBuf body = message.stamp(channel.alloc(), intended);
        String head = "POST " + push.getRawPath() + id + " HTTP/1.1\r\nHost: " + push.getHost() + ":" + push.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.readableBytes() + "\r\n\r\n";
        ByteBuf request = channel.alloc().buffer(head.length() + body.readableBytes());
        ByteBufUtil.writeAscii(request, head);
        request.writeBytes(body);
        body.release();
        channel.write(request);
    }

    // ---- result

    private Result result(long openMillis) {
        double seconds = job.durationMillis() / 1000.0;
        return new Result(
                sent.sum(),
                received.sum(),
                errors.sum(),
                seconds,
                Result.encode(latency.getIntervalHistogram()),
                openMillis,
                windowCpu,
                sendLag.getIntervalHistogram().getValueAtPercentile(99) / 1000.0);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
