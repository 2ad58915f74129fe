package io.wsgate.connection;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Identifiers shaped like AWS's: 16 characters, 11 random bytes in URL-safe base64 with one '='
 * (such as {@code L0SM9cOFvHcCIhw=}).
 */
public final class ConnectionIds {
    private static final SecureRandom SECURE = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder();

    private ConnectionIds() {}

    /** A connection id: unguessable, since knowing one is enough to post to the connection. */
    public static String connectionId() {
        byte[] bytes = new byte[11];
        SECURE.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /**
     * A request or message id: unique, cheap, not secret. The same shape as {@link #connectionId}
     * (88 random bits in URL-safe base64), written straight from two random longs: two are made per
     * message.
     */
    public static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long a = random.nextLong(); // 64 bits: ten characters of 6 bits, 4 bits left
        long b = random.nextLong(); // 24 bits used: four characters of 6 bits
        byte[] chars = new byte[16];
        for (int i = 0; i < 10; i++) {
            chars[i] = URL_SAFE[(int) (a >>> (6 * i)) & 63];
        }
        for (int i = 10; i < 14; i++) {
            chars[i] = URL_SAFE[(int) (b >>> (6 * (i - 10))) & 63];
        }
        // The 15th character carries the last 4 bits of the 11th byte, its low 2 bits zero.
        chars[14] = URL_SAFE[(int) (a >>> 60) << 2];
        chars[15] = '=';
        return new String(chars, StandardCharsets.ISO_8859_1);
    }

    private static final byte[] URL_SAFE =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);

    /**
     * A random (version 4) UUID, as AWS's {@code x-amzn-RequestId}: unique, cheap, not secret, so
     * from {@link ThreadLocalRandom} rather than {@link java.util.UUID#randomUUID}'s shared secure
     * generator.
     */
    public static String uuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** Whether {@code id} has the shape of an id this class makes. */
    public static boolean wellFormed(String id) {
        if (id.length() != 16 || id.charAt(15) != '=') {
            return false;
        }
        for (int i = 0; i < 15; i++) {
            char c = id.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_') {
                return false;
            }
        }
        return true;
    }
}
