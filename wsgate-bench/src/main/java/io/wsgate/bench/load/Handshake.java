package io.wsgate.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The load generator's handshake, as light as one can be: the upgrade request is written from
 * bytes made once, the answer is only checked for {@code 101} and the end of its head. Netty's
 * client codec, aggregator and handshaker cost the generator more per handshake than the server
 * spends on it, which made the generator's core the limit of S2. Once upgraded, the connection is
 * either closed at once (S2) or handed to a {@link Ws}, which takes this handler's place.
 *
 * <p>Every request carries the same {@code Sec-WebSocket-Key}: the server's work (hashing the key
 * with the GUID) is the same whatever the key, and the client does not check the accept value.
 * When closing, the client sends a close frame and waits for the server to close the TCP
 * connection, as RFC 6455 (7.1.1) has it, so TIME_WAIT lands on the server's side and no client
 * port is held by it.
 */
final class Handshake extends ChannelInboundHandlerAdapter {
    /** A masked close frame with status 1000, mask {@code 0x01020304}. */
    private static final byte[] CLOSE = {(byte) 0x88, (byte) 0x82, 1, 2, 3, 4, 0x03 ^ 1, (byte) (0xE8 ^ 2)};

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

    /** The upgrade request for {@code target}, to be shared by every handshake. */
    static ByteBuf request(URI target) {
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        String text = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + target.getHost() + ":" + target.getPort() + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: d3NnYXRlLWJlbmNobWFyaw==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        return Unpooled.unreleasableBuffer(
                Unpooled.directBuffer(text.length()).writeBytes(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(request);
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
