package dev.chatline.groups;

import dev.chatline.messaging.ChatIds;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.MembershipFrames;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The group frames as records of the protocol: {@code groupInfo} (also the reply of every change), {@code groupList}
 * (one page), the {@code groupDecline} ack. ({@code groupInvite} is built by {@link InviteNotices}.)
 */
final class GroupFrames {
    private GroupFrames() {
    }

    /**
     * {@code groupInfo}: the group and its members; {@code seq} (if &gt; 0) is the change's system message,
     * {@code invited} the users the change invited instead of adding.
     */
    static MembershipFrames.GroupInfo info(GroupStore.Group g, List<GroupMemberStore.Member> members, long seq,
                                           List<String> invited) {
        return new MembershipFrames.GroupInfo(g.groupId(), ChatIds.group(g.groupId()), g.name(), g.createdBy(),
                g.createdAt(), members.size(), members.stream().map(m -> new MembershipFrames.GroupInfo.Member(
                        m.userId(), m.role().wire(), m.memberSince())).toList(),
                seq > 0 ? seq : null, invited == null || invited.isEmpty() ? null : List.copyOf(invited), null);
    }

    /** The reply to a caller who is no longer a member after its change: {@code groupInfo} with {@code left:true}. */
    static MembershipFrames.GroupInfo left(String groupId, long seq) {
        return new MembershipFrames.GroupInfo(groupId, ChatIds.group(groupId), null, null, null, null, null, seq,
                null, true);
    }

    /** One page of {@code groupList}; {@code cursor} (present when {@code more}) continues after its last group. */
    static MembershipFrames.GroupList list(GroupMemberStore.Page page) {
        return new MembershipFrames.GroupList(page.memberships().stream()
                .map(m -> new MembershipFrames.GroupList.Entry(m.groupId(), ChatIds.group(m.groupId()), m.groupName(),
                        m.role().wire())).toList(),
                page.lastGroupId().map(GroupFrames::cursor).orElse(null), page.lastGroupId().isPresent());
    }

    /** The {@code groupList} cursor continuing after {@code groupId}. */
    static String cursor(String groupId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(groupId.getBytes(StandardCharsets.UTF_8));
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

    /** The {@code groupDecline} ack. */
    static Acks.GroupDeclineAck declined(String groupId) {
        return new Acks.GroupDeclineAck(groupId);
    }
}
