package dev.chatline.messaging;

/** The key of a message row: its chat and its seq in that chat. */
public record MessageRef(String chatId, long seq) {

    /** {@code chatId#seq}: the key of the message's receipt rows. */
    public String key() {
        return chatId + "#" + seq;
    }

    /** The ref of a {@link #key()}. */
    public static MessageRef parseKey(String key) {
        int sep = key.lastIndexOf('#');
        return new MessageRef(key.substring(0, sep), Long.parseLong(key.substring(sep + 1)));
    }
}
