package dev.chatline.messaging;

import java.util.List;

/** Who a stored message went to, as far as is still known (for the per-recipient "message info" view). */
@FunctionalInterface
public interface ChatRoster {
    /** Direct chats: the sender's peer. */
    ChatRoster DIRECT = m -> List.of(ChatIds.peer(m.chatId(), m.senderUserId()));

    /** The users other than the sender who received {@code m} and are still members of its chat. */
    List<String> recipientsOf(StoredMessage m);
}
