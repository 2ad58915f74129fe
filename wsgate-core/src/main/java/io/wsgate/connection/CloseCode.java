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

    /**
     * Whether a client may send {@code code} in its close frame (RFC 6455, 7.4): the codes defined
     * for the protocol (1000-1003, 1007-1011), those registered with IANA since (1012-1014), and
     * those for libraries and applications (3000-4999). 1004-1006 and 1015 must never be sent; the
     * rest is unassigned. A close frame with another code is a protocol error (1002).
     */
    public static boolean validFromClient(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }

    /**
     * Whether closing with {@code code} fails the connection (RFC 6455, 7.1.7): the gateway closes
     * TCP as soon as its close frame is written instead of waiting for the client's. Only the
     * normal ends, 1000 and 1001, wait for the client to answer (for a bounded time).
     */
    public static boolean failsConnection(int code) {
        return code != NORMAL.code && code != GOING_AWAY.code;
    }
}
