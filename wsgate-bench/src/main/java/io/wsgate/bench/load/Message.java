package io.wsgate.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The text every scenario sends: a JSON object of exactly {@code size} bytes whose {@code t} member
 * holds, at a fixed offset, the time the message was meant to be sent (nanoseconds on the load
 * generator's clock). The gateway routes it by {@code action}; every echo (gateway, ceilings, peers)
 * returns the same bytes, so the round trip is read back from the reply without parsing JSON.
 *
 * <pre>{"action":"echo","t":"0000000001234567890","p":"xxxxxxxx"}</pre>
 */
public final class Message {
    /** The smallest message: the members and an empty padding string. */
    public static final int MIN_SIZE = 50;

    private static final int TIME_OFFSET = 22;
    private static final int TIME_DIGITS = 19;

    private final byte[] template;
    private final byte[] frameHeader;

    /** @param action the route key: {@code echo} or {@code push}, both four letters */
    public Message(String action, int size) {
        if (action.length() != 4) {
            throw new IllegalArgumentException("action must have four letters: " + action);
        }
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("a message has at least " + MIN_SIZE + " bytes: " + size);
        }
        String head = "{\"action\":\"" + action + "\",\"t\":\"" + "0".repeat(TIME_DIGITS) + "\",\"p\":\"";
        byte[] bytes = new byte[size];
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, bytes, 0, h.length);
        Arrays.fill(bytes, h.length, size - 2, (byte) 'x');
        bytes[size - 2] = '"';
        bytes[size - 1] = '}';
        this.template = bytes;
        this.frameHeader = header(size);
    }

    public int size() {
        return template.length;
    }

    /** The message stamped with {@code intendedNanos} (not negative), in a buffer from {@code alloc}. */
    public ByteBuf stamp(ByteBufAllocator alloc, long intendedNanos) {
        return stampAt(alloc.buffer(template.length).writeBytes(template), 0, intendedNanos);
    }

    /** The message stamped with {@code intendedNanos}, as text, for a client that frames it itself. */
    public String text(long intendedNanos) {
        ByteBuf buf = stamp(UnpooledByteBufAllocator.DEFAULT, intendedNanos);
        try {
            return buf.toString(StandardCharsets.US_ASCII);
        } finally {
            buf.release();
        }
    }

    /**
     * The message stamped with {@code intendedNanos}, as a whole client text frame: the header, a
     * mask key of zeros, the payload as is. RFC 6455 has clients mask every frame with a key
     * intermediaries cannot predict; there are none here, and a zero key spares the generator a
     * pass over every byte while the server unmasks as it always does.
     */
    public ByteBuf frame(ByteBufAllocator alloc, long intendedNanos) {
        ByteBuf buf = alloc.buffer(frameHeader.length + template.length)
                .writeBytes(frameHeader)
                .writeBytes(template);
        return stampAt(buf, frameHeader.length, intendedNanos);
    }

    /** Writes {@code intendedNanos} into the time digits of the message starting at {@code from}. */
    private static ByteBuf stampAt(ByteBuf buf, int from, long intendedNanos) {
        long v = intendedNanos;
        for (int i = from + TIME_OFFSET + TIME_DIGITS - 1; i >= from + TIME_OFFSET; i--) {
            buf.setByte(i, '0' + (int) (v % 10));
            v /= 10;
        }
        return buf;
    }

    /** {@code payload} as a whole client text frame, masked with a zero key as {@link #frame} is. */
    public static ByteBuf textFrame(byte[] payload) {
        byte[] header = header(payload.length);
        return Unpooled.buffer(header.length + payload.length)
                .writeBytes(header)
                .writeBytes(payload);
    }

    /** A final text frame's header for {@code length} bytes, with the mask bit and a zero key. */
    private static byte[] header(int length) {
        if (length < 126) {
            return new byte[] {(byte) 0x81, (byte) (0x80 | length), 0, 0, 0, 0};
        }
        if (length <= 0xFFFF) {
            return new byte[] {(byte) 0x81, (byte) (0x80 | 126), (byte) (length >>> 8), (byte) length, 0, 0, 0, 0};
        }
        throw new IllegalArgumentException("a message this large needs no benchmark here: " + length);
    }

    /** The intended send time stamped in {@code buf}'s readable bytes, or -1 when it holds none. */
    public static long intended(ByteBuf buf) {
        int from = buf.readerIndex();
        if (buf.readableBytes() < MIN_SIZE || buf.getByte(from) != '{' || buf.getByte(from + TIME_OFFSET - 2) != ':') {
            return -1;
        }
        long v = 0;
        for (int i = from + TIME_OFFSET; i < from + TIME_OFFSET + TIME_DIGITS; i++) {
            int d = buf.getByte(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
