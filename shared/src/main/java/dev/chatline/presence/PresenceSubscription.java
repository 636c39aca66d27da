package dev.chatline.presence;

/**
 * A connection's interest in a user's presence.
 *
 * @param expiresAt epoch seconds
 */
public record PresenceSubscription(String targetUserId, String connectionId, String subscriberUserId,
                                   long expiresAt) {
}
