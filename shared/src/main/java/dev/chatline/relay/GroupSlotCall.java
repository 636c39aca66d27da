package dev.chatline.relay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.protocol.Json;

/**
 * The JSON of a {@code cellCall} invocation of kind {@value #KIND}: a group's home asks the cell of one of its
 * members to {@value #RESERVE} or {@value #RELEASE} the member's group slot for the group ({@code GroupSlots}), so
 * the per-user group cap is counted in one place, the user's own cell; or the member's cell asks the group's home
 * whether the user is a {@value #MEMBER} ({@link GroupSlotReconciliation}). Answered as a {@link CellQuery.Answer}
 * ({@code true}/{@code false}, or the refusal {@code TOO_MANY_GROUPS}).
 */
record GroupSlotCall(String kind, String op, String userId, String groupId, String groupName) {
    static final String KIND = "groupSlot";
    static final String RESERVE = "reserve";
    static final String RELEASE = "release";
    static final String MEMBER = "member";

    static GroupSlotCall reserve(String userId, String groupId, String groupName) {
        return new GroupSlotCall(KIND, RESERVE, userId, groupId, groupName);
    }

    static GroupSlotCall release(String userId, String groupId) {
        return new GroupSlotCall(KIND, RELEASE, userId, groupId, null);
    }

    static GroupSlotCall member(String userId, String groupId) {
        return new GroupSlotCall(KIND, MEMBER, userId, groupId, null);
    }

    /** Whether the JSON of a call is of this kind. */
    static boolean isSlotCall(JsonNode request) {
        return KIND.equals(request.path("kind").asText());
    }

    boolean isReserve() {
        return RESERVE.equals(op);
    }

    String toJson() {
        return Json.write(this);
    }

    static GroupSlotCall fromJson(JsonNode json) {
        GroupSlotCall c = Json.MAPPER.convertValue(json, GroupSlotCall.class);
        boolean complete = c.userId() != null && c.groupId() != null
                && (RELEASE.equals(c.op()) || MEMBER.equals(c.op()) || RESERVE.equals(c.op()) && c.groupName() != null);
        if (!complete) {
            throw new IllegalArgumentException("incomplete groupSlot call");
        }
        return c;
    }
}
