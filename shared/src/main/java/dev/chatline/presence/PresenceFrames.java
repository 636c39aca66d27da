package dev.chatline.presence;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.Json;
import java.util.List;

/** Server frames of the presence feature (documented in docs/protocol.md). */
public final class PresenceFrames {
    private PresenceFrames() {
    }

    /** {@code {"type":"presence","requestId"?,"users":[{"userId","online","lastSeen"?}]}}. */
    public static String presence(String requestId, List<UserPresence> users) {
        ObjectNode n = Json.object();
        n.put("type", "presence");
        if (requestId != null) {
            n.put("requestId", requestId);
        }
        ArrayNode array = n.putArray("users");
        users.forEach(u -> array.add(u.toJson()));
        return Json.write(n);
    }

    /** {@code {"type":"ack","requestId"?,"action":"settings","settings":{"lastSeen"}}}. */
    public static String settingsAck(String requestId, LastSeenVisibility lastSeen) {
        return settingsAck(requestId, lastSeen, null);
    }

    /** The {@code settings} ack naming the settings the frame changed (a null one was not in the frame). */
    public static String settingsAck(String requestId, LastSeenVisibility lastSeen, GroupAddPrivacy groupAdd) {
        ObjectNode n = Json.object();
        n.put("type", "ack");
        if (requestId != null) {
            n.put("requestId", requestId);
        }
        n.put("action", "settings");
        ObjectNode settings = n.putObject("settings");
        if (lastSeen != null) {
            settings.put("lastSeen", lastSeen.wire());
        }
        if (groupAdd != null) {
            settings.put("groupAdd", groupAdd.wire());
        }
        return Json.write(n);
    }
}
