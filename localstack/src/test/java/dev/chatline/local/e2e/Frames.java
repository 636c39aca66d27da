package dev.chatline.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds client frames the way an app does (docs/protocol.md) and parses server frames with the product's Jackson. */
public final class Frames {
    private Frames() {
    }

    public static ObjectNode sendMessage(String clientMsgId, String to, String body) {
        ObjectNode f = action("sendMessage");
        f.put("clientMsgId", clientMsgId);
        f.put("to", to);
        f.put("body", body);
        f.put("contentType", "text/plain");
        return f;
    }

    public static ObjectNode sendToGroup(String clientMsgId, String groupId, String body) {
        ObjectNode f = action("sendMessage");
        f.put("clientMsgId", clientMsgId);
        f.put("groupId", groupId);
        f.put("body", body);
        return f;
    }

    public static ObjectNode groupCreate(String name, List<String> userIds) {
        ObjectNode f = action("groupCreate");
        f.put("name", name);
        userIds.forEach(f.putArray("userIds")::add);
        return f;
    }

    /** {@code groupAdd} (userIds), {@code groupRemove} / {@code groupAdmin} (one userId) or {@code groupLeave}. */
    public static ObjectNode groupChange(String action, String groupId, List<String> userIds) {
        ObjectNode f = action(action);
        f.put("groupId", groupId);
        if ("groupAdd".equals(action)) {
            userIds.forEach(f.putArray("userIds")::add);
        } else if (!userIds.isEmpty()) {
            f.put("userId", userIds.get(0));
        }
        return f;
    }

    public static ObjectNode receipt(String chatId, String status, List<String> messageIds) {
        ObjectNode f = action("receipt");
        f.put("chatId", chatId);
        messageIds.forEach(f.putArray("messageIds")::add);
        f.put("status", status);
        return f;
    }

    public static ObjectNode sync(String cursor) {
        ObjectNode f = action("sync");
        if (cursor != null) {
            f.put("cursor", cursor);
        }
        return f;
    }

    public static ObjectNode history(String chatId, Long beforeSeq, Integer limit) {
        ObjectNode f = action("history");
        f.put("chatId", chatId);
        if (beforeSeq != null) {
            f.put("beforeSeq", beforeSeq);
        }
        if (limit != null) {
            f.put("limit", limit);
        }
        return f;
    }

    public static ObjectNode action(String action) {
        ObjectNode f = Json.object();
        f.put("action", action);
        return f;
    }

    public static String newClientMsgId() {
        return UUID.randomUUID().toString();
    }

    /** The direct chat id: both user ids in ASCII order. */
    public static String directChat(String a, String b) {
        return a.compareTo(b) < 0 ? "d:" + a + ":" + b : "d:" + b + ":" + a;
    }

    public static JsonNode parse(String frame) {
        return Json.read(frame);
    }

    public static boolean isType(JsonNode frame, String type) {
        return type.equals(frame.path("type").asText());
    }

    public static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
