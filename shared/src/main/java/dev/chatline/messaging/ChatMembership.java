package dev.chatline.messaging;

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
}
