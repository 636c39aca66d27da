package dev.chatline.groups;

import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.ChatMembership;
import dev.chatline.messaging.ChatRoster;
import dev.chatline.messaging.StoredMessage;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Membership of direct and group chats: a direct chat answers from its id ({@link ChatIds}), a group chat
 * ({@code g:<groupId>}) from its member row (one strongly consistent GetItem), so a member who left or was removed
 * is refused at once.
 */
public final class GroupMembership implements ChatMembership, ChatRoster {
    private final GroupMemberStore members;

    public GroupMembership(GroupMemberStore members) {
        this.members = members;
    }

    @Override
    public boolean isMember(String chatId, String userId) {
        return memberSince(chatId, userId).isPresent();
    }

    @Override
    public OptionalLong memberSince(String chatId, String userId) {
        if (ChatIds.members(chatId).isPresent()) {
            return ChatMembership.DIRECT.memberSince(chatId, userId);
        }
        Optional<String> groupId = ChatIds.groupIdOf(chatId);
        if (groupId.isEmpty() || userId == null) {
            return OptionalLong.empty();
        }
        return members.get(groupId.get(), userId).map(m -> OptionalLong.of(m.memberSince()))
                .orElse(OptionalLong.empty());
    }

    @Override
    public List<String> recipientsOf(StoredMessage m) {
        Optional<String> groupId = ChatIds.groupIdOf(m.chatId());
        if (groupId.isEmpty()) {
            return ChatRoster.DIRECT.recipientsOf(m);
        }
        return members.members(groupId.get()).stream()
                .filter(x -> x.memberSince() < m.seq() && !x.userId().equals(m.senderUserId()))
                .map(GroupMemberStore.Member::userId).toList();
    }
}
