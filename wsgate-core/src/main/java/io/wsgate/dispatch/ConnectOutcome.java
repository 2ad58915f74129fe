package io.wsgate.dispatch;

import io.wsgate.connection.Caller;
import java.util.Optional;

/** What {@code $connect} decided about a handshake. */
public sealed interface ConnectOutcome {
    /**
     * Upgrade; answer with {@code subprotocol} as {@code Sec-WebSocket-Protocol} if there is one.
     *
     * @param caller who the connect steps found the client to be, on every later event
     */
    record Accept(Optional<String> subprotocol, Caller caller) implements ConnectOutcome {
        public Accept(Optional<String> subprotocol) {
            this(subprotocol, Caller.ANONYMOUS);
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
