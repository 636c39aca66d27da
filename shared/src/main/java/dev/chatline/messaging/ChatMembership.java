package dev.chatline.messaging;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Whether a user belongs to a chat: the check behind every read or write of a chat's content (history, receipts,
 * media downloads). A direct chat answers from its id alone ({@link ChatIds}); a group chat answers from its member
 * table. Services take this seam instead of calling {@link ChatIds} so that every kind of chat is checked the same
 * way.
 */
@FunctionalInterface
public interface ChatMembership {
    /** Direct chats only: the two members are in the chat id; anything else is not a chat the user is in. */
    ChatMembership DIRECT = ChatIds::isMember;

    /** @return true only if {@code chatId} is a chat {@code userId} currently belongs to (never throws on bad ids) */
    boolean isMember(String chatId, String userId);

    /**
     * Where the user's current membership begins: the user may see and acknowledge only messages with a seq
     * greater than the returned value (0 = the whole chat, as in direct chats); empty if not a member.
     */
    default OptionalLong memberSince(String chatId, String userId) {
        return isMember(chatId, userId) ? OptionalLong.of(0) : OptionalLong.empty();
    }

    /**
     * {@link #memberSince} for several chats of one user at once (an implementation reads them in one batch); the
     * chats the user is not in are absent.
     */
    default Map<String, Long> memberSinceAll(String userId, Collection<String> chatIds) {
        Map<String, Long> out = new HashMap<>();
        for (String chatId : chatIds) {
            memberSince(chatId, userId).ifPresent(since -> out.put(chatId, since));
        }
        return out;
    }
}
