package dev.chatline.groups;

import java.util.Collection;
import java.util.Set;

/**
 * The contacts behind the {@code contacts} setting of who may add a user to groups: which of {@code userIds} count
 * {@code adder} as their contact (production: those who started a direct chat with the adder, see
 * {@code ContactStore#startedChatsWith}). A port, so that groups need not depend on the contacts package (which
 * depends on groups).
 */
@FunctionalInterface
public interface GroupAddContacts {
    Set<String> usersWithContact(String adder, Collection<String> userIds);
}
