package dev.chatline.devices;

import dev.chatline.auth.DeviceRef;
import dev.chatline.connection.ConnectionRecord;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.inbox.InboxStore;
import dev.chatline.keys.DeviceKeysStore;
import dev.chatline.keys.SingleUseEcPreKeyStore;
import dev.chatline.keys.SingleUseKemPreKeyStore;
import dev.chatline.push.PushTokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what an unlinked device leaves (after the list that drops it is stored): its keys and one-time prekeys,
 * its push token and its pending inbox, then tells its live connections ({@code unlinked}) and closes them.
 * Best effort after the commit: whatever a crash leaves is unreachable, since no bundle, inbox row, push or route is
 * given to a device the list does not name, and inbox rows expire.
 */
public final class DeviceRemoval {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRemoval.class);

    private final DeviceKeysStore keys;
    private final SingleUseEcPreKeyStore ecPreKeys;
    private final SingleUseKemPreKeyStore kemPreKeys;
    private final PushTokenStore pushTokens;
    private final InboxStore inbox;
    private final ConnectionStore connections;
    private final ConnectionSender sender;

    public DeviceRemoval(DeviceKeysStore keys, SingleUseEcPreKeyStore ecPreKeys, SingleUseKemPreKeyStore kemPreKeys,
                         PushTokenStore pushTokens, InboxStore inbox, ConnectionStore connections,
                         ConnectionSender sender) {
        this.keys = keys;
        this.ecPreKeys = ecPreKeys;
        this.kemPreKeys = kemPreKeys;
        this.pushTokens = pushTokens;
        this.inbox = inbox;
        this.connections = connections;
        this.sender = sender;
    }

    public void remove(String userId, String deviceId, String unlinkedFrame) {
        DeviceRef device = new DeviceRef(userId, deviceId);
        keys.delete(userId, deviceId);
        ecPreKeys.deleteAll(device);
        kemPreKeys.deleteAll(device);
        pushTokens.delete(userId, deviceId);
        int pending = inbox.deleteAll(device);
        for (ConnectionRecord c : connections.liveConnections(userId, deviceId)) {
            sender.post(c.connectionId(), unlinkedFrame);
            sender.close(c.connectionId());
        }
        LOG.info("device unlinked: keys, push token and {} pending rows deleted", pending);
    }

    /** Posts a frame to the device's live connections (a {@code linked} frame to a newly linked device). */
    public void tell(String userId, String deviceId, String frame) {
        connections.liveConnections(userId, deviceId).forEach(c -> sender.post(c.connectionId(), frame));
    }
}
