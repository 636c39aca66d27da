package dev.chatline.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The group actions. A change ({@code groupCreate} ... {@code groupAccept}) may carry {@code opId}, the client's id
 * of the change: a retry with it gets the same outcome and applies nothing twice.
 */
public final class GroupActions {
    /** The most members of a group. */
    public static final int MAX_MEMBERS = 256;
    public static final int MAX_NAME = 100;
    /** Most groups in one {@code groupList} page (a page stays far inside API Gateway's 128 KB). */
    public static final int MAX_LIST_PAGE = 100;

    private GroupActions() {
    }

    private static String checkGroupId(String groupId) {
        return Check.groupId("groupId", Check.required("groupId", groupId));
    }

    /** {@code groupCreate}: the caller becomes admin; {@code userIds} (optional) up to 255 others. */
    public record GroupCreate(String opId, String name,
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> userIds) implements ClientMessage {
        public static final String ACTION = "groupCreate";

        public GroupCreate {
            Check.name("name", name, MAX_NAME);
            userIds = Check.optIdList("userIds", userIds, MAX_MEMBERS - 1);
            Check.id("opId", opId);
        }

        static GroupCreate read(ClientFrame f) {
            return new GroupCreate(f.optString("opId").orElse(null), f.optString("name").orElse(null),
                    f.optIdArray("userIds"));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code groupAdd}: an admin adds 1-255 users (or invites those whose settings do not allow it). */
    public record GroupAdd(String opId, String groupId, List<String> userIds) implements ClientMessage {
        public static final String ACTION = "groupAdd";

        public GroupAdd {
            checkGroupId(groupId);
            userIds = Check.idList("userIds", userIds, MAX_MEMBERS - 1);
            Check.id("opId", opId);
        }

        static GroupAdd read(ClientFrame f) {
            return new GroupAdd(f.optString("opId").orElse(null), f.optString("groupId").orElse(null),
                    f.optIdArray("userIds"));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code groupRemove}: an admin removes a member. */
    public record GroupRemove(String opId, String groupId, String userId) implements ClientMessage {
        public static final String ACTION = "groupRemove";

        public GroupRemove {
            checkGroupId(groupId);
            Check.requiredId("userId", userId);
            Check.id("opId", opId);
        }

        static GroupRemove read(ClientFrame f) {
            return new GroupRemove(f.optString("opId").orElse(null), f.optString("groupId").orElse(null),
                    f.optString("userId").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code groupLeave}: the caller leaves. */
    public record GroupLeave(String opId, String groupId) implements ClientMessage {
        public static final String ACTION = "groupLeave";

        public GroupLeave {
            checkGroupId(groupId);
            Check.id("opId", opId);
        }

        static GroupLeave read(ClientFrame f) {
            return new GroupLeave(f.optString("opId").orElse(null), f.optString("groupId").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code groupAdmin}: an admin makes a member admin. */
    public record GroupAdmin(String opId, String groupId, String userId) implements ClientMessage {
        public static final String ACTION = "groupAdmin";

        public GroupAdmin {
            checkGroupId(groupId);
            Check.requiredId("userId", userId);
            Check.id("opId", opId);
        }

        static GroupAdmin read(ClientFrame f) {
            return new GroupAdmin(f.optString("opId").orElse(null), f.optString("groupId").orElse(null),
                    f.optString("userId").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code groupAccept}: accept a pending invitation. */
    public record GroupAccept(String opId, String groupId) implements ClientMessage {
        public static final String ACTION = "groupAccept";

        public GroupAccept {
            checkGroupId(groupId);
            Check.id("opId", opId);
        }

        static GroupAccept read(ClientFrame f) {
            return new GroupAccept(f.optString("opId").orElse(null), f.optString("groupId").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code groupDecline}: decline a pending invitation. */
    public record GroupDecline(String groupId) implements ClientMessage {
        public static final String ACTION = "groupDecline";

        public GroupDecline {
            checkGroupId(groupId);
        }

        static GroupDecline read(ClientFrame f) {
            return new GroupDecline(f.optString("groupId").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code groupInfo}: a group's members (members only). */
    public record GroupInfo(String groupId) implements ClientMessage {
        public static final String ACTION = "groupInfo";

        public GroupInfo {
            checkGroupId(groupId);
        }

        static GroupInfo read(ClientFrame f) {
            return new GroupInfo(f.optString("groupId").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code groupList}: a page of the caller's groups after {@code cursor}, at most {@code limit}. */
    public record GroupList(Long limit, String cursor) implements ClientMessage {
        public static final String ACTION = "groupList";

        public GroupList {
            Check.range("limit", limit, 1, MAX_LIST_PAGE);
        }

        /** {@code limit}, or {@value #MAX_LIST_PAGE}. */
        public int limitOrDefault() {
            return limit == null ? MAX_LIST_PAGE : limit.intValue();
        }

        static GroupList read(ClientFrame f) {
            return new GroupList(f.optLong("limit").orElse(null), f.optString("cursor").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }
}
