package io.wsgate.transport;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.wsgate.connection.Peer;
import java.nio.charset.StandardCharsets;

/**
 * A Vert.x {@link ServerWebSocket} as the core's {@link Peer}. A message that fits in one frame is
 * written straight away (Vert.x writes are thread-safe); a longer one is cut into frames of at
 * most {@code maxFrameBytes} on the connection's own event loop, so that no other message's
 * frames come between its fragments.
 */
final class VertxPeer implements Peer {
    private final ServerWebSocket socket;
    private final Context context;
    private final int maxFrameBytes;

    VertxPeer(ServerWebSocket socket, Context context, int maxFrameBytes) {
        this.socket = socket;
        this.context = context;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void sendText(String text) {
        // Each char is at most 3 UTF-8 bytes (a surrogate pair is 2 chars for 4 bytes).
        if ((long) text.length() * 3 <= maxFrameBytes) {
            socket.writeTextMessage(text);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxFrameBytes) {
            socket.writeTextMessage(text);
        } else {
            context.runOnContext(v -> writeFragments(bytes, true));
        }
    }

    @Override
    public void sendBinary(byte[] data) {
        if (data.length <= maxFrameBytes) {
            socket.writeBinaryMessage(Buffer.buffer(data));
        } else {
            context.runOnContext(v -> writeFragments(data, false));
        }
    }

    /**
     * Writes {@code data} as a first frame and continuation frames. Text is cut on character
     * boundaries, since Vert.x makes text frames from strings only.
     */
    private void writeFragments(byte[] data, boolean text) {
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
    public boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    @Override
    public void close(int code, String reason) {
        socket.close((short) code, reason);
    }

    @Override
    public String toString() {
        return "VertxPeer{" + socket.remoteAddress() + "}";
    }
}
