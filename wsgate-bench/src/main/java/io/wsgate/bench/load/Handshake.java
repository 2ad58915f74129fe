package io.wsgate.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator's handshake, as light as one can be: the upgrade request is written from
 * bytes made once, the answer is only checked for {@code 101} and the end of its head. Netty's
 * client codec, aggregator and handshaker cost the generator more per handshake than the server
 * spends on it, which made the generator's core the limit of S2. Once upgraded, the connection is
 * either closed at once (S2) or handed to a {@link Ws}, which takes this handler's place.
 *
 * <p>Each request carries a {@code Sec-WebSocket-Key} of its own, as RFC 6455 (4.1) has it: one
 * server here, serverless-offline, tells connections apart by their key while they upgrade, and
 * with one key for all it gave one connection's replies to another and at last crashed. The keys
 * are a random prefix and a counter, written into a copy of the shared request; the client does
 * not check the accept value. When closing, the client sends a close frame and waits for the server to close the TCP
 * connection, as RFC 6455 (7.1.1) has it, so TIME_WAIT lands on the server's side and no client
 * port is held by it.
 */
final class Handshake extends ChannelInboundHandlerAdapter {
    /** A masked close frame with status 1000, mask {@code 0x01020304}. */
    private static final byte[] CLOSE = {(byte) 0x88, (byte) 0x82, 1, 2, 3, 4, 0x03 ^ 1, (byte) (0xE8 ^ 2)};

    private static final byte[] KEY_FIELD = "Sec-WebSocket-Key: ".getBytes(StandardCharsets.US_ASCII);
    /** A key's 16 bytes: 8 random ones for this process, then 8 of a counter. */
    private static final long KEY_PREFIX = new SecureRandom().nextLong();

    private static final AtomicLong KEYS = new AtomicLong();

    private static final ByteBuf HEAD_END =
            Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[] {'\r', '\n', '\r', '\n'}));

    /** Completes at the 101, with an error if anything else comes first. */
    final CompletableFuture<Void> upgraded = new CompletableFuture<>();

    private final ByteBuf request;
    private final Ws then;
    private ByteBuf head; // the answer so far

    private Handshake(ByteBuf request, Ws then) {
        this.request = request;
        this.then = then;
    }

    /**
     * A handshake that closes the connection once upgraded, writing {@code request} (made by
     * {@link #request}) once active.
     */
    static Handshake closing(ByteBuf request) {
        return new Handshake(request.retainedDuplicate(), null);
    }

    /** A handshake that hands the upgraded connection to {@code ws}. */
    static Handshake then(ByteBuf request, Ws ws) {
        return new Handshake(request.retainedDuplicate(), ws);
    }

    /** The upgrade request for {@code target}, shared by every handshake, which writes its own key into a copy. */
    static ByteBuf request(URI target) {
        String path = (target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath())
                + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        String text = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + target.getHost() + ":" + target.getPort() + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + new String(KEY_FIELD, StandardCharsets.US_ASCII) + key() + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        return Unpooled.unreleasableBuffer(
                Unpooled.directBuffer(text.length()).writeBytes(text.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The next key: 16 bytes in base64, always 24 characters. */
    static String key() {
        byte[] bytes = ByteBuffer.allocate(16)
                .putLong(KEY_PREFIX)
                .putLong(KEYS.incrementAndGet())
                .array();
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ByteBuf out = ctx.alloc().buffer(request.readableBytes());
        out.writeBytes(request, request.readerIndex(), request.readableBytes());
        request.release();
        int at = ByteBufUtil.indexOf(Unpooled.wrappedBuffer(KEY_FIELD), out) + KEY_FIELD.length;
        out.setBytes(at, key().getBytes(StandardCharsets.US_ASCII));
        ctx.writeAndFlush(out);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (upgraded.isDone()) {
            in.release(); // the server's close frame, or a refusal's body
            return;
        }
        if (head == null) {
            head = ctx.alloc().buffer(256);
        }
        head.writeBytes(in);
        in.release();
        if (ByteBufUtil.indexOf(HEAD_END, head) < 0) {
            return; // more of the head to come
        }
        boolean switched = head.readableBytes() >= 12
                && head.toString(head.readerIndex(), 12, StandardCharsets.US_ASCII)
                        .equals("HTTP/1.1 101");
        ByteBuf answer = head;
        head = null;
        if (switched && then != null) {
            // Whatever came after the head (a first frame) belongs to the frame reader.
            answer.readerIndex(ByteBufUtil.indexOf(HEAD_END, answer) + HEAD_END.readableBytes());
            ctx.pipeline().replace(this, "ws", then);
            upgraded.complete(null);
            if (answer.isReadable()) {
                ctx.pipeline().fireChannelRead(answer);
            } else {
                answer.release();
            }
            return;
        }
        answer.release();
        if (switched) {
            upgraded.complete(null);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(CLOSE));
        } else {
            upgraded.completeExceptionally(new IOException("upgrade refused"));
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (head != null) {
            head.release();
            head = null;
        }
        upgraded.completeExceptionally(new IOException("connection closed before the 101"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        upgraded.completeExceptionally(cause);
        ctx.close();
    }
}
