package io.wsgate.dispatch;

import java.util.Map;
import java.util.Optional;

/** What {@code $connect} decided about a handshake. */
public sealed interface ConnectOutcome {
    /**
     * Upgrade; answer with {@code subprotocol} as {@code Sec-WebSocket-Protocol} if there is one.
     *
     * @param authorizer the connection's {@code requestContext.authorizer} on every later event,
     *     or {@code null} when no authorizer ran
     */
    record Accept(Optional<String> subprotocol, Map<String, Object> authorizer) implements ConnectOutcome {
        public Accept(Optional<String> subprotocol) {
            this(subprotocol, null);
        }
    }

    /**
     * Refuse the upgrade with HTTP {@code status} and {@code body} ({@code ""} for none); {@code
     * detail} is for the log, not the client.
     */
    record Reject(int status, String body, String detail) implements ConnectOutcome {
        public Reject(int status, String detail) {
            this(status, "", detail);
        }
    }
}
