package dev.chatline.client;

import dev.chatline.protocol.Acks;

/** The server's {@code ack} (✓ sent): the message is stored and queued for every device. */
public record SentMessage(String clientMsgId, String messageId, String chatId, long seq, long serverTs) {
    /** The ack of the {@code sendMessage} with {@code clientMsgId}. */
    static SentMessage of(String clientMsgId, Acks.SendMessageAck ack) {
        return new SentMessage(clientMsgId, ack.messageId(), ack.chatId(), ack.seq(), ack.serverTs());
    }
}
