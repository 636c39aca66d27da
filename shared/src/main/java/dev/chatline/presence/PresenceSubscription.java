package dev.chatline.presence;

/**
 * A user's interest in another user's presence: one per (target, subscriber) pair, whichever of the subscriber's
 * connections asked, renewed by asking again.
 *
 * @param expiresAt epoch seconds
 */
public record PresenceSubscription(String targetUserId, String subscriberUserId, long expiresAt) {
}
