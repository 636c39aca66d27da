package dev.chatline.groups;

import dev.chatline.messaging.ChatIds;
import dev.chatline.protocol.ClientFrame;
import java.util.List;
import java.util.regex.Pattern;

/** Validated fields of group frames. */
public final class GroupRequests {
    public static final int MAX_NAME = 100;
    /**
     * Most groups in one {@code groupList} page: an entry is at most ~800 bytes (a 100-character name of escaped
     * characters), so a page stays below 100 KB, inside API Gateway's 128 KB message limit, whatever the names.
     */
    public static final int MAX_LIST_PAGE = 100;
    /** A name: 1-100 characters, no control characters, not blank. */
    private static final Pattern NAME = Pattern.compile("[^\\p{Cntrl}]{1," + MAX_NAME + "}");

    private GroupRequests() {
    }

    public static String name(ClientFrame frame) {
        String name = frame.string("name");
        if (name.isBlank() || !NAME.matcher(name).matches()) {
            throw ClientFrame.invalid("name", "must be 1-" + MAX_NAME + " characters without control characters");
        }
        return name;
    }

    public static String groupId(ClientFrame frame) {
        String groupId = frame.id("groupId");
        if (!ChatIds.isGroupId(groupId)) {
            throw ClientFrame.invalid("groupId", "must be a group id");
        }
        return groupId;
    }

    /** {@code userIds}: 1..255 user ids (the creator or an existing member makes the 256th). */
    public static List<String> userIds(ClientFrame frame) {
        return frame.idList("userIds", GroupService.MAX_MEMBERS - 1);
    }

    /** {@code userIds} of {@code groupCreate}: optional (a group may start with its creator alone). */
    public static List<String> initialMembers(ClientFrame frame) {
        return frame.has("userIds") ? userIds(frame) : List.of();
    }

    public static String userId(ClientFrame frame) {
        return frame.id("userId");
    }

    /**
     * The optional client operation id of a change ({@code opId}, an id): a retry with the same id gets the same
     * outcome and applies nothing twice. Null when absent.
     */
    public static String opId(ClientFrame frame) {
        return frame.optId("opId").orElse(null);
    }

    /** {@code cursor} of {@code groupList}: the previous page's, if any. */
    public static java.util.Optional<String> cursor(ClientFrame frame) {
        return frame.optString("cursor");
    }

    /** {@code limit} of {@code groupList}: 1-{@value #MAX_LIST_PAGE}, default {@value #MAX_LIST_PAGE}. */
    public static int listLimit(ClientFrame frame) {
        return frame.optLong("limit", 1, MAX_LIST_PAGE).orElse((long) MAX_LIST_PAGE).intValue();
    }
}
