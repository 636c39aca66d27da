package dev.chatline.protocol;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The syntax of ids on the wire. Ids chosen by clients (user, device, message, group, media, op ids) match
 * {@link #ID}. A direct chat is {@code d:<userA>:<userB>} (the two user ids in ordinal order, so exactly one id per
 * pair; user ids in direct chats have no {@code ':'}, so the id is unambiguous); a group chat is {@code g:<groupId>}.
 */
public final class WireIds {
    /** Printable, none of the separators the server uses in keys ({@code #}). */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@+-]{1,128}");
    public static final String DIRECT_PREFIX = "d:";
    public static final String GROUP_PREFIX = "g:";
    /** Longest possible chat id: prefix + two 128-character user ids + separator. */
    public static final int MAX_CHAT_ID = DIRECT_PREFIX.length() + 128 + 1 + 128;

    private WireIds() {
    }

    /** Whether {@code userId} can be part of a direct chat id (an id without {@code ':'}). */
    public static boolean isDirectChatUser(String userId) {
        return userId != null && ID.matcher(userId).matches() && userId.indexOf(':') < 0;
    }

    /** Whether {@code groupId} is well-formed (an id without {@code ':'}). */
    public static boolean isGroupId(String groupId) {
        return isDirectChatUser(groupId);
    }

    /** The two members of a well-formed direct chat id, or empty if it is not one (never throws). */
    public static Optional<List<String>> directMembers(String chatId) {
        if (chatId == null || chatId.length() > MAX_CHAT_ID || !chatId.startsWith(DIRECT_PREFIX)) {
            return Optional.empty();
        }
        String rest = chatId.substring(DIRECT_PREFIX.length());
        int sep = rest.indexOf(':');
        if (sep < 0) {
            return Optional.empty();
        }
        String a = rest.substring(0, sep);
        String b = rest.substring(sep + 1);
        if (!isDirectChatUser(a) || !isDirectChatUser(b) || a.compareTo(b) >= 0) {
            return Optional.empty();
        }
        return Optional.of(List.of(a, b));
    }

    /** The group id of a well-formed group chat id, or empty (never throws). */
    public static Optional<String> groupIdOf(String chatId) {
        if (chatId == null || !chatId.startsWith(GROUP_PREFIX)) {
            return Optional.empty();
        }
        String groupId = chatId.substring(GROUP_PREFIX.length());
        return isGroupId(groupId) ? Optional.of(groupId) : Optional.empty();
    }

    /** A well-formed direct or group chat id. */
    public static boolean isChatId(String chatId) {
        return directMembers(chatId).isPresent() || groupIdOf(chatId).isPresent();
    }
}
