package dev.chatline.presence;

/**
 * A user's stored presence.
 *
 * @param lastActiveAt epoch ms of the last connect or disconnect; null if never active
 */
public record PresenceRecord(String userId, Long lastActiveAt, LastSeenVisibility visibility) {

    public static PresenceRecord unknown(String userId) {
        return new PresenceRecord(userId, null, LastSeenVisibility.EVERYONE);
    }
}
