package dev.chatline.groups;

import dev.chatline.presence.PresenceStore;

/**
 * The stores a {@link GroupService} reads and writes: groups, members, the users' side of groups (counts,
 * invitations, operation records) and the presence rows that hold who may add a user.
 */
public record GroupStores(GroupStore groups, GroupMemberStore members, GroupUserStore users, PresenceStore presence) {
}
