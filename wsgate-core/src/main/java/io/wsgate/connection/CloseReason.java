package io.wsgate.connection;

import java.util.Objects;

/** Why a connection ended: the status code and reason text {@code $disconnect} reports. */
public record CloseReason(int code, String reason) {
    public CloseReason {
        Objects.requireNonNull(reason, "reason");
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("code: " + code + " (expected: 0..65535, a close frame's two bytes)");
        }
    }

    /**
     * The reason for a close frame the client sent: its own text, or, when it gave none, the
     * gateway's name for the code.
     */
    public static CloseReason fromClient(Integer code, String reason) {
        if (code == null) {
            return CloseCode.NO_STATUS.asReason();
        }
        if (reason != null && !reason.isEmpty()) {
            return new CloseReason(code, reason);
        }
        for (CloseCode known : CloseCode.values()) {
            if (known.code() == code) {
                return known.asReason();
            }
        }
        return new CloseReason(code, "");
    }
}
