package io.wsgate.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * One client WebSocket connection of the load generator, once upgraded: it reads the server's
 * frames itself, without Netty's frame objects, so that a generator core keeps up with a server
 * core (with Netty's codec the generator was the limit of the echo ceilings). It reads what the
 * servers measured here send: unmasked, unfragmented data frames and a close; a text frame's
 * payload goes to the listener, a close frame closes the connection, other frames are skipped.
 * What it sends is written whole by the caller ({@link Message#frame}).
 */
final class Ws extends ByteToMessageDecoder {
    /** What a scenario does with each text frame the connection receives (on its event loop). */
    interface Listener {
        void onText(Ws ws, ByteBuf payload);
    }

    private static final int TEXT = 0x1;
    private static final int CLOSE = 0x8;

    final Channel channel;
    volatile Listener listener;
    /** The gateway's id of this connection, for pushes. */
    volatile String id;

    Ws(Channel channel, Listener listener) {
        this.channel = channel;
        this.listener = listener;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 2) {
            int at = in.readerIndex();
            int opcode = in.getByte(at) & 0x0F;
            int second = in.getByte(at + 1);
            int header = 2 + ((second & 0x80) != 0 ? 4 : 0); // a mask key, which a server does not send
            long length = second & 0x7F;
            if (length == 126) {
                if (in.readableBytes() < 4) {
                    return;
                }
                length = in.getUnsignedShort(at + 2);
                header += 2;
            } else if (length == 127) {
                if (in.readableBytes() < 10) {
                    return;
                }
                length = in.getLong(at + 2);
                header += 8;
            }
            if (in.readableBytes() < header + length) {
                return; // the rest of the frame is still on its way
            }
            if (opcode == TEXT) {
                listener.onText(this, in.slice(at + header, (int) length));
            } else if (opcode == CLOSE) {
                ctx.close();
            }
            in.readerIndex(at + header + (int) length);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        ctx.flush(); // what the listener wrote in reply to this read
        super.channelReadComplete(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
