package dev.chatline.client;

import dev.chatline.client.session.DeviceAddress;
import dev.chatline.client.transport.ServerErrorException;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.GroupActions;
import dev.chatline.protocol.MembershipFrames;
import dev.chatline.protocol.SendMessage;
import java.util.ArrayList;
import dev.chatline.client.groups.GroupRoster;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Sends group messages with sender keys: before the first message (and whenever a member device has not got it
 * yet), this device's sender key goes to each member as a pairwise 1:1 message ({@code contentType}
 * {@value #SKDM}, envelopes for all their devices and this user's other devices); then every group message is one
 * group ciphertext in {@code body} ({@code contentType} {@value #GROUP}) that the server fans out to all members.
 * When a member has left, the next send starts a new sender key (a new distribution id) and hands it only to the
 * remaining members, so a removed member cannot decrypt later messages even if it obtained the ciphertexts.
 */
final class GroupSender {
    static final String SKDM = "signal/skdm";
    static final String GROUP = "signal/group";

    private final DeviceContext ctx;
    private final EnvelopeSender envelopes;
    private final ChatListener listener;
    /** "groupId/userId" already warned about in this process (one warning per unvouched member). */
    private final Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    GroupSender(DeviceContext ctx, EnvelopeSender envelopes, ChatListener listener) {
        this.ctx = ctx;
        this.envelopes = envelopes;
        this.listener = listener;
    }

    SentMessage send(String groupId, String clientMsgId, byte[] plaintext, List<String> mediaIds) {
        int generation = distributeSenderKey(groupId);
        String body = ctx.locked(() -> ctx.senderKeys.encrypt(groupId, generation, plaintext));
        SendMessage frame = new SendMessage(clientMsgId, null, groupId, body, GROUP, List.of(), mediaIds);
        return SentMessage.of(clientMsgId, ctx.call(frame, Acks.SendMessageAck.class));
    }

    /**
     * Sends the sender key pairwise to every member whose devices have not all got it yet; first starts a new
     * sender key when a user who got the current one is no longer a member. Returns the key's generation.
     */
    private int distributeSenderKey(String groupId) {
        List<String> members = members(groupId);
        boolean someoneLeft = ctx.contacts.senderKeySentTo(groupId).stream()
                .map(name -> DeviceAddress.fromName(name).userId())
                .anyMatch(user -> !user.equals(ctx.self().userId()) && !members.contains(user));
        if (someoneLeft) {
            ctx.contacts.rotateSenderKey(groupId);
        }
        int generation = ctx.contacts.senderKeyGeneration(groupId);
        byte[] skdm = ctx.locked(() -> ctx.senderKeys.grant(groupId, generation).toBytes());
        Set<String> sentTo = ctx.contacts.senderKeySentTo(groupId);
        Optional<GroupRoster> roster = ctx.rosters.roster(groupId);
        for (String member : members) {
            if (member.equals(ctx.self().userId())) {
                continue;
            }
            if (roster.isPresent() && !roster.get().vouchesFor(member)) {
                if (warned.add(groupId + "/" + member)) {
                    listener.onGroupMembershipWarning(groupId, member, "listed as a member by the server, but no"
                            + " admin's roster names them: they get no sender key from this device");
                }
                continue;
            }
            List<DeviceAddress> known = ctx.contacts.devices(member);
            if (!known.isEmpty() && known.stream().allMatch(d -> sentTo.contains(d.name()))) {
                continue;
            }
            try {
                envelopes.send(member, UUID.randomUUID().toString(), SKDM, skdm, List.of());
            } catch (ServerErrorException e) {
                if ("UNKNOWN_RECIPIENT".equals(e.code())) {
                    continue; // no registered device yet: gets the key with the first group send after it registers
                }
                throw e;
            }
            // the send succeeded, so these are exactly the member's and this user's other devices
            List<DeviceAddress> reached = new ArrayList<>(ctx.contacts.devices(member));
            ctx.contacts.devices(ctx.self().userId()).stream().filter(d -> !d.equals(ctx.self())).forEach(reached::add);
            ctx.contacts.markSenderKeySent(groupId, reached);
        }
        return generation;
    }

    /** The group's current members ({@code groupInfo}). */
    List<String> members(String groupId) {
        MembershipFrames.GroupInfo info = ctx.socket().call(new GroupActions.GroupInfo(groupId),
                MembershipFrames.GroupInfo.class);
        return info.members() == null ? List.of()
                : info.members().stream().map(MembershipFrames.GroupInfo.Member::userId).toList();
    }
}
