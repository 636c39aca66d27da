package dev.chatline.presence;

/**
 * What other users see of a user: online, or offline with last seen (epoch ms) when known and visible.
 * A user whose visibility is {@code nobody} always appears as {@code online:false} without last seen.
 */
public record UserPresence(String userId, boolean online, Long lastSeen) {

    /**
     * What a user gets who may not see {@code userId}'s presence (not a contact), and what a hidden, unknown or
     * never seen user looks like: the same answer, so it reveals neither existence nor settings.
     */
    public static UserPresence hidden(String userId) {
        return new UserPresence(userId, false, null);
    }

    /** The view others get of {@code record}, given whether the user has a live connection. */
    public static UserPresence seenByOthers(PresenceRecord record, boolean live) {
        if (record.visibility() == LastSeenVisibility.NOBODY) {
            return hidden(record.userId());
        }
        return new UserPresence(record.userId(), live, live ? null : record.lastActiveAt());
    }
}
