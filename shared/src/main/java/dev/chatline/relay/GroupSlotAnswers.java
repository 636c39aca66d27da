package dev.chatline.relay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.groups.GroupMemberStore;
import dev.chatline.groups.GroupUserStore;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member's cell's side of a {@link GroupSlotCall}: reserves or releases the user's slot in this cell's
 * {@code group-users} ledger, against this cell's cap (the same ledger local joins count in). A full ledger is
 * answered as {@code TOO_MANY_GROUPS}, the error a single cell gives. As a group's home, answers whether a user is
 * a member (strongly consistent), for the reconciliation in the user's cell.
 */
public final class GroupSlotAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(GroupSlotAnswers.class);

    private final GroupUserStore users;
    private final GroupMemberStore members;
    private final int maxGroupsPerUser;

    public GroupSlotAnswers(GroupUserStore users, GroupMemberStore members, int maxGroupsPerUser) {
        this.users = users;
        this.members = members;
        this.maxGroupsPerUser = maxGroupsPerUser;
    }

    /** The answer's JSON. */
    public String answer(JsonNode request) {
        GroupSlotCall call = GroupSlotCall.fromJson(request);
        if (GroupSlotCall.MEMBER.equals(call.op())) {
            return CellQuery.Answer.of(members.get(call.groupId(), call.userId()).isPresent()).toJson();
        }
        if (!call.isReserve()) {
            users.releaseSlot(call.userId(), call.groupId());
            return CellQuery.Answer.of(true).toJson();
        }
        if (users.reserveSlot(call.userId(), call.groupId(), call.groupName(), maxGroupsPerUser)) {
            return CellQuery.Answer.of(true).toJson();
        }
        LOG.info("group slot of {} refused: the cap", call.userId());
        return CellQuery.Answer.of(new ProtocolException(ErrorCode.TOO_MANY_GROUPS, "user '" + call.userId()
                + "' is in the maximum number of groups")).toJson();
    }
}
