package io.wsgate.transport;

import io.netty.buffer.ByteBuf;

/**
 * Checks one text message as UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF) piece by piece, as its frames arrive: a character may be split across two frames. Runs
 * of ASCII are skipped eight bytes at a time, so the common JSON message costs a fraction of a
 * byte-by-byte check. Not thread-safe: one per connection, on its event loop.
 */
final class Utf8Stream {
    private static final long HIGH_BITS = 0x8080808080808080L;

    private int need; // continuation bytes still expected for the current character
    private int lower = 0x80; // range of the next continuation byte (narrower after E0, ED, F0, F4)
    private int upper = 0xBF;

    /** Starts a new message. */
    void reset() {
        need = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    /** Whether {@code bytes} (not consumed) can continue the message so far as UTF-8. */
    boolean feed(ByteBuf bytes) {
        int i = bytes.readerIndex();
        int end = bytes.writerIndex();
        while (i < end) {
            if (need == 0) {
                while (end - i >= 8 && (bytes.getLong(i) & HIGH_BITS) == 0) {
                    i += 8;
                }
                if (i == end) {
                    break;
                }
                int b = bytes.getByte(i++) & 0xFF;
                if (b >= 0x80 && !lead(b)) {
                    return false;
                }
            } else {
                int b = bytes.getByte(i++) & 0xFF;
                if (b < lower || b > upper) {
                    return false;
                }
                lower = 0x80;
                upper = 0xBF;
                need--;
            }
        }
        return true;
    }

    /** Whether the message ends on a character boundary. */
    boolean complete() {
        return need == 0;
    }

    private boolean lead(int b) {
        if (b < 0xC2) {
            return false; // a continuation byte, or C0/C1 (overlong two-byte forms)
        } else if (b < 0xE0) {
            need = 1;
        } else if (b < 0xF0) {
            need = 2;
            lower = b == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
            upper = b == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
        } else if (b < 0xF5) {
            need = 3;
            lower = b == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
            upper = b == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be above U+10FFFF
        } else {
            return false;
        }
        return true;
    }
}
