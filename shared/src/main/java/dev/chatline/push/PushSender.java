package dev.chatline.push;

import java.util.List;

/**
 * Sends push notifications through FCM ({@code FirebasePushSender} in the functions). The payload is data only:
 * the chat and message ids, never anything from the message body or the sender's name.
 */
public interface PushSender {
    /** FCM's limit per {@code sendEach} call. */
    int MAX_BATCH = 500;

    /** No FCM configured at all (neither a Firebase secret nor a local endpoint): push is off. */
    PushSender OFF = new PushSender() {
        @Override
        public List<Outcome> sendEach(List<Notification> batch) {
            return java.util.Collections.nCopies(batch.size(), Outcome.FAILED);
        }

        @Override
        public boolean available() {
            return false;
        }
    };

    /** One notification to one device. */
    record Notification(PushPlatform platform, String token, String chatId, String messageId) {
        @Override
        public String toString() {
            return "Notification[" + platform + ", " + chatId + ", " + messageId + "]"; // never the token
        }
    }

    enum Outcome {
        /** FCM accepted it. */
        SENT,
        /** FCM answered UNREGISTERED or INVALID_ARGUMENT: the token is dead. */
        TOKEN_INVALID,
        /** Worth retrying: unavailable, internal, quota exceeded, a network error. */
        TRANSIENT,
        /** Any other error: retrying will not help. */
        FAILED
    }

    /** Sends up to {@value #MAX_BATCH} notifications; the outcomes in the same order. */
    List<Outcome> sendEach(List<Notification> batch);

    /**
     * False while push is off (no FCM key configured): requests are then dropped before anything is read or
     * claimed; the messages wait in the inbox for the next {@code sync}. May read the configuration (cached).
     */
    default boolean available() {
        return true;
    }
}
