package dev.chatline.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.DeviceRef;
import dev.chatline.protocol.Json;

/** Builds the server frames of messaging: {@code message}, the {@code ack} of a send, history entries. */
public final class MessageFrames {
    private MessageFrames() {
    }

    /**
     * {@code {"type":"message","messageId","chatId","seq","from":{"userId","deviceId"},"body","contentType"?,"serverTs"}},
     * without {@code body} for a message with envelopes (the device's own envelope is added per device).
     */
    public static ObjectNode message(StoredMessage m) {
        ObjectNode n = Json.object();
        n.put("type", "message");
        putMessageFields(n, m);
        return n;
    }

    /** The {@code message} frame for one device: with its own {@code envelope} when the message has envelopes. */
    public static ObjectNode message(StoredMessage m, DeviceRef device) {
        ObjectNode n = message(m);
        m.envelopeFor(device).ifPresent(e -> withEnvelope(n, e));
        return n;
    }

    /** Adds {@code "envelope":{"type","body"}} to a message frame (or history entry). */
    public static ObjectNode withEnvelope(ObjectNode frame, Envelope.Payload envelope) {
        ObjectNode e = frame.putObject("envelope");
        e.put("type", envelope.type());
        e.put("body", envelope.body());
        return frame;
    }

    /**
     * A message object inside a {@code history} reply for the caller's device (only its own
     * envelope); {@code status} only for the caller's own messages.
     */
    public static ObjectNode historyEntry(StoredMessage m, String status, DeviceRef device) {
        ObjectNode n = Json.object();
        putMessageFields(n, m);
        m.envelopeFor(device).ifPresent(e -> withEnvelope(n, e));
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
        if (m.body() != null) {
            n.put("body", m.body());
        }
        if (m.contentType() != null) {
            n.put("contentType", m.contentType());
        }
        n.put("serverTs", m.serverTs());
    }
}
