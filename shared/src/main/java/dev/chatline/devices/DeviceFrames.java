package dev.chatline.devices;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.connection.DeviceAccount;
import dev.chatline.keys.KeyFrames;
import dev.chatline.protocol.Json;
import java.util.Base64;

/** The server frames of device linking: {@code deviceList}, {@code linkCode}, {@code linked}, {@code unlinked}. */
public final class DeviceFrames {
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private DeviceFrames() {
    }

    /**
     * {@code {"type":"deviceList","userId","deviceList"?,"linked"?,"devices"?,"pending"?,"provision"?}}: the
     * signed list; for the caller's own user also whether the caller is linked, every device with its name, link
     * and last-seen times, the pending link request the code names, and the caller's provisioning blob.
     */
    public static String deviceList(String requestId, String userId, DeviceAccount account, DeviceView view) {
        ObjectNode n = head("deviceList", requestId);
        n.put("userId", userId);
        account.account().ifPresent(a -> n.set("deviceList", KeyFrames.signedList(a)));
        if (view.own()) {
            n.put("linked", account.isLinked(view.caller()));
            ArrayNode devices = n.putArray("devices");
            for (DeviceAccount.Device d : account.devices()) {
                ObjectNode o = devices.addObject();
                o.put("deviceId", d.deviceId());
                o.put("linked", account.isLinked(d.deviceId()));
                if (d.name() != null) {
                    o.put("name", d.name());
                }
                d.linkedAt().ifPresent(t -> o.put("linkedAt", t));
                o.put("lastSeenAt", d.lastSeenAt());
            }
            view.linkCode().flatMap(account::linkRequest).ifPresent(r -> n.set("pending", pending(r)));
            account.device(view.caller()).filter(d -> d.provision() != null)
                    .ifPresent(d -> n.put("provision", B64.encodeToString(d.provision())));
        }
        return Json.write(n);
    }

    /** {@code {"type":"linkCode","requestId"?,"code","expiresAt"}} (expiresAt in epoch ms). */
    public static String linkCode(String requestId, String code, long expiresAtMillis) {
        ObjectNode n = head("linkCode", requestId);
        n.put("code", code);
        n.put("expiresAt", expiresAtMillis);
        return Json.write(n);
    }

    /** Posted to a device the moment a linked device approved it. */
    public static String linked(String userId, String deviceId, long version, byte[] provision) {
        ObjectNode n = head("linked", null);
        n.put("userId", userId);
        n.put("deviceId", deviceId);
        n.put("version", version);
        if (provision != null) {
            n.put("provision", B64.encodeToString(provision));
        }
        return Json.write(n);
    }

    /** Posted to an unlinked device's connections before they are closed. */
    public static String unlinked(String userId, String deviceId, long version) {
        ObjectNode n = head("unlinked", null);
        n.put("userId", userId);
        n.put("deviceId", deviceId);
        n.put("version", version);
        return Json.write(n);
    }

    /** The event contacts and the user's other devices get: the list changed (re-read it before the next send). */
    public static ObjectNode devicesChanged(String userId, long version, boolean accountChanged, long ts) {
        ObjectNode n = head("devicesChanged", null);
        n.put("userId", userId);
        n.put("version", version);
        n.put("accountChanged", accountChanged);
        n.put("ts", ts);
        return n;
    }

    private static ObjectNode pending(DeviceAccount.LinkRequest r) {
        ObjectNode p = Json.object();
        p.put("code", r.code());
        p.put("deviceId", r.deviceId());
        p.put("identityKey", B64.encodeToString(r.identityKey()));
        p.put("registrationId", r.registrationId());
        p.put("name", r.name());
        p.put("expiresAt", r.expiresAtSeconds() * 1000);
        return p;
    }

    private static ObjectNode head(String type, String requestId) {
        ObjectNode n = Json.object();
        n.put("type", type);
        if (requestId != null) {
            n.put("requestId", requestId);
        }
        return n;
    }
}
