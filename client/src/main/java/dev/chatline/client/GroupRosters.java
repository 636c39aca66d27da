package dev.chatline.client;

import dev.chatline.client.groups.GroupRoster;
import dev.chatline.client.transport.ServerErrorException;
import dev.chatline.protocol.MembershipFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes the group's roster after each membership change this user (an admin) makes through the client: the
 * members, admins and invited users of the change's {@code groupInfo} reply, one version higher, sent pairwise
 * ({@value GroupRoster#CONTENT_TYPE}) to every member's devices and this user's other devices. Receivers keep it
 * ({@code RosterBook}) and give their sender key only to users it vouches for, so a member the server adds on its
 * own gets no key (see docs/client.md "Group rosters").
 */
final class GroupRosters {
    private static final Logger LOG = Logger.getLogger(GroupRosters.class.getName());
    private final DeviceContext ctx;
    private final EnvelopeSender envelopes;

    GroupRosters(DeviceContext ctx, EnvelopeSender envelopes) {
        this.ctx = ctx;
        this.envelopes = envelopes;
    }

    /** Publishes the roster described by a group change's {@code groupInfo} reply. */
    void publish(MembershipFrames.GroupInfo groupInfo) {
        String groupId = groupInfo.groupId();
        List<String> members = new ArrayList<>();
        List<String> admins = new ArrayList<>();
        (groupInfo.members() == null ? List.<MembershipFrames.GroupInfo.Member>of() : groupInfo.members())
                .forEach(m -> {
                    members.add(m.userId());
                    if ("admin".equals(m.role())) {
                        admins.add(m.userId());
                    }
                });
        Optional<GroupRoster> held = ctx.rosters.roster(groupId);
        TreeSet<String> invited = new TreeSet<>(held.map(GroupRoster::invited).orElse(List.of()));
        if (groupInfo.invited() != null) {
            invited.addAll(groupInfo.invited());
        }
        invited.removeAll(members);
        GroupRoster roster = GroupRoster.next(held.orElse(null), groupId, members, admins, invited);
        ctx.rosters.own(roster);
        byte[] bytes = roster.toBytes();
        for (String member : members) {
            if (member.equals(ctx.self().userId())) {
                continue;
            }
            try {
                envelopes.send(member, UUID.randomUUID().toString(), GroupRoster.CONTENT_TYPE, bytes, List.of());
            } catch (ServerErrorException e) {
                // no device yet, or a limit (e.g. keysFetch for many new contacts): the change itself stands, that
                // member gets the roster with the next change; until then its client uses the server's list
                LOG.log(Level.INFO, "roster of " + groupId + " not sent to " + member + ": " + e.code());
            }
        }
    }
}
