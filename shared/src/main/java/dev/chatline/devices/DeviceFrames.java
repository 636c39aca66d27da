package dev.chatline.devices;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.connection.DeviceAccount;
import dev.chatline.keys.KeyFrames;
import dev.chatline.protocol.LinkFrames;
import dev.chatline.protocol.ProtocolJson;
import java.util.Base64;
import java.util.List;

/**
 * The server frames of device linking as records of the protocol: {@code deviceList}, {@code linkCode}; and the
 * pushed {@code linked}, {@code unlinked} and {@code devicesChanged}, rendered for posting.
 */
public final class DeviceFrames {
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private DeviceFrames() {
    }

    /**
     * {@code deviceList}: the signed list; for the caller's own user also whether the caller is linked, every device
     * with its name, link and last-seen times, the pending link request the code names, and the caller's
     * provisioning blob.
     */
    public static LinkFrames.DeviceList deviceList(String userId, DeviceAccount account, DeviceView view) {
        LinkFrames.SignedList signed = account.account().map(KeyFrames::signedList).orElse(null);
        if (!view.own()) {
            return new LinkFrames.DeviceList(userId, signed, null, null, null, null);
        }
        List<LinkFrames.DeviceList.Device> devices = account.devices().stream()
                .map(d -> new LinkFrames.DeviceList.Device(d.deviceId(), account.isLinked(d.deviceId()), d.name(),
                        d.linkedAt().isPresent() ? d.linkedAt().getAsLong() : null, d.lastSeenAt()))
                .toList();
        LinkFrames.DeviceList.Pending pending = view.linkCode().flatMap(account::linkRequest)
                .map(DeviceFrames::pending).orElse(null);
        String provision = account.device(view.caller()).filter(d -> d.provision() != null)
                .map(d -> B64.encodeToString(d.provision())).orElse(null);
        return new LinkFrames.DeviceList(userId, signed, account.isLinked(view.caller()), devices, pending,
                provision);
    }

    /** {@code linkCode} (expiresAt in epoch ms). */
    public static LinkFrames.LinkCode linkCode(String code, long expiresAtMillis) {
        return new LinkFrames.LinkCode(code, expiresAtMillis);
    }

    /** Posted to a device the moment a linked device approved it. */
    public static String linked(String userId, String deviceId, long version, byte[] provision) {
        return ProtocolJson.encode(new LinkFrames.Linked(userId, deviceId, version,
                provision == null ? null : B64.encodeToString(provision)));
    }

    /** Posted to an unlinked device's connections before they are closed. */
    public static String unlinked(String userId, String deviceId, long version) {
        return ProtocolJson.encode(new LinkFrames.Unlinked(userId, deviceId, version));
    }

    /** The event contacts and the user's other devices get: the list changed (re-read it before the next send). */
    public static ObjectNode devicesChanged(String userId, long version, boolean accountChanged, long ts) {
        return ProtocolJson.tree(new LinkFrames.DevicesChanged(userId, version, accountChanged, ts), null);
    }

    private static LinkFrames.DeviceList.Pending pending(DeviceAccount.LinkRequest r) {
        return new LinkFrames.DeviceList.Pending(r.code(), r.deviceId(), B64.encodeToString(r.identityKey()),
                r.registrationId(), r.name(), r.expiresAtSeconds() * 1000);
    }
}
