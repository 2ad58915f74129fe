package io.wsgate.dispatch;

import java.util.Optional;

/** What {@code $connect} decided about a handshake. */
public sealed interface ConnectOutcome {
    /** Upgrade; answer with {@code subprotocol} as {@code Sec-WebSocket-Protocol} if there is one. */
    record Accept(Optional<String> subprotocol) implements ConnectOutcome {}

    /** Refuse the upgrade with HTTP {@code status}; {@code detail} is for the log, not the client. */
    record Reject(int status, String detail) implements ConnectOutcome {}
}
