package dev.chatline.groups;

import dev.chatline.messaging.ChatIds;
import dev.chatline.protocol.ClientFrame;
import java.util.List;
import java.util.regex.Pattern;

/** Validated fields of group frames. */
public final class GroupRequests {
    public static final int MAX_NAME = 100;
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
}
