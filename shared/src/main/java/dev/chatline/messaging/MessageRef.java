package dev.chatline.messaging;

/** The key of a message row: its chat and its seq in that chat. */
public record MessageRef(String chatId, long seq) {

    /** {@code chatId#seq}: the key of the message's receipt rows. */
    public String key() {
        return chatId + "#" + seq;
    }
}
