package dev.chatline.contacts;

import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.ChatStartListener;
import dev.chatline.messaging.StoredMessage;

/** Records both users of a direct chat as each other's contacts when the chat gets its first message. */
public final class DirectChatContacts implements ChatStartListener {
    private final ContactStore contacts;

    public DirectChatContacts(ContactStore contacts) {
        this.contacts = contacts;
    }

    @Override
    public void chatStarted(StoredMessage first) {
        ChatIds.members(first.chatId()).ifPresent(m -> contacts.addPair(m.get(0), m.get(1), first.serverTs()));
    }
}
