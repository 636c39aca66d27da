package dev.chatline.relay;

import dev.chatline.cells.CellRouter;
import dev.chatline.groups.GroupUserStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Repairs the over-count a crash between a group slot's reservation and its membership (or between a leave and its
 * release) leaves in a user's cell: for each slot of the user reserved at least {@code minAge} ago, asks the group's
 * home whether the user is a member ({@link GroupSlotCall#MEMBER}) and releases the slot if not. Afterwards the
 * user's count is its member rows here plus its slots again. {@code minAge} (far above an accept's duration) keeps it
 * from releasing the slot of an accept still in flight, which would under-count. Run per user on demand (no
 * schedule is built); a slot whose home is not a configured peer is left alone.
 */
public final class GroupSlotReconciliation {
    private static final int PAGE = 100;

    private final GroupUserStore users;
    private final CellRouter router;
    private final CellCalls calls;
    private final Clock clock;
    private final Duration minAge;

    public GroupSlotReconciliation(GroupUserStore users, CellRouter router, CellCalls calls, Clock clock,
                                   Duration minAge) {
        this.users = users;
        this.router = router;
        this.calls = calls;
        this.clock = clock;
        this.minAge = minAge;
    }

    /** @return how many of the user's slots were released */
    public int reconcile(String userId) {
        long reservedBefore = clock.millis() - minAge.toMillis();
        int released = 0;
        Optional<String> after = Optional.empty();
        do {
            GroupUserStore.SlotPage page = users.slotsPage(userId, after, PAGE);
            for (GroupUserStore.Slot slot : page.slots()) {
                if (slot.createdAt() <= reservedBefore && !member(userId, slot.groupId())) {
                    users.releaseSlot(userId, slot.groupId());
                    released++;
                }
            }
            after = page.lastGroupId();
        } while (after.isPresent());
        return released;
    }

    private boolean member(String userId, String groupId) {
        Optional<String> home = router.remoteGroupHome(groupId);
        return home.isEmpty() || CellQuery.Answer.fromJson(calls.call(home.get(),
                GroupSlotCall.member(userId, groupId).toJson())).resultOrThrow(Boolean.class);
    }
}
