package dev.chatline.messaging;

/**
 * Told when a chat gets its first message (seq 1), in the send's idempotent tail: a failed tail is re-run by the
 * client's retry, so the listener must be idempotent.
 */
@FunctionalInterface
public interface ChatStartListener {
    ChatStartListener NONE = first -> {
    };

    void chatStarted(StoredMessage first);
}
