package io.wsgate.connection;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The accepted connections of this gateway, by id. Thread-safe. */
public final class ConnectionRegistry {
    private final ConcurrentHashMap<String, Connection> byId = new ConcurrentHashMap<>(1024);

    public void add(Connection connection) {
        if (byId.putIfAbsent(connection.connectionId(), connection) != null) {
            throw new IllegalStateException("duplicate connection id " + connection.connectionId());
        }
    }

    public void remove(Connection connection) {
        byId.remove(connection.connectionId(), connection);
    }

    public Optional<Connection> find(String connectionId) {
        return Optional.ofNullable(byId.get(connectionId));
    }

    public int size() {
        return byId.size();
    }

    /** A live view; iteration sees connections added and removed meanwhile, or not. */
    public Collection<Connection> all() {
        return Collections.unmodifiableCollection(byId.values());
    }

    @Override
    public String toString() {
        return "ConnectionRegistry{size=" + byId.size() + "}";
    }
}
