package dev.chatline.presence;

import java.util.Collection;
import java.util.Set;

/**
 * Who may see a user's presence: only users who share a direct chat with them (the {@code contacts} table). A port,
 * so that presence does not depend on the contacts package (which depends on messaging).
 */
@FunctionalInterface
public interface PresenceContacts {
    /** Which of {@code others} are contacts of {@code userId} (at most 100 at a time; one read). */
    Set<String> contactsAmong(String userId, Collection<String> others);
}
