package dev.chatline.messaging;

/**
 * A message row.
 *
 * @param serverTs epoch ms when the server stored it
 * @param recipientCount recipient users (excluding the sender), fixed at send time
 * @param deliveredCount recipients whose receipt reached delivered (or read)
 * @param readCount recipients whose receipt reached read
 * @param expiresAt epoch seconds (TTL)
 */
public record StoredMessage(String chatId, long seq, String messageId, String senderUserId, String senderDeviceId,
                            String body, String contentType, long serverTs, int recipientCount,
                            int deliveredCount, int readCount, long expiresAt) {

    public MessageRef ref() {
        return new MessageRef(chatId, seq);
    }
}
