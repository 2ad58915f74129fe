package io.wsgate.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.internal.http.WebSocketInternal;
import io.wsgate.connection.CloseCode;
import io.wsgate.connection.Peer;
import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A Vert.x {@link ServerWebSocket} as the core's {@link Peer}. Every write and the close run on the
 * connection's event loop: at once when the caller is that loop, else queued to it in call order.
 * So one caller's messages arrive in the order sent, and a message cut into frames of at most
 * {@code maxFrameBytes} is never interleaved with another.
 *
 * <p>The connection is registered as soon as {@code $connect} accepts it, before the 101 is
 * written, so that a backend may post to it the moment the client sees the upgrade; until {@link
 * #attach} hands over the socket, writes and a close wait here, in order.
 *
 * <p>Reading pauses for either of two reasons and resumes once neither holds: the dispatcher's
 * bound on messages in flight ({@link #pauseReading}), and a client that does not read what it is
 * sent. After each write the socket's send buffer is checked (Vert.x's {@code writeQueueFull}, the
 * mark {@code @connections} answers 429 at); when it is full, the client's frames are no longer
 * read until the buffer drains, so replies to a client that never reads cannot pile up beyond
 * that mark plus the replies of the messages already in flight.
 */
final class VertxPeer implements Peer {
    /** Flushes held back at most before one goes through anyway. */
    private static final int MAX_HELD_FLUSHES = 64;

    private static final int PAUSED_IN_FLIGHT = 1;
    private static final int PAUSED_SLOW_READER = 2;

    private final Context context;
    private final int maxFrameBytes;
    private volatile ServerWebSocket socket;
    private volatile Thread loop;
    private List<Consumer<ServerWebSocket>> pending = new ArrayList<>(1); // guarded by this, until attached
    private int paused; // PAUSED_* bits; on the event loop only
    private volatile Metrics metrics;

    VertxPeer(Context context, int maxFrameBytes) {
        this.context = context;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Hands over the upgraded socket and plays what waited for it. Called once, on its event loop.
     *
     * <p>Replies and pushes come from other threads, each as its own task on the event loop, where
     * Vert.x flushes every write at once: one system call per message. A {@link
     * FlushConsolidationHandler} before Vert.x's handler turns the flushes of one loop iteration
     * into one per connection, as replies written while a read is under way already are (measured
     * in wsgate-bench, S3 and S5).
     */
    void attach(ServerWebSocket upgraded) {
        loop = Thread.currentThread();
        if (upgraded instanceof WebSocketInternal internal) {
            internal.channelHandlerContext()
                    .pipeline()
                    .addFirst("wsgate-flush", new FlushConsolidationHandler(MAX_HELD_FLUSHES, true));
        }
        upgraded.drainHandler(v -> resume(upgraded, PAUSED_SLOW_READER));
        synchronized (this) {
            for (Consumer<ServerWebSocket> action : pending) {
                action.accept(upgraded);
            }
            pending = null;
            socket = upgraded; // only now, so that later writes cannot overtake the waiting ones
        }
    }

    /** Runs {@code action} on the socket's event loop, or keeps it until the socket is attached. */
    private void onLoop(Consumer<ServerWebSocket> action) {
        ServerWebSocket attached = socket;
        if (attached == null) {
            synchronized (this) {
                attached = socket;
                if (attached == null) {
                    pending.add(action);
                    return;
                }
            }
        }
        if (Thread.currentThread() == loop) {
            action.accept(attached);
        } else {
            ServerWebSocket target = attached;
            context.runOnContext(v -> action.accept(target));
        }
    }

    @Override
    public void sendText(String text) {
        // Each char is at most 3 UTF-8 bytes (a surrogate pair is 2 chars for 4 bytes).
        if ((long) text.length() * 3 <= maxFrameBytes) {
            onLoop(s -> {
                s.writeTextMessage(text);
                checkSendBuffer(s);
            });
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxFrameBytes) {
            onLoop(s -> {
                s.writeTextMessage(text);
                checkSendBuffer(s);
            });
        } else {
            onLoop(s -> {
                writeFragments(s, bytes, true);
                checkSendBuffer(s);
            });
        }
    }

    @Override
    public void sendBinary(byte[] data) {
        if (data.length <= maxFrameBytes) {
            onLoop(s -> {
                s.writeBinaryMessage(Buffer.buffer(data));
                checkSendBuffer(s);
            });
        } else {
            onLoop(s -> {
                writeFragments(s, data, false);
                checkSendBuffer(s);
            });
        }
    }

    /** After a write, on the loop: stops reading from a client whose send buffer is full. */
    private void checkSendBuffer(ServerWebSocket socket) {
        if ((paused & PAUSED_SLOW_READER) == 0 && full(socket)) {
            pause(socket, PAUSED_SLOW_READER);
            Metrics counters = metrics;
            if (counters != null) {
                counters.increment(Counter.SLOW_READER);
            }
        }
    }

    @Override
    public void pauseReading() {
        onLoop(s -> pause(s, PAUSED_IN_FLIGHT));
    }

    @Override
    public void resumeReading() {
        onLoop(s -> resume(s, PAUSED_IN_FLIGHT));
    }

    @Override
    public void opened(Metrics counters) {
        this.metrics = counters;
    }

    private void pause(ServerWebSocket socket, int reason) {
        if (paused == 0) {
            socket.pause();
        }
        paused |= reason;
    }

    private void resume(ServerWebSocket socket, int reason) {
        if (paused == 0) {
            return;
        }
        paused &= ~reason;
        if (paused == 0) {
            socket.resume();
        }
    }

    /**
     * Writes {@code data} as a first frame and continuation frames. Text is cut on character
     * boundaries, since Vert.x makes text frames from strings only.
     */
    private void writeFragments(ServerWebSocket socket, byte[] data, boolean text) {
        int offset = 0;
        while (offset < data.length) {
            int end = Math.min(data.length, offset + maxFrameBytes);
            if (text) {
                while (end < data.length && end > offset + 1 && (data[end] & 0xC0) == 0x80) {
                    end--; // back off to the start of the character that would be split
                }
            }
            boolean last = end == data.length;
            WebSocketFrame frame;
            if (offset > 0) {
                frame = WebSocketFrame.continuationFrame(Buffer.buffer().appendBytes(data, offset, end - offset), last);
            } else if (text) {
                frame = WebSocketFrame.textFrame(new String(data, 0, end, StandardCharsets.UTF_8), last);
            } else {
                frame = WebSocketFrame.binaryFrame(Buffer.buffer().appendBytes(data, 0, end), last);
            }
            socket.writeFrame(frame);
            offset = end;
        }
    }

    @Override
    public boolean clientClosed() {
        ServerWebSocket attached = socket;
        return attached != null && attached.isClosed();
    }

    @Override
    public boolean writeQueueFull() {
        ServerWebSocket attached = socket;
        return attached != null && full(attached);
    }

    private static boolean full(ServerWebSocket socket) {
        try {
            return socket.writeQueueFull();
        } catch (IllegalStateException closed) {
            // Vert.x throws once the socket has closed, which another thread may do at any moment
            // before the registry hears of it; nothing queues there any more, and a write is dropped.
            return false;
        }
    }

    /**
     * Sends the close frame. A normal end (1000, 1001) then waits for the client's close frame, at
     * most the server's WebSocket closing timeout; any other code fails the connection (RFC 6455,
     * 7.1.7): TCP is closed as soon as the close frame has been written, since a client that broke
     * the protocol or a limit is not waited for.
     */
    @Override
    public void close(int code, String reason) {
        boolean fail = CloseCode.failsConnection(code);
        onLoop(s -> {
            s.close((short) code, reason);
            if (fail && s instanceof WebSocketInternal internal) {
                // Vert.x writes the close frame once the frames being read are handled, so TCP is
                // closed in a later task, behind an empty write that completes once the frame is
                // out. From Vert.x's own handler context: a close through the whole pipeline would
                // reach Vert.x, which, having sent its close frame, waits for the client's.
                ChannelHandlerContext ctx = internal.channelHandlerContext();
                context.runOnContext(v -> {
                    if (ctx.channel().isActive()) {
                        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> ctx.close());
                    }
                });
            }
        });
    }

    @Override
    public String toString() {
        ServerWebSocket attached = socket;
        return "VertxPeer{" + (attached == null ? "upgrading" : attached.remoteAddress()) + "}";
    }
}
