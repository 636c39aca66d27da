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
        ObjectNode n = Json.object();
        n.put("type", "ack");
        if (requestId != null) {
            n.put("requestId", requestId);
        }
        n.put("action", "settings");
        n.putObject("settings").put("lastSeen", lastSeen.wire());
        return Json.write(n);
    }
}
