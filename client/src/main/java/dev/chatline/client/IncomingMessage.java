package dev.chatline.client;

import dev.chatline.client.session.DeviceAddress;

/** A decrypted message: {@code groupId} is null for a direct chat. */
public record IncomingMessage(String messageId, String chatId, String groupId, long seq, DeviceAddress from,
        Content content, long serverTs) {
}
