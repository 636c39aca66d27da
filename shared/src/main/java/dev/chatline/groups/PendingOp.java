package dev.chatline.groups;

import java.util.List;

/**
 * A staged change in flight (see {@link StagedChange}): who made it, the users it adds and invites, and once
 * committed the seq of its system message.
 */
public record PendingOp(String groupId, String opKey, String kind, String actorUserId, String actorDeviceId,
                        String groupName, List<String> added, List<String> invited, String state, long seq,
                        long startedAt) {
    static final String STAGING = "staging";
    static final String COMMITTED = "committed";
    static final String ABORTED = "aborted";

    public PendingOp {
        added = List.copyOf(added);
        invited = List.copyOf(invited);
    }

    /** A new operation, staging. */
    public PendingOp(String groupId, String opKey, String kind, String actorUserId, String actorDeviceId,
                     String groupName, List<String> added, List<String> invited, long startedAt) {
        this(groupId, opKey, kind, actorUserId, actorDeviceId, groupName, added, invited, STAGING, 0, startedAt);
    }

    /** The same operation, committed at {@code atSeq}. */
    public PendingOp committedAt(long atSeq) {
        return new PendingOp(groupId, opKey, kind, actorUserId, actorDeviceId, groupName, added, invited,
                COMMITTED, atSeq, startedAt);
    }

    /** Committed at {@link #seq()}: its staged rows are members. */
    public boolean committed() {
        return COMMITTED.equals(state);
    }

    /** Neither committed nor aborted: its owner may still be writing staged rows. */
    public boolean staging() {
        return STAGING.equals(state);
    }
}
