package dev.chatline.connection;

import dev.chatline.protocol.Identity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection lifecycle: {@code $connect}, {@code heartbeat}, {@code $disconnect}.
 *
 * <p>A connection row lives {@code ttl} (default 3 minutes) after its last connect or heartbeat; clients send
 * {@code heartbeat} every 60 s, so one or two lost heartbeats do not make a device look offline, while a device
 * that vanished without {@code $disconnect} (which is best-effort) stops counting as online within {@code ttl}.
 * "First live" / "none left" decisions read the GSI {@code byUser}, which is eventually consistent: two devices
 * connecting at the same instant may both announce "online" (harmless), and a connect racing the last disconnect
 * may announce "offline" until the next heartbeat or subscription refresh.
 */
public final class ConnectionService {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionService.class);

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

    /** {@code $connect}: writes the connection row, registers the device, announces the user if newly online. */
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

    /**
     * {@code heartbeat}: extends the connection's life. A row that expired or vanished meanwhile (the socket is
     * evidently still open) is written again from the authorizer identity.
     *
     * @param connectedAt epoch ms, from the event's request context
     * @return the server time (epoch ms)
     */
    public long heartbeat(String connectionId, Identity identity, long connectedAt) {
        Instant now = clock.instant();
        if (connections.refresh(connectionId, expiryFrom(now))) {
            listener.active(identity);
        } else {
            LOG.info("heartbeat revived an expired connection row");
            open(connectionId, identity, connectedAt > 0 ? connectedAt : now.toEpochMilli());
        }
        return now.toEpochMilli();
    }

    /** {@code $disconnect} (best effort): deletes the row and announces the user offline if it was the last one. */
    public void disconnect(String connectionId, Identity identity) {
        connections.delete(connectionId);
        listener.disconnected(identity, othersLive(connectionId, identity).isEmpty());
    }

    private ConnectionRecord open(String connectionId, Identity identity, long connectedAt) {
        boolean firstLive = othersLive(connectionId, identity).isEmpty();
        ConnectionRecord record = new ConnectionRecord(connectionId, identity.userId(), identity.deviceId(),
                connectedAt, expiryFrom(clock.instant()));
        connections.put(record);
        listener.connected(record, firstLive);
        return record;
    }

    private List<ConnectionRecord> othersLive(String connectionId, Identity identity) {
        return connections.liveConnections(identity.userId()).stream()
                .filter(c -> !c.connectionId().equals(connectionId)).toList();
    }

    private long expiryFrom(Instant now) {
        return now.plus(ttl).getEpochSecond();
    }
}
