package dev.chatline.client;

/** The server's {@code ack} (✓ sent): the message is stored and queued for every device. */
public record SentMessage(String clientMsgId, String messageId, String chatId, long seq, long serverTs) {
}
