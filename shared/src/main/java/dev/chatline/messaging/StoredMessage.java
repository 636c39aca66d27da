package dev.chatline.messaging;

import dev.chatline.auth.DeviceRef;
import java.util.Map;
import java.util.Optional;

/**
 * A message row.
 *
 * @param body the single payload, or null when the message has per-device envelopes
 * @param serverTs epoch ms when the server stored it
 * @param recipientCount recipient users (excluding the sender), fixed at send time (receipt counters live in the
 *                       message's receipt header, not on this row)
 * @param expiresAt epoch seconds (TTL)
 * @param envelopes per-device payloads by device (empty for the body form)
 */
public record StoredMessage(String chatId, long seq, String messageId, String senderUserId, String senderDeviceId,
                            String body, String contentType, long serverTs, int recipientCount, long expiresAt,
                            Map<DeviceRef, Envelope.Payload> envelopes) {

    public StoredMessage {
        envelopes = Map.copyOf(envelopes);
    }

    /** A message with one body for every device. */
    public StoredMessage(String chatId, long seq, String messageId, String senderUserId, String senderDeviceId,
                         String body, String contentType, long serverTs, int recipientCount, long expiresAt) {
        this(chatId, seq, messageId, senderUserId, senderDeviceId, body, contentType, serverTs, recipientCount,
                expiresAt, Map.of());
    }

    public MessageRef ref() {
        return new MessageRef(chatId, seq);
    }

    public boolean hasEnvelopes() {
        return !envelopes.isEmpty();
    }

    /** The envelope for one device, if the message has one for it. */
    public Optional<Envelope.Payload> envelopeFor(DeviceRef device) {
        return Optional.ofNullable(envelopes.get(device));
    }
}
