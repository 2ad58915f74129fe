package io.wsgate.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
    }

    public int size() {
        return template.length;
    }

    /** The message stamped with {@code intendedNanos} (not negative), in a buffer from {@code alloc}. */
    public ByteBuf stamp(ByteBufAllocator alloc, long intendedNanos) {
        ByteBuf buf = alloc.buffer(template.length).writeBytes(template);
        long v = intendedNanos;
        for (int i = TIME_OFFSET + TIME_DIGITS - 1; i >= TIME_OFFSET; i--) {
            buf.setByte(i, '0' + (int) (v % 10));
            v /= 10;
        }
        return buf;
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
