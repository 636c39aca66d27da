package dev.chatline.groups;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.messaging.ChatIds;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The server frames of groups: {@code groupInfo} (also the reply of every change), {@code groupList} (one page),
 * the {@code groupDecline} ack. ({@code groupInvite} is built by {@link InviteNotices}.)
 */
final class GroupFrames {
    private GroupFrames() {
    }

    /**
     * {@code {"type":"groupInfo","requestId"?,"groupId","chatId","name","createdBy","createdAt","memberCount",
     * "members":[{"userId","role","memberSince"}],"seq"?,"invited"?}}; {@code seq} is the change's system message,
     * {@code invited} the users the change invited instead of adding.
     */
    static String info(String requestId, GroupStore.Group g, List<GroupMemberStore.Member> members, long seq,
                       List<String> invited) {
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
        if (invited != null && !invited.isEmpty()) {
            invited.forEach(n.putArray("invited")::add);
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

    /**
     * {@code {"type":"groupList","requestId"?,"groups":[{"groupId","chatId","name","role"}],"cursor"?,"more"}}: one
     * page; {@code cursor} (present when {@code more}) continues after its last group.
     */
    static String list(String requestId, GroupMemberStore.Page page) {
        ObjectNode n = Json.object();
        n.put("type", "groupList");
        if (requestId != null) {
            n.put("requestId", requestId);
        }
        ArrayNode list = n.putArray("groups");
        for (GroupMemberStore.Member m : page.memberships()) {
            ObjectNode e = list.addObject();
            e.put("groupId", m.groupId());
            e.put("chatId", ChatIds.group(m.groupId()));
            e.put("name", m.groupName());
            e.put("role", m.role().wire());
        }
        page.lastGroupId().ifPresent(g -> n.put("cursor", Base64.getUrlEncoder().withoutPadding()
                .encodeToString(g.getBytes(StandardCharsets.UTF_8))));
        n.put("more", page.lastGroupId().isPresent());
        return Json.write(n);
    }

    /** The group id in a {@code groupList} cursor; {@code INVALID_FIELD} for anything else. */
    static String decodeCursor(String cursor) {
        try {
            String groupId = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (ChatIds.isGroupId(groupId)) {
                return groupId;
            }
        } catch (IllegalArgumentException notBase64) {
            // fall through
        }
        throw ClientFrame.invalid("cursor", "is not a cursor returned by groupList");
    }

    /** {@code {"type":"ack","requestId"?,"action":"groupDecline","groupId"}}. */
    static String declined(String requestId, String groupId) {
        ObjectNode n = Json.object();
        n.put("type", "ack");
        if (requestId != null) {
            n.put("requestId", requestId);
        }
        n.put("action", "groupDecline");
        n.put("groupId", groupId);
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
