package dev.chatline.relay;

import dev.chatline.cells.CellRouter;
import dev.chatline.groups.GroupSlots;

/**
 * The group home's side of {@link GroupSlots}: a user served by another cell (per the directory) is counted there,
 * through that cell's {@code cellCall} ({@link GroupSlotCall}); a refusal comes back as the
 * {@code TOO_MANY_GROUPS} the user's cell threw, a failed call as an exception (the caller's change fails).
 */
public final class CellGroupSlots implements GroupSlots {
    private final CellRouter router;
    private final CellCalls calls;

    public CellGroupSlots(CellRouter router, CellCalls calls) {
        this.router = router;
        this.calls = calls;
    }

    @Override
    public boolean remote(String userId) {
        return router.remoteHomeOf(userId).isPresent();
    }

    @Override
    public void reserve(String userId, String groupId, String groupName) {
        call(userId, GroupSlotCall.reserve(userId, groupId, groupName));
    }

    @Override
    public void release(String userId, String groupId) {
        call(userId, GroupSlotCall.release(userId, groupId));
    }

    private void call(String userId, GroupSlotCall request) {
        String cell = router.remoteHomeOf(userId).orElseThrow(() -> new IllegalStateException(
                "user '" + userId + "' is not served by another cell"));
        CellQuery.Answer.fromJson(calls.call(cell, request.toJson())).resultOrThrow(Boolean.class);
    }
}
