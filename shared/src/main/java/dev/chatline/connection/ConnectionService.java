package dev.chatline.connection;

import dev.chatline.protocol.Identity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Connection lifecycle: {@code $connect} and {@code $disconnect}.
 *
 * <p>Invariant: a connection row is written once, at {@code $connect}, and expires {@code ttl} after the
 * connection's {@code connectedAt} (default: API Gateway's 2-hour maximum connection duration plus a minute), so
 * it never outlives the socket by more than the slack. {@code heartbeat} frames never reach this service (API
 * Gateway answers them itself). The row goes away earlier on {@code $disconnect} (best effort) or on the first
 * post to the connection that gets 410 Gone; when both are lost, the device counts as online until the row
 * expires. "First live" / "none left" decisions read the GSI {@code byUser}, which is eventually consistent: two
 * devices connecting at the same instant may both announce "online" (harmless), and a connect racing the last
 * disconnect may announce "offline" until the next subscription refresh.
 */
public final class ConnectionService {
    private final ConnectionStore connections;
    private final DeviceStore devices;
    private final ConnectionListener listener;
    private final Duration ttl;
    private final Clock clock;

    public ConnectionService(ConnectionStore connections, DeviceStore devices, ConnectionListener listener,
                             Duration ttl, Clock clock) {
        this.connections = connections;
        this.devices = devices;
        this.listener = listener;
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * {@code $connect}: writes the connection row (expiring {@code ttl} after connect), registers the device,
     * announces the user if newly online.
     */
    public ConnectionRecord connect(String connectionId, Identity identity) {
        return connect(connectionId, identity, clock.millis());
    }

    /**
     * @param connectedAt epoch ms: API Gateway's {@code requestContext.connectedAt}, the value every later event of
     *                    the connection carries (the server clock when absent)
     */
    public ConnectionRecord connect(String connectionId, Identity identity, long connectedAt) {
        ConnectionRecord record = open(connectionId, identity, connectedAt > 0 ? connectedAt : clock.millis());
        devices.register(identity);
        return record;
    }

    /** {@code $disconnect} (best effort): deletes the row and announces the user offline if it was the last one. */
    public void disconnect(String connectionId, Identity identity) {
        connections.delete(connectionId);
        listener.disconnected(identity, othersLive(connectionId, identity).isEmpty());
    }

    private ConnectionRecord open(String connectionId, Identity identity, long connectedAt) {
        boolean firstLive = othersLive(connectionId, identity).isEmpty();
        ConnectionRecord record = new ConnectionRecord(connectionId, identity.userId(), identity.deviceId(),
                connectedAt, expiryAfter(connectedAt));
        connections.put(record);
        listener.connected(record, firstLive);
        return record;
    }

    private List<ConnectionRecord> othersLive(String connectionId, Identity identity) {
        return connections.liveConnections(identity.userId()).stream()
                .filter(c -> !c.connectionId().equals(connectionId)).toList();
    }

    /** Epoch seconds (the table's TTL attribute), rounded up so a row never expires before the socket. */
    private long expiryAfter(long connectedAtMillis) {
        return Instant.ofEpochMilli(connectedAtMillis).plus(ttl).plusMillis(999).getEpochSecond();
    }
}
