package dev.chatline.connection;

import dev.chatline.auth.Identity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
    private final DeviceAccountStore devices;
    private final ConnectionListener listener;
    private final Duration ttl;
    private final Clock clock;

    public ConnectionService(ConnectionStore connections, DeviceAccountStore devices, ConnectionListener listener,
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
        return connect(connectionId, identity, connectedAt, Optional.empty()).orElseThrow(() ->
                new IllegalStateException("a device on its user's signed list connects only with a proof"));
    }

    /**
     * {@code $connect} of a device that may be on its user's signed list: registers the device first, which for a
     * listed device succeeds only with {@code proof} by the listed key (a new one: {@link DeviceAccountStore#register(
     * Identity, Optional)}); only then writes the connection row and announces the user.
     *
     * @return empty, having written nothing, when the device is listed and {@code proof} does not prove it
     */
    public Optional<ConnectionRecord> connect(String connectionId, Identity identity, long connectedAt,
                                              Optional<ProvenKey> proof) {
        if (!devices.register(identity, proof)) {
            return Optional.empty();
        }
        return Optional.of(open(connectionId, identity, connectedAt > 0 ? connectedAt : clock.millis()));
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
