package dev.chatline.contacts;

import dev.chatline.groups.GroupMemberStore;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A user's contacts: the users who share a chat with them — direct-chat peers (the {@link ContactStore}) and the
 * current co-members of their groups ({@link GroupMemberStore}). Used to tell them about a changed identity key.
 */
@FunctionalInterface
public interface Contacts {
    /** @return the other users (never {@code userId} itself), without duplicates */
    Set<String> of(String userId);

    /**
     * Direct-chat peers and group co-members: one contacts Query, one Query of the user's groups (GSI, eventually
     * consistent: a group joined a moment ago may be missed) and one member Query per group, 16 at a time (2,000 groups: ~125 rounds, not 2,000).
     */
    static Contacts sharedChats(ContactStore direct, GroupMemberStore groups,
                                dev.chatline.presence.BoundedParallel parallel) {
        return userId -> {
            Set<String> out = new LinkedHashSet<>(direct.contactsOf(userId));
            parallel.map(groups.groupsOf(userId), g -> groups.members(g.groupId()))
                    .forEach(members -> members.forEach(m -> out.add(m.userId())));
            out.remove(userId);
            return out;
        };
    }
}
