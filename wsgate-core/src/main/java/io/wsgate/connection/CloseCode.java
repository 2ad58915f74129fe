package io.wsgate.connection;

/**
 * The close codes the gateway sends or reports, with the reason text {@code $disconnect} carries
 * for each (AWS's text where AWS's is known).
 */
public enum CloseCode {
    /** The backend deleted the connection through {@code @connections}. */
    NORMAL(1000, "Connection Closed Normally"),
    /** Idle timeout, maximum duration, or the gateway shutting down. */
    GOING_AWAY(1001, "Going away"),
    /** The client broke the WebSocket protocol (reserved bits, an unmasked frame, a stray continuation). */
    PROTOCOL_ERROR(1002, "Protocol error"),
    /** The client sent a binary frame, which WebSocket APIs do not accept. */
    UNSUPPORTED_DATA(1003, "Binary frames are not supported"),
    /** The client's close frame carried no status code. */
    NO_STATUS(1005, "Client-side close frame status not set"),
    /** The TCP connection ended without a close frame. */
    ABNORMAL(1006, "Connection closed abnormally"),
    /** A text message that is not valid UTF-8. */
    INVALID_PAYLOAD(1007, "Invalid frame payload data"),
    /** A frame or a message over the API's limits. */
    MESSAGE_TOO_BIG(1009, "Message too big");

    private final int code;
    private final String reason;

    CloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public CloseReason asReason() {
        return new CloseReason(code, reason);
    }
}
