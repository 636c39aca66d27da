package dev.chatline.groups;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.messaging.ChatIds;
import dev.chatline.protocol.Json;
import java.util.List;

/** The server frames of groups: {@code groupInfo} (also the reply of every change), {@code groupList}. */
final class GroupFrames {
    private GroupFrames() {
    }

    /**
     * {@code {"type":"groupInfo","requestId"?,"groupId","chatId","name","createdBy","createdAt","memberCount",
     * "members":[{"userId","role","memberSince"}],"seq"?}}; {@code seq} is the change's system message.
     */
    static String info(String requestId, GroupStore.Group g, List<GroupMemberStore.Member> members, long seq) {
        ObjectNode n = head("groupInfo", requestId, g.groupId());
        n.put("name", g.name());
        n.put("createdBy", g.createdBy());
        n.put("createdAt", g.createdAt());
        n.put("memberCount", members.size());
        ArrayNode list = n.putArray("members");
        for (GroupMemberStore.Member m : members) {
            ObjectNode e = list.addObject();
            e.put("userId", m.userId());
            e.put("role", m.role().wire());
            e.put("memberSince", m.memberSince());
        }
        if (seq > 0) {
            n.put("seq", seq);
        }
        return Json.write(n);
    }

    /** The reply to a caller who is no longer a member after its change: {@code groupInfo} with {@code left:true}. */
    static String left(String requestId, String groupId, long seq) {
        ObjectNode n = head("groupInfo", requestId, groupId);
        n.put("left", true);
        n.put("seq", seq);
        return Json.write(n);
    }

    /** {@code {"type":"groupList","requestId"?,"groups":[{"groupId","chatId","name","role"}]}}. */
    static String list(String requestId, List<GroupMemberStore.Member> memberships) {
        ObjectNode n = Json.object();
        n.put("type", "groupList");
        if (requestId != null) {
            n.put("requestId", requestId);
        }
        ArrayNode list = n.putArray("groups");
        for (GroupMemberStore.Member m : memberships) {
            ObjectNode e = list.addObject();
            e.put("groupId", m.groupId());
            e.put("chatId", ChatIds.group(m.groupId()));
            e.put("name", m.groupName());
            e.put("role", m.role().wire());
        }
        return Json.write(n);
    }

    private static ObjectNode head(String type, String requestId, String groupId) {
        ObjectNode n = Json.object();
        n.put("type", type);
        if (requestId != null) {
            n.put("requestId", requestId);
        }
        n.put("groupId", groupId);
        n.put("chatId", ChatIds.group(groupId));
        return n;
    }
}
