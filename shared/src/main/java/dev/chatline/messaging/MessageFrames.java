package dev.chatline.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.Json;

/** Builds the server frames of messaging: {@code message}, the {@code ack} of a send, history entries. */
public final class MessageFrames {
    private MessageFrames() {
    }

    /** {@code {"type":"message","messageId","chatId","seq","from":{"userId","deviceId"},"body","contentType"?,"serverTs"}}. */
    public static ObjectNode message(StoredMessage m) {
        ObjectNode n = Json.object();
        n.put("type", "message");
        putMessageFields(n, m);
        return n;
    }

    /** A message object inside a {@code history} reply; {@code status} only for the caller's own messages. */
    public static ObjectNode historyEntry(StoredMessage m, String status) {
        ObjectNode n = Json.object();
        putMessageFields(n, m);
        if (status != null) {
            n.put("status", status);
        }
        return n;
    }

    /** {@code {"type":"ack","requestId"?,"clientMsgId","messageId","chatId","seq","serverTs"}}. */
    public static String ack(String requestId, String clientMsgId, IdempotencyStore.Entry e) {
        ObjectNode n = Json.object();
        n.put("type", "ack");
        if (requestId != null) {
            n.put("requestId", requestId);
        }
        n.put("clientMsgId", clientMsgId);
        n.put("messageId", e.messageId());
        putChat(n, e.chatId());
        n.put("seq", e.seq());
        n.put("serverTs", e.serverTs());
        return Json.write(n);
    }

    /** {@code "chatId"}, and {@code "groupId"} when the chat is a group. */
    public static void putChat(ObjectNode n, String chatId) {
        n.put("chatId", chatId);
        ChatIds.groupIdOf(chatId).ifPresent(g -> n.put("groupId", g));
    }

    private static void putMessageFields(ObjectNode n, StoredMessage m) {
        n.put("messageId", m.messageId());
        putChat(n, m.chatId());
        n.put("seq", m.seq());
        ObjectNode from = n.putObject("from");
        from.put("userId", m.senderUserId());
        from.put("deviceId", m.senderDeviceId());
        n.put("body", m.body());
        if (m.contentType() != null) {
            n.put("contentType", m.contentType());
        }
        n.put("serverTs", m.serverTs());
    }
}
