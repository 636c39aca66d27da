package dev.chatline.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** The frames of groups. */
public final class MembershipFrames {
    private MembershipFrames() {
    }

    /**
     * {@code groupInfo}: the reply to groupInfo and to every change; {@code seq} is the change's system message
     * (absent when nothing changed); after a leave only {@code left} and {@code seq}.
     */
    @JsonPropertyOrder({"type", "requestId", "groupId", "chatId", "name", "createdBy", "createdAt", "memberCount",
            "members", "left", "seq", "invited"})
    public record GroupInfo(String groupId, String chatId, String name, String createdBy, Long createdAt,
                            Integer memberCount, List<Member> members, Long seq, List<String> invited, Boolean left)
            implements ServerFrame {
        public static final String TYPE = "groupInfo";

        public record Member(String userId, String role, long memberSince) {
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code groupList}: a page of the caller's groups. */
    public record GroupList(List<Entry> groups, String cursor, boolean more) implements ServerFrame {
        public static final String TYPE = "groupList";

        public record Entry(String groupId, String chatId, String name, String role) {
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code groupInvite}: an admin invited the user (pushed, or on sync). */
    public record GroupInvite(String groupId, String chatId, String name, String invitedBy, long expiresAt)
            implements ServerFrame {
        public static final String TYPE = "groupInvite";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
