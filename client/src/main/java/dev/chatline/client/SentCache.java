package dev.chatline.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plaintexts of the last {@value #CAPACITY} messages this device sent, by message id, in memory only: what a
 * {@code retryRequest} (another device could not decrypt one of them) is answered with. A request for an older
 * message, or after a restart, cannot be answered (the receiver keeps the failure). Thread-safe.
 */
final class SentCache {
    static final int CAPACITY = 500;

    /** A sent message: to a user ({@code groupId} null) or a group. */
    record Sent(String to, String groupId, Content content, List<String> mediaIds) {
    }

    private final Map<String, Sent> sent = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void put(String messageId, Sent message) {
        sent.put(messageId, message);
    }

    synchronized Optional<Sent> get(String messageId) {
        return Optional.ofNullable(sent.get(messageId));
    }
}
