package dev.chatline.contacts;

import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.ChatStartListener;
import dev.chatline.messaging.StoredMessage;

/**
 * Records both users of a direct chat as each other's contacts when the chat gets its first message, and which of
 * them wrote it.
 */
public final class DirectChatContacts implements ChatStartListener {
    private final ContactStore contacts;

    public DirectChatContacts(ContactStore contacts) {
        this.contacts = contacts;
    }

    @Override
    public void chatStarted(StoredMessage first) {
        if (ChatIds.members(first.chatId()).isPresent()) {
            contacts.addPair(first.senderUserId(), ChatIds.peer(first.chatId(), first.senderUserId()),
                    first.serverTs());
        }
    }
}
