package dev.chatline.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.auth.DeviceRef;
import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.ServerFrame;

/**
 * The messaging frames as records of the protocol: {@code message}, history entries, the {@code ack} of a send.
 * The {@code message} frame is also handed out as a JSON tree, the form fan-out jobs carry it in.
 */
public final class MessageFrames {
    private MessageFrames() {
    }

    /**
     * A stored message as {@code device} (or null for none) sees it: its own
     * {@code envelope} when the message has envelopes; {@code status} (or null) for the caller's own messages in
     * history.
     */
    public static ChatFrames.StoredMessage stored(StoredMessage m, DeviceRef device, String status) {
        ChatFrames.OwnEnvelope envelope = device == null ? null : m.envelopeFor(device)
                .map(MessageFrames::envelope).orElse(null);
        return ChatFrames.StoredMessage.of(m.messageId(), m.chatId(), m.seq(),
                new ServerFrame.DeviceRef(m.senderUserId(), m.senderDeviceId()), m.body(), m.contentType(), m.serverTs(),
                envelope, status);
    }

    /** The {@code message} frame without an envelope (the form fan-out jobs carry), as a JSON tree. */
    public static ObjectNode message(StoredMessage m) {
        return ProtocolJson.tree(ChatFrames.Message.of(stored(m, null, null)), null);
    }

    /** The {@code message} frame for one device: with its own {@code envelope} when the message has envelopes. */
    public static ObjectNode message(StoredMessage m, DeviceRef device) {
        return ProtocolJson.tree(ChatFrames.Message.of(stored(m, device, null)), null);
    }

    /** Adds {@code "envelope":{"type","body"}} to a message frame carried as JSON (a fan-out job's). */
    public static ObjectNode withEnvelope(ObjectNode frame, Envelope.Payload envelope) {
        frame.set("envelope", Json.MAPPER.valueToTree(envelope(envelope)));
        return frame;
    }

    /** A message inside a {@code history} reply for the caller's device; {@code status} for its own messages. */
    public static ChatFrames.StoredMessage historyEntry(StoredMessage m, String status, DeviceRef device) {
        return stored(m, device, status);
    }

    /** {@code "chatId"}, and {@code "groupId"} when the chat is a group. */
    public static void putChat(ObjectNode n, String chatId) {
        n.put("chatId", chatId);
        ChatIds.groupIdOf(chatId).ifPresent(g -> n.put("groupId", g));
    }

    private static ChatFrames.OwnEnvelope envelope(Envelope.Payload p) {
        return new ChatFrames.OwnEnvelope(p.type(), p.body());
    }
}
