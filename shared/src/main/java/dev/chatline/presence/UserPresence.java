package dev.chatline.presence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.Json;

/**
 * What other users see of a user: online, or offline with last seen (epoch ms) when known and visible.
 * A user whose visibility is {@code nobody} always appears as {@code online:false} without last seen.
 */
public record UserPresence(String userId, boolean online, Long lastSeen) {

    /** The view others get of {@code record}, given whether the user has a live connection. */
    public static UserPresence seenByOthers(PresenceRecord record, boolean live) {
        if (record.visibility() == LastSeenVisibility.NOBODY) {
            return new UserPresence(record.userId(), false, null);
        }
        return new UserPresence(record.userId(), live, live ? null : record.lastActiveAt());
    }

    ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("userId", userId);
        n.put("online", online);
        if (lastSeen != null) {
            n.put("lastSeen", lastSeen);
        }
        return n;
    }
}
