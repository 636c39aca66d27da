package dev.chatline.groups;

import dev.chatline.auth.Identity;
import dev.chatline.groups.GroupMemberStore.Member;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.MembershipFrames;
import dev.chatline.protocol.ProtocolException;
import java.util.List;
import java.util.Optional;

/**
 * The read-only group routes: a group's info (for its members) and the caller's groups. They need the two group
 * stores only, so the functions answering them ({@code groupInfo}, {@code groupList}) are built with these and
 * given read access to those two tables (and, for the groups of other cells, {@code group-users}), nothing else; {@link GroupService} answers its changes with the same info.
 */
public final class GroupQueries {
    private final GroupStore groups;
    private final GroupMemberStore members;
    private final GroupListing listing;

    /**
     * @param otherCellsGroups in a cell, the slot rows listing the caller's groups of other cells ({@link
     *        GroupListing}; {@code group-users} read); empty in a single cell
     */
    public GroupQueries(GroupStore groups, GroupMemberStore members, Optional<GroupUserStore> otherCellsGroups) {
        this.groups = groups;
        this.members = members;
        this.listing = new GroupListing(members, otherCellsGroups);
    }

    /** The group and its members, for a member. */
    public MembershipFrames.GroupInfo info(Identity caller, String groupId) {
        return info(caller, groupId, 0);
    }

    /** One page of the caller's groups, after {@code cursor} (the previous page's). */
    public MembershipFrames.GroupList list(Identity caller, Optional<String> cursor, int limit) {
        return listing.page(caller.userId(), cursor, limit);
    }

    /** The info after the change of {@code seq} (0: none); a caller who just left sees that it left. */
    MembershipFrames.GroupInfo info(Identity caller, String groupId, long seq) {
        List<Member> current = members.members(groupId);
        if (find(current, caller.userId()).isEmpty()) {
            if (seq > 0) { // the caller just left: it may still see the outcome
                return GroupFrames.left(groupId, seq);
            }
            throw notMember();
        }
        GroupStore.Group group = groups.get(groupId).orElseThrow(GroupQueries::notMember);
        return GroupFrames.info(group, current, seq, List.of());
    }

    static Optional<Member> find(List<Member> current, String userId) {
        return current.stream().filter(m -> m.userId().equals(userId)).findFirst();
    }

    static ProtocolException notMember() {
        return new ProtocolException(ErrorCode.FORBIDDEN, "not a member of this group");
    }
}
