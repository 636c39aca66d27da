package dev.chatline.groups;

import dev.chatline.auth.Identity;
import dev.chatline.connection.DeviceDirectory;
import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.ChatStore;
import dev.chatline.presence.BoundedParallel;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.send.ChatAudience;
import dev.chatline.send.SendMessageRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audience of a send to a direct chat (delegated) or a group: the sender must be a current member; recipients
 * are every other current member, with their devices. The member list is one strongly consistent Query; the
 * devices of all members are read concurrently (bounded), so a 256-member group costs 256 parallel reads, not 256
 * sequential round trips.
 */
public final class GroupAudience implements ChatAudience.Resolver {
    private final ChatAudience.Resolver direct;
    private final GroupMemberStore members;
    private final DeviceDirectory devices;
    private final BoundedParallel parallel;

    public GroupAudience(ChatAudience.Resolver direct, GroupMemberStore members, DeviceDirectory devices,
                         BoundedParallel parallel) {
        this.direct = direct;
        this.members = members;
        this.devices = devices;
        this.parallel = parallel;
    }

    /** The member Query runs beside the sender's rate limit; the members' devices are read only once it admitted. */
    @Override
    public ChatAudience resolve(Identity sender, SendMessageRequest request, Runnable admitted) {
        if (!request.isGroup()) {
            return direct.resolve(sender, request, admitted);
        }
        List<GroupMemberStore.Member> current = members.members(request.groupId());
        if (current.stream().noneMatch(m -> m.userId().equals(sender.userId()))) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "not a member of this group");
        }
        admitted.run();
        return of(request.groupId(), current, sender);
    }

    /** The audience of a message from {@code sender} to a group with these members (reads their devices). */
    public ChatAudience of(String groupId, List<GroupMemberStore.Member> current, Identity sender) {
        return of(groupId, current, sender, new HashMap<>());
    }

    /**
     * Like {@link #of(String, List, Identity)}, reading only the devices not yet in {@code known} (user → device
     * ids; filled with what is read, so one request reads each user's devices once).
     */
    public ChatAudience of(String groupId, List<GroupMemberStore.Member> current, Identity sender,
                           Map<String, List<String>> known) {
        List<String> userIds = new ArrayList<>(current.stream().map(GroupMemberStore.Member::userId).toList());
        userIds.add(sender.userId());
        devicesOf(userIds, known);
        List<ChatAudience.Recipient> recipients = current.stream().filter(m -> !m.userId().equals(sender.userId()))
                .map(m -> new ChatAudience.Recipient(m.userId(), m.memberSince(), known.get(m.userId()))).toList();
        return new ChatAudience(ChatIds.group(groupId), ChatStore.KIND_GROUP, recipients, known.get(sender.userId()));
    }

    /** Reads (concurrently, bounded) the devices of the users not yet in {@code known} into it. */
    public void devicesOf(List<String> userIds, Map<String, List<String>> known) {
        List<String> missing = userIds.stream().distinct().filter(u -> !known.containsKey(u)).toList();
        List<List<String>> read = parallel.map(missing, devices::deviceIds);
        for (int i = 0; i < missing.size(); i++) {
            known.put(missing.get(i), read.get(i));
        }
    }
}
