package dev.chatline.groups;

import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.ChatMembership;
import dev.chatline.messaging.ChatRoster;
import dev.chatline.messaging.StoredMessage;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Membership of direct and group chats: a direct chat answers from its id ({@link ChatIds}), a group chat
 * ({@code g:<groupId>}) from its member row (one strongly consistent GetItem; several groups in one batch read), so
 * a member who left or was removed is refused at once.
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

    /** Direct chats from their ids; all group chats with one strongly consistent batch read of the user's rows. */
    @Override
    public Map<String, Long> memberSinceAll(String userId, Collection<String> chatIds) {
        Map<String, Long> out = new HashMap<>();
        Map<String, String> chatOfGroup = new HashMap<>();
        for (String chatId : chatIds) {
            if (ChatIds.members(chatId).isPresent()) {
                ChatMembership.DIRECT.memberSince(chatId, userId).ifPresent(since -> out.put(chatId, since));
            } else {
                ChatIds.groupIdOf(chatId).ifPresent(g -> chatOfGroup.put(g, chatId));
            }
        }
        if (!chatOfGroup.isEmpty()) {
            members.memberships(userId, chatOfGroup.keySet())
                    .forEach((groupId, m) -> out.put(chatOfGroup.get(groupId), m.memberSince()));
        }
        return out;
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
