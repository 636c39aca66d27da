package dev.chatline.groups;

/**
 * Where the per-user group cap of a user is counted: always in the user's own cell. A group's home counts its own
 * users in its {@code group-users} ledger inside the membership transaction; for a member served by another cell
 * (cells, docs/architecture.md) it asks that cell instead: {@link #reserve} before the membership transaction of an
 * accept, {@link #release} if that transaction fails and after a leave or removal. Both are idempotent per
 * (user, group) ({@link GroupUserStore#reserveSlot}), so retries never count twice.
 *
 * <p>A crash between a reservation and the membership transaction (or between a leave and its release) leaves the
 * user counted once too many until the user retries the same accept (the slot is already held: nothing more is
 * counted) or the reconciliation releases the slot rows whose group no longer has the user as a member.
 */
public interface GroupSlots {
    /** A single cell: every user is counted in the home's own transactions. */
    GroupSlots NONE = new GroupSlots() {
        @Override
        public boolean remote(String userId) {
            return false;
        }

        @Override
        public void reserve(String userId, String groupId, String groupName) {
            throw new IllegalStateException("no user is served by another cell");
        }

        @Override
        public void release(String userId, String groupId) {
            throw new IllegalStateException("no user is served by another cell");
        }
    };

    /** Whether the user's group count lives in another cell (never in a single cell). */
    boolean remote(String userId);

    /**
     * Holds one of the user's group slots for {@code groupId} in the user's cell.
     *
     * @throws dev.chatline.protocol.ProtocolException {@code TOO_MANY_GROUPS} when the user is in the cap of groups
     */
    void reserve(String userId, String groupId, String groupName);

    /** Gives the slot of {@code groupId} back (a slot not held is nothing to release). */
    void release(String userId, String groupId);
}
