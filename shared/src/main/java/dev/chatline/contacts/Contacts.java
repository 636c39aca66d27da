package dev.chatline.contacts;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A user's contacts: the users who share a chat with them (direct-chat peers from the {@link ContactStore}; group
 * co-members join this set once groups exist). Used to tell them about a changed identity key.
 */
@FunctionalInterface
public interface Contacts {
    /** @return the other users (never {@code userId} itself), without duplicates */
    Set<String> of(String userId);

    /** Direct-chat peers only. */
    static Contacts direct(ContactStore store) {
        return userId -> without(userId, store.contactsOf(userId));
    }

    private static Set<String> without(String userId, List<String> users) {
        Set<String> out = new LinkedHashSet<>(users);
        out.remove(userId);
        return out;
    }
}
