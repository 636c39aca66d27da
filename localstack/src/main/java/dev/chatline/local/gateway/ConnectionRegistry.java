package dev.chatline.local.gateway;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The connections of the stage, by id: from the start of {@code $connect} until the socket closed. */
final class ConnectionRegistry {
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    void add(Connection connection) {
        connections.put(connection.id(), connection);
    }

    Optional<Connection> get(String connectionId) {
        return Optional.ofNullable(connections.get(connectionId));
    }

    /** An open connection (handshake completed, socket not closed): what {@code @connections} may address. */
    Optional<Connection> open(String connectionId) {
        return get(connectionId).filter(c -> c.state() == Connection.State.OPEN);
    }

    void remove(String connectionId) {
        connections.remove(connectionId);
    }

    Collection<Connection> all() {
        return connections.values();
    }
}
