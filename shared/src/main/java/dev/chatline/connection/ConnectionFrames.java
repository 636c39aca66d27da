package dev.chatline.connection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.Json;

/** Server frames of the connection feature (documented in docs/protocol.md). */
public final class ConnectionFrames {
    private ConnectionFrames() {
    }

    /** {@code {"type":"ack","requestId"?,"action":"heartbeat","serverTs"}}. */
    public static String heartbeatAck(String requestId, long serverTs) {
        ObjectNode n = Json.object();
        n.put("type", "ack");
        if (requestId != null) {
            n.put("requestId", requestId);
        }
        n.put("action", "heartbeat");
        n.put("serverTs", serverTs);
        return Json.write(n);
    }
}
