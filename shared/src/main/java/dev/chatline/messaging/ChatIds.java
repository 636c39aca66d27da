package dev.chatline.messaging;

import dev.chatline.protocol.WireIds;
import java.util.List;
import java.util.Optional;

/**
 * Chat ids. A direct chat between two users is {@code d:<userA>:<userB>} with the two user ids in ordinal (ASCII)
 * order, so both sides compute the same id without a lookup. A group chat is {@code g:<groupId>} (the group id is
 * server-generated, an id without {@code ':'}).
 *
 * <p>User ids taking part in direct chats must not contain {@code ':'}: otherwise {@code d:a:b:c} would be both
 * the chat of {@code a} and {@code b:c} and the chat of {@code a:b} and {@code c}, and the membership check would
 * admit strangers. {@link #direct} refuses such ids; {@link #members} parses only unambiguous ids. The syntax is
 * the protocol's ({@link WireIds}).
 */
public final class ChatIds {
    public static final String DIRECT_PREFIX = WireIds.DIRECT_PREFIX;
    public static final String GROUP_PREFIX = WireIds.GROUP_PREFIX;
    /** Longest possible chat id: prefix + two 128-character user ids + separator. */
    public static final int MAX_LENGTH = WireIds.MAX_CHAT_ID;

    private ChatIds() {
    }

    /** Whether {@code userId} can be part of a direct chat id (a valid id without {@code ':'}). */
    public static boolean isDirectChatUser(String userId) {
        return WireIds.isDirectChatUser(userId);
    }

    /** The direct chat of two distinct users. */
    public static String direct(String userA, String userB) {
        if (!isDirectChatUser(userA) || !isDirectChatUser(userB)) {
            throw new IllegalArgumentException("user ids in direct chats must be ids without ':'");
        }
        if (userA.equals(userB)) {
            throw new IllegalArgumentException("a direct chat needs two distinct users");
        }
        return userA.compareTo(userB) < 0 ? DIRECT_PREFIX + userA + ":" + userB : DIRECT_PREFIX + userB + ":" + userA;
    }

    /** The two members of a well-formed direct chat id, or empty if the id is not one (never throws). */
    public static Optional<List<String>> members(String chatId) {
        return WireIds.directMembers(chatId);
    }

    /** The chat id of a group. */
    public static String group(String groupId) {
        if (!isGroupId(groupId)) {
            throw new IllegalArgumentException("group ids are ids without ':'");
        }
        return GROUP_PREFIX + groupId;
    }

    /** Whether {@code groupId} is well-formed (an id without {@code ':'}). */
    public static boolean isGroupId(String groupId) {
        return isDirectChatUser(groupId);
    }

    /** The group id of a well-formed group chat id, or empty if the id is not one (never throws). */
    public static Optional<String> groupIdOf(String chatId) {
        return WireIds.groupIdOf(chatId);
    }

    /** A well-formed direct or group chat id. */
    public static boolean isValid(String chatId) {
        return WireIds.isChatId(chatId);
    }

    public static boolean isMember(String chatId, String userId) {
        return members(chatId).map(m -> m.contains(userId)).orElse(false);
    }

    /** The other member of a direct chat. */
    public static String peer(String chatId, String userId) {
        List<String> m = members(chatId).orElseThrow(() -> new IllegalArgumentException("not a direct chat id"));
        if (!m.contains(userId)) {
            throw new IllegalArgumentException(userId + " is not a member of the chat");
        }
        return m.get(0).equals(userId) ? m.get(1) : m.get(0);
    }
}
