package io.wsgate.bench.load;

import java.util.List;

/**
 * What one load generator process does, passed to it as JSON.
 *
 * @param kind what to measure
 * @param target the WebSocket URL, e.g. {@code ws://127.0.0.1:8080/bench/b}
 * @param sources loopback source addresses the connections are spread over, round robin
 * @param connections WebSocket connections to open (for {@link Kind#CONNECT}, how many handshakes
 *     run at once)
 * @param rate messages (or pushes) per second over all connections, sent open-loop at their
 *     intended times; 0 for a closed loop, each connection keeping {@code window} in flight
 * @param window messages in flight per connection (per HTTP connection for pushes) in a closed loop
 * @param size bytes per message
 * @param warmupMillis how long to run before measuring
 * @param durationMillis how long to measure
 * @param pushUrl for {@link Kind#PUSH}: the URL a connection id is appended to, POSTed to push
 * @param pushers for {@link Kind#PUSH}: HTTP connections that push
 * @param threads event loop threads of the load generator
 */
public record Job(
        Kind kind,
        String target,
        List<String> sources,
        int connections,
        double rate,
        int window,
        int size,
        long warmupMillis,
        long durationMillis,
        String pushUrl,
        int pushers,
        int threads) {

    public enum Kind {
        /** Open connections, say READY, hold them until a line arrives on stdin. */
        IDLE,
        /** Open and close connections, {@code connections} handshakes at a time. */
        CONNECT,
        /** Send messages that the server echoes. */
        ECHO,
        /** POST messages to the management URL of random live connections. */
        PUSH
    }

    public Job {
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no source address");
        }
    }

    /** How long the process may live in all, after which it stops by itself. */
    public long deadlineMillis() {
        return warmupMillis + durationMillis + 120_000;
    }
}
