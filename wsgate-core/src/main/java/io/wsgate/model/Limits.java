package io.wsgate.model;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-API connection limits. {@link #AWS} holds the values Amazon API Gateway enforces and is the
 * default; wsgate lets each API choose its own.
 *
 * @param maxFrameBytes largest single frame a client may send; beyond it the connection is closed
 *     with 1009. Outgoing messages larger than this are sent as several frames.
 * @param maxMessageBytes largest (possibly fragmented) message a client may send, beyond which it
 *     is closed with 1009, and largest a backend may push through {@code @connections} (413)
 * @param idleTimeout how long a connection may go without a data message in either direction
 * @param maxConnectionDuration how long a connection may live at all; {@link Duration#ZERO} means
 *     no limit
 * @param binaryMessages whether clients may send binary messages at all
 */
public record Limits(
        int maxFrameBytes,
        int maxMessageBytes,
        Duration idleTimeout,
        Duration maxConnectionDuration,
        BinaryMessages binaryMessages) {
    /** 32 KB frames, 128 KB messages, 10 minutes idle, 2 hours in all, binary messages refused. */
    public static final Limits AWS =
            new Limits(32 * 1024, 128 * 1024, Duration.ofMinutes(10), Duration.ofHours(2), BinaryMessages.CLOSE);

    /** The most the gateway accepts for either size: 16 MiB. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    public Limits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxConnectionDuration, "maxConnectionDuration");
        Objects.requireNonNull(binaryMessages, "binaryMessages");
        var problems = new Problems();
        problems.require(
                maxFrameBytes >= 125 && maxFrameBytes <= MAX_BYTES,
                "maxFrameBytes",
                () -> maxFrameBytes + " (expected: 125.." + MAX_BYTES + ")");
        problems.require(
                maxMessageBytes >= maxFrameBytes && maxMessageBytes <= MAX_BYTES,
                "maxMessageBytes",
                () -> maxMessageBytes + " (expected: maxFrameBytes.." + MAX_BYTES + ")");
        problems.require(
                !idleTimeout.isNegative() && !idleTimeout.isZero(),
                "idleTimeout",
                () -> idleTimeout + " (expected: a positive duration)");
        problems.require(
                !maxConnectionDuration.isNegative(),
                "maxConnectionDuration",
                () -> maxConnectionDuration + " (expected: a positive duration, or 0 for none)");
        problems.throwIfAny();
    }

    public Limits withMaxFrameBytes(int bytes) {
        return new Limits(bytes, Math.max(bytes, maxMessageBytes), idleTimeout, maxConnectionDuration, binaryMessages);
    }

    public Limits withMaxMessageBytes(int bytes) {
        return new Limits(maxFrameBytes, bytes, idleTimeout, maxConnectionDuration, binaryMessages);
    }

    public Limits withIdleTimeout(Duration timeout) {
        return new Limits(maxFrameBytes, maxMessageBytes, timeout, maxConnectionDuration, binaryMessages);
    }

    public Limits withMaxConnectionDuration(Duration duration) {
        return new Limits(maxFrameBytes, maxMessageBytes, idleTimeout, duration, binaryMessages);
    }

    public Limits withBinaryMessages(BinaryMessages value) {
        return new Limits(maxFrameBytes, maxMessageBytes, idleTimeout, maxConnectionDuration, value);
    }
}
