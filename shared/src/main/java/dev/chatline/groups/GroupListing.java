package dev.chatline.groups;

import dev.chatline.groups.GroupMemberStore.Member;
import dev.chatline.groups.GroupUserStore.Slot;
import dev.chatline.messaging.ChatIds;
import dev.chatline.protocol.MembershipFrames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One page of {@code groupList}: the user's member rows in this cell (the groups homed here), merged in group id
 * order, in a cell, with its slot rows ({@code g#<groupId>} in {@code group-users}, {@link GroupSlots}): the groups
 * of other cells it joined, written with the reservation before the home's membership transaction and deleted with
 * the release. So a list costs one query more in a cell (no call to other cells), none in a single cell.
 *
 * <p>A group of another cell is listed with its name and the role {@code member} as of the join (its current role
 * is in its {@code groupInfo}); after a crash between a reservation and its membership it is listed, like it is
 * counted, until the accept is retried or reconciled. Paging: each source returns at most {@code limit} rows after
 * the cursor; rows past the smaller last row of a source that has more wait for the next page, so no group is
 * skipped.
 */
final class GroupListing {
    private static final String MEMBER_ROLE = GroupMemberStore.Role.MEMBER.wire();

    private final GroupMemberStore members;
    private final Optional<GroupUserStore> slots;

    /** @param slots the slot rows of groups of other cells (empty in a single cell: nothing more is read) */
    GroupListing(GroupMemberStore members, Optional<GroupUserStore> slots) {
        this.members = members;
        this.slots = slots;
    }

    MembershipFrames.GroupList page(String userId, Optional<String> cursor, int limit) {
        Optional<String> after = cursor.map(GroupFrames::decodeCursor);
        GroupMemberStore.Page local = members.groupsPage(userId, after, limit);
        if (slots.isEmpty()) {
            return GroupFrames.list(local);
        }
        GroupUserStore.SlotPage remote = slots.get().slotsPage(userId, after, limit);
        Optional<String> bound = min(local.lastGroupId(), remote.lastGroupId());
        List<MembershipFrames.GroupList.Entry> all = new ArrayList<>();
        for (Member m : local.memberships()) {
            all.add(new MembershipFrames.GroupList.Entry(m.groupId(), ChatIds.group(m.groupId()), m.groupName(),
                    m.role().wire()));
        }
        for (Slot s : remote.slots()) {
            all.add(new MembershipFrames.GroupList.Entry(s.groupId(), ChatIds.group(s.groupId()), s.groupName(),
                    MEMBER_ROLE));
        }
        List<MembershipFrames.GroupList.Entry> candidates = all.stream()
                .filter(e -> bound.isEmpty() || e.groupId().compareTo(bound.get()) <= 0)
                .sorted(Comparator.comparing(MembershipFrames.GroupList.Entry::groupId)).toList();
        List<MembershipFrames.GroupList.Entry> page = candidates.subList(0, Math.min(limit, candidates.size()));
        Optional<String> next = candidates.size() > limit ? Optional.of(page.get(page.size() - 1).groupId()) : bound;
        return new MembershipFrames.GroupList(List.copyOf(page), next.map(GroupFrames::cursor).orElse(null),
                next.isPresent());
    }

    private static Optional<String> min(Optional<String> a, Optional<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isPresent() ? a : b;
        }
        return Optional.of(a.get().compareTo(b.get()) <= 0 ? a.get() : b.get());
    }
}
