package dev.chatline.relay;

import dev.chatline.cells.CellRouter;
import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.ChatMembership;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code sync}'s membership check in a cell: a group of another cell has no member rows here, so its inbox rows are
 * trusted as they stand: the relay consumer wrote each one for a device the group's home chose when it stored the
 * message (a current member, after its {@code memberSince}). Everything else, and every other check
 * ({@link #isMember}, {@link #memberSince}: {@code history}, media, receipts), is the local membership's, so a user
 * of this cell can never read a replica of another cell's group by naming it.
 *
 * <p>Weakened invariant (docs/architecture.md, "Cells"): a member of another cell removed from a group still gets,
 * on its next {@code sync}, the group's messages relayed to its cell before the removal.
 */
public final class CellSyncMembership implements ChatMembership {
    private final ChatMembership local;
    private final CellRouter router;

    public CellSyncMembership(ChatMembership local, CellRouter router) {
        this.local = local;
        this.router = router;
    }

    @Override
    public boolean isMember(String chatId, String userId) {
        return local.isMember(chatId, userId);
    }

    @Override
    public OptionalLong memberSince(String chatId, String userId) {
        return local.memberSince(chatId, userId);
    }

    @Override
    public Map<String, Long> memberSinceAll(String userId, Collection<String> chatIds) {
        Map<String, Long> out = new HashMap<>();
        List<String> here = new ArrayList<>();
        for (String chatId : chatIds) {
            boolean remoteGroup = ChatIds.groupIdOf(chatId).flatMap(router::remoteGroupHome).isPresent();
            if (remoteGroup) {
                out.put(chatId, 0L);
            } else {
                here.add(chatId);
            }
        }
        out.putAll(local.memberSinceAll(userId, here));
        return out;
    }
}
